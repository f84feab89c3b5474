package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

type inspectReport struct {
	Data          string                  `json:"data"`
	Spec          string                  `json:"spec"`
	Rows          int                     `json:"rows"`
	Columns       []dataset.ColumnSummary `json:"columns"`
	Configs       int                     `json:"configs"`
	Environment   tableenv.Description    `json:"environment"`
	StartRow      *int                    `json:"start_row"` // null: a uniformly drawn row
	OptimalReturn float64                 `json:"optimal_return"`
	RandomReturn  float64                 `json:"random_return"`
	Losses        *lossReport             `json:"losses,omitempty"` // with --policy
	// Dynamics, for a spec with load:, delay:, change_cost: or actions:
	// (the returns above are then its clairvoyant optimum and random value).
	Dynamics *dynamicsReport `json:"dynamics,omitempty"`
}

func runInspect(c *cli, args []string) error {
	cmd := commands()[0]
	fs := c.newFlags(cmd)
	var tf tableFlags
	tf.register(fs)
	policy := fs.String("policy", "", "a policy.json: where it loses against the optimum, by context and worst states (from a uniformly drawn row)")
	top := fs.Int("top", 10, "with --policy: how many worst states to list")
	anyData := fs.Bool("any-data", false, "with --policy: a policy.json trained on other data")
	asLog := fs.Bool("log", false, "read the table as the log its spec's log: section describes: transitions, episodes, actions, coverage")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	path := ""
	if len(pos) > 0 {
		path = pos[0]
	}
	t, err := openTable(path, tf.format)
	if err != nil {
		return err
	}
	if tf.spec == "" && !dataset.IsTeaStore(t) {
		defer t.Release()
		return c.describeTable(t, tf.json)
	}
	m, err := c.modelFor(t, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	if *asLog {
		return c.inspectLog(t, m, tf.json)
	}
	sol := tableenv.Solve(m)
	rep := inspectReport{Data: t.Path, Spec: m.Spec.Name, Rows: t.NumRows(), Columns: dataset.Describe(t),
		Environment: tableenv.Describe(m), OptimalReturn: sol.OptimalReturn(m.Spec.Start.Row),
		RandomReturn: sol.RandomReturn(m.Spec.Start.Row)}
	rep.Configs = rep.Environment.Configs
	if m.Dynamic() {
		if rep.Dynamics, err = newDynamicsReport(m); err != nil {
			return err
		}
	}
	if !m.Spec.Start.Random() {
		r := m.Spec.Start.Row
		rep.StartRow = &r
	}
	if *policy != "" {
		if *top < 0 {
			return usagef("--top must be at least 0, got %d", *top)
		}
		if m.Dynamic() {
			// Losses are by recorded state, which under a load or a delay
			// no longer determines what a policy does.
			return usagef("--policy: not for a spec with load:, delay:, change_cost: or actions: (compare with eval)")
		}
		pf, err := checkedPolicy(*policy, pos, t, m, *anyData)
		if err != nil {
			return err
		}
		g, err := pf.Greedy(m)
		if err != nil {
			return fmt.Errorf("%s: %w", *policy, err)
		}
		rep.Losses = newLossReport(m, eval.PolicyLosses(m, sol, g, *top), *policy)
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	d := rep.Environment
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "table\t%s: %d rows, %d columns\n", rep.Data, rep.Rows, len(rep.Columns))
	fmt.Fprintf(w, "spec\t%s: horizon %d, invalid penalty %g, actions %s\n", rep.Spec, d.Horizon, m.Spec.InvalidPenalty, strings.Join(d.Actions, " "))
	w.Flush()
	fmt.Fprintln(c.stdout, "\ncolumns")
	c.printColumns(rep.Columns)
	fmt.Fprintln(c.stdout, "\nknobs")
	for _, k := range d.Knobs {
		fmt.Fprintf(c.stdout, "  %s (column %s): %d levels %s\n", k.Name, k.Column, len(k.Levels), levels(k.Levels))
	}
	fmt.Fprintf(c.stdout, "\nconfigurations  %d recorded of %d possible", d.Configs, d.PossibleConfigs)
	if d.Contexts > 1 {
		fmt.Fprintf(c.stdout, " (%d context tuples)", d.Contexts)
	}
	fmt.Fprintf(c.stdout, "\nrows per config  min %d, median %g, max %d\n", d.RowsPerConfig.Min, d.RowsPerConfig.Median, d.RowsPerConfig.Max)
	fmt.Fprintf(c.stdout, "reward per row   mean %.4f, sd %.4f, min %.4f, max %.4f\n", d.Reward.Mean, d.Reward.SD, d.Reward.Min, d.Reward.Max)
	fmt.Fprintf(c.stdout, "\nexact expected return over %d steps, %s\n", d.Horizon, startText(m))
	fmt.Fprintf(c.stdout, "  optimal policy  %10.4f\n  random policy   %10.4f\n", rep.OptimalReturn, rep.RandomReturn)
	if rep.Dynamics != nil {
		rep.Dynamics.print(c.stdout)
	}
	if rep.Losses != nil {
		c.printLosses(rep.Losses)
	}
	return nil
}

// printColumns prints the columns' summaries as a table, their names quoted
// where they hold anything unprintable.
func (c *cli) printColumns(cols []dataset.ColumnSummary) {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "name\ttype\tnulls\tdistinct\tmin\tmax\t")
	for _, col := range cols {
		lo, hi := "", ""
		if col.Min != nil {
			lo, hi = fmt.Sprintf("%.6g", *col.Min), fmt.Sprintf("%.6g", *col.Max)
		}
		distinct := fmt.Sprint(col.Distinct)
		if col.DistinctMore {
			distinct = fmt.Sprintf(">%d", col.Distinct)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t\n", dataset.Quote(col.Name), col.Type, col.Nulls, distinct, lo, hi)
	}
	w.Flush()
}

// tableReport is inspect's report of a table without a spec.
type tableReport struct {
	Data          string                  `json:"data"`
	Spec          *string                 `json:"spec"` // null: none given, and not TeaStore's columns
	Rows          int                     `json:"rows"`
	Columns       []dataset.ColumnSummary `json:"columns"`
	SuggestedSpec string                  `json:"suggested_spec"` // YAML; "" when no column looks like a knob
}

// describeTable is inspect of a table with no spec: its columns, and a
// spec to start from.
func (c *cli) describeTable(t *dataset.Table, asJSON bool) error {
	rep := tableReport{Data: t.Path, Rows: t.NumRows(), Columns: dataset.Describe(t)}
	rep.SuggestedSpec, _ = dataset.SuggestSpec(t, rep.Columns)
	if asJSON {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "table  %s: %d rows, %d columns; no spec (give --spec FILE for the environment and the returns)\n\ncolumns\n", rep.Data, rep.Rows, len(rep.Columns))
	c.printColumns(rep.Columns)
	if rep.SuggestedSpec == "" {
		fmt.Fprintln(c.stdout, "\nno column looks like a knob (a numeric setting with a few distinct values that repeat); see the README's spec reference")
		return nil
	}
	fmt.Fprintf(c.stdout, "\nsuggested spec (save it, edit it, pass it with --spec):\n\n%s", rep.SuggestedSpec)
	return nil
}

func levels(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%g", x)
	}
	if len(parts) > 12 {
		parts = append(parts[:5], append([]string{"…"}, parts[len(parts)-5:]...)...)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// startText says where episodes start, with the start row's configuration.
func startText(m *tableenv.Model) string {
	if m.Spec.Start.Random() {
		return "from a uniformly drawn row"
	}
	r := m.Spec.Start.Row
	return fmt.Sprintf("from row %d (%s)", r, eval.ConfigText(m, m.KnobValues(m.StateOf(r), nil)))
}
