package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tablerl/tablerl/dataset"
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
}

func runInspect(c *cli, args []string) error {
	cmd := commands()[0]
	fs := c.newFlags(cmd)
	var tf tableFlags
	tf.register(fs)
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	t, m, err := c.openModel(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	sol := tableenv.Solve(m)
	rep := inspectReport{Data: t.Path, Spec: m.Spec.Name, Rows: t.NumRows(), Columns: dataset.Describe(t),
		Environment: tableenv.Describe(m), OptimalReturn: sol.OptimalReturn(m.Spec.Start.Row),
		RandomReturn: sol.RandomReturn(m.Spec.Start.Row)}
	rep.Configs = rep.Environment.Configs
	if !m.Spec.Start.Random() {
		r := m.Spec.Start.Row
		rep.StartRow = &r
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
	w = tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "name\ttype\tnulls\tmin\tmax\t")
	for _, col := range rep.Columns {
		lo, hi := "", ""
		if col.Min != nil {
			lo, hi = fmt.Sprintf("%.6g", *col.Min), fmt.Sprintf("%.6g", *col.Max)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t\n", col.Name, col.Type, col.Nulls, lo, hi)
	}
	w.Flush()
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
	vals := m.KnobValues(m.StateOf(r), nil)
	parts := make([]string, len(vals))
	for k, v := range vals {
		parts[k] = fmt.Sprintf("%s=%g", m.Spec.Knobs[k].Name, v)
	}
	return fmt.Sprintf("from row %d (%s)", r, strings.Join(parts, " "))
}
