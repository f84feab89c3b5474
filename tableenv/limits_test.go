package tableenv

import (
	"errors"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
)

// modelOf builds the model of a whitespace table under a YAML spec.
func modelOf(t *testing.T, table, spec string) (*Model, error) {
	t.Helper()
	tb, err := dataset.Read(strings.NewReader(table), "t.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	s, err := dataset.ParseSpec([]byte(spec), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return NewModel(tb, s)
}

// TestNewModelRefuses: non-finite cells where a number must be finite, and
// models over the limits, are errors naming the key and the cell.
func TestNewModelRefuses(t *testing.T) {
	const spec = "knobs: [re]\ncontext: [ld]\nobserve: [o]\nreward: {column: rw}\nhorizon: 10\n"
	good := "re ld o rw\n1 1 1 1\n2 1 2 2\n"
	old := limits.Current()
	defer limits.Set(old)
	for _, c := range []struct {
		name, table, spec, want string
		edit                    func(*limits.Limits)
	}{
		{"inf knob", "re ld o rw\n1 1 1 1\ninf 1 1 1\n", spec, "s.yaml: knobs[0].column: t.txt:3: column 1 (re): not a number: the cell is +Inf", nil},
		{"nan knob", "re ld o rw\nnan 1 1 1\n", spec, "knobs[0].column: t.txt:2: column 1 (re): not a number: the cell is empty or NaN", nil},
		{"inf context", "re ld o rw\n1 -inf 1 1\n", spec, "context[0]: t.txt:2: column 2 (ld): not a number: the cell is -Inf", nil},
		{"inf observe", "re ld o rw\n1 1 1e999 1\n", spec, "observe[0]: t.txt:2: column 3 (o): not a number: the cell is +Inf", nil},
		{"inf reward", "re ld o rw\n1 1 1 Infinity\n", spec, "reward.column: t.txt:2: column 4 (rw): not a number: reward +Inf", nil},
		{"expr NaN", good, "knobs: [re]\nreward: {expr: \"(o - o) / (o - o)\"}\n", "reward.expr: t.txt:2: invalid spec: the reward comes to NaN (o=1)", nil},
		{"returns overflow", "re ld o rw\n1 1 1 1e308\n", spec, "s.yaml: reward: invalid spec: rewards (or the penalty) of magnitude 1e+308 over 10 steps overflow", nil},
		{"horizon × states", good, spec, "s.yaml: horizon: invalid spec: over the limit: horizon × states (10 × 2) is 20, the limit horizon_states is 19",
			func(l *limits.Limits) { l.HorizonStates = 19 }},
		{"model cells", good, spec, "s.yaml: invalid spec: over the limit: rows × observation length", func(l *limits.Limits) { l.ModelCells = 10 }},
	} {
		l := old
		if c.edit != nil {
			c.edit(&l)
		}
		limits.Set(l)
		_, err := modelOf(t, c.table, c.spec)
		var se *dataset.SpecError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a *SpecError containing %q", c.name, err, c.want)
		}
	}
}

// TestAllNullRewardWarns: a reward column null in every row is accepted,
// with a warning; one with a value is not warned of.
func TestAllNullRewardWarns(t *testing.T) {
	const spec = "knobs: [re]\nreward: {column: rw, missing: 0.5}\n"
	m, err := modelOf(t, "re rw\n1 NA\n2 nan\n", spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], `reward.column "rw" is null in every row: every reward is reward.missing (0.5)`) {
		t.Fatalf("warnings %q", m.Warnings)
	}
	if m, err = modelOf(t, "re rw\n1 NA\n2 3\n", spec); err != nil || len(m.Warnings) != 0 {
		t.Fatalf("one reward: warnings %q, %v", m.Warnings, err)
	}
}
