package dataset

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits of SuggestSpec's guesses.
const (
	maxKnobLevels    = 32 // a setting has a few levels
	maxSuggestKnobs  = 3  // more make a grid the table rarely covers
	maxSuggestObserv = 8
)

// rewardNames are column names that say they are a reward.
var rewardNames = []string{"reward", "score", "return", "utility", "objective"}

// SuggestSpec writes a starting spec for a table that has none, from its
// columns' summaries (Describe): as knobs the numeric columns without nulls
// whose few distinct values repeat (settings the recording varied), as the
// reward a column named like one or else the first other numeric column,
// and the rest as observations. It is a guess for a person to edit, with
// comments saying so; ok is false when no column looks like a knob.
func SuggestSpec(t *Table, cols []ColumnSummary) (spec string, ok bool) {
	var knobs, numeric []string
	for _, c := range cols {
		if c.Type != "float64" || c.Min == nil {
			continue
		}
		if len(knobs) < maxSuggestKnobs && c.Nulls == 0 && !c.DistinctMore &&
			c.Distinct >= 2 && c.Distinct <= maxKnobLevels && 2*c.Distinct <= t.NumRows() {
			knobs = append(knobs, c.Name)
			continue
		}
		numeric = append(numeric, c.Name)
	}
	if len(knobs) == 0 {
		return "", false
	}
	doc := struct {
		Knobs   []string          `yaml:"knobs,flow"`
		Observe []string          `yaml:"observe,flow,omitempty"`
		Reward  map[string]string `yaml:"reward,flow"`
	}{Knobs: knobs}
	why := "the first numeric column that is no knob: the one to maximize? (or {expr: ...})"
	reward := ""
	for _, n := range numeric {
		if slices.Contains(rewardNames, strings.ToLower(n)) {
			reward, why = n, "named like a reward"
			break
		}
	}
	if reward == "" && len(numeric) > 0 {
		reward = numeric[0]
	}
	if reward == "" {
		return "", false
	}
	doc.Reward = map[string]string{"column": reward}
	for _, n := range numeric {
		if n != reward && len(doc.Observe) < maxSuggestObserv {
			doc.Observe = append(doc.Observe, n)
		}
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return "", false
	}
	head := fmt.Sprintf("# A guess at a spec for %s: check it, then give it with --spec.\n"+
		"# knobs: numeric columns with 2 to %d distinct values that repeat (settings the recording varied)\n"+
		"# reward: %s\n", Quote(t.Path), maxKnobLevels, why)
	return head + string(b), true
}
