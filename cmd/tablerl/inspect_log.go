package main

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// logReport is inspect --log's report: the table read as its spec's log.
type logReport struct {
	Data string `json:"data"`
	Spec string `json:"spec"`
	tableenv.LogDescription
}

// inspectLog reports t read as the log of m's spec.
func (c *cli) inspectLog(t *dataset.Table, m *tableenv.Model, asJSON bool) error {
	l, err := tableenv.NewLog(m, t)
	if err != nil {
		return err
	}
	rep := logReport{Data: t.Path, Spec: m.Spec.Name, LogDescription: l.Describe()}
	if asJSON {
		return writeJSON(c.stdout, rep)
	}
	d := rep.LogDescription
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	fmt.Fprintf(c.stdout, "log          %s under spec %s\n", rep.Data, rep.Spec)
	fmt.Fprintf(c.stdout, "transitions  %d in %d episodes of %d to %d\n", d.Transitions, d.Episodes, d.EpisodeLength[0], d.EpisodeLength[1])
	fmt.Fprintf(c.stdout, "states       %d of %d visited\n", d.StatesVisited, d.States)
	fmt.Fprintf(c.stdout, "coverage     %d (state, action) pairs of %d valid (%.1f%%), %d in all\n", d.PairsCovered, d.PairsValid, pct(d.PairsCovered, d.PairsValid), d.Pairs)
	fmt.Fprintf(c.stdout, "propensity   %s\n", d.Propensity)
	fmt.Fprintf(c.stdout, "mean return  %.4f per logged episode\n", d.MeanReturn)
	if d.Inconsistent > 0 {
		fmt.Fprintf(c.stdout, "inconsistent %d transitions arrive elsewhere than the table model says their action leads\n", d.Inconsistent)
	}
	fmt.Fprintln(c.stdout, "\nactions")
	for _, a := range d.Actions {
		fmt.Fprintf(c.stdout, "  %-12s %7d  %5.1f%%\n", a.Action, a.Count, pct(a.Count, d.Transitions))
	}
	return nil
}
