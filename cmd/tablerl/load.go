package main

import (
	"bytes"
	"fmt"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/tableenv"
)

// openTable loads DATA, or the embedded demo table when path is "".
func openTable(path, format string) (*dataset.Table, error) {
	f, err := dataset.ParseFormat(format)
	if err != nil {
		return nil, usageError{fmt.Errorf("--format: %w", err)}
	}
	if path == "" {
		return dataset.Read(bytes.NewReader(data.Demo), data.DemoName+" (embedded)", dataset.LoadOptions{Format: dataset.FormatWhitespace})
	}
	return dataset.Load(path, dataset.LoadOptions{Format: f})
}

// openModel loads a table, chooses its spec and builds the environment model;
// a --start-row overrides the spec's start.
func (c *cli) openModel(args []string, tf *tableFlags) (*dataset.Table, *tableenv.Model, error) {
	path := ""
	if len(args) > 0 {
		path = args[0]
	}
	t, err := openTable(path, tf.format)
	if err != nil {
		return nil, nil, err
	}
	m, err := c.modelFor(t, tf)
	if err != nil {
		return nil, nil, err
	}
	return t, m, nil
}

// modelFor chooses the spec of the loaded table t and builds its model; on
// an error t is released. The model's warnings go to stderr.
func (c *cli) modelFor(t *dataset.Table, tf *tableFlags) (*tableenv.Model, error) {
	spec, err := dataset.SpecFor(tf.spec, t)
	if err != nil {
		t.Release()
		return nil, err
	}
	if tf.startRow >= 0 {
		if int(tf.startRow) >= t.NumRows() {
			t.Release()
			return nil, usagef("--start-row %d: the table has %d rows (0 to %d)", tf.startRow, t.NumRows(), t.NumRows()-1)
		}
		s := *spec
		s.Start = dataset.Start{Row: int(tf.startRow)}
		spec = &s
	}
	m, err := tableenv.NewModel(t, spec)
	if err != nil {
		t.Release()
		return nil, err
	}
	for _, w := range m.Warnings {
		fmt.Fprintf(c.stderr, "tablerl: warning: %s\n", w)
	}
	return m, nil
}

// openSolved is openModel with the model's exact solution.
func (c *cli) openSolved(args []string, tf *tableFlags) (*dataset.Table, *tableenv.Model, *tableenv.Solution, error) {
	t, m, err := c.openModel(args, tf)
	if err != nil {
		return nil, nil, nil, err
	}
	return t, m, tableenv.Solve(m), nil
}

// checkEpisodes refuses an --episodes below 1 or over the episodes limit
// (each episode's return is kept, for the confidence interval).
func checkEpisodes(n int) error {
	if n < 1 {
		return usagef("--episodes must be at least 1, got %d", n)
	}
	if err := limits.Check("episodes", "--episodes", int64(n), limits.Current().Episodes); err != nil {
		return usagef("--episodes %d: %w", n, err)
	}
	return nil
}
