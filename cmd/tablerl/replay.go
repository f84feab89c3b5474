package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

type replayStep struct {
	Step    int                 `json:"step"`
	Action  string              `json:"action"`
	Valid   bool                `json:"valid"`
	Row     int                 `json:"row"`
	Knobs   map[string]float64  `json:"knobs"`   // in the table's units
	Metrics map[string]*float64 `json:"metrics"` // null where not measured
	Reward  float64             `json:"reward"`
	Return  float64             `json:"return"`
}

type replayReport struct {
	Data          string       `json:"data"`
	Policy        string       `json:"policy"`
	Seed          uint64       `json:"seed"`
	StartRow      int          `json:"start_row"`
	Return        float64      `json:"return"`
	OptimalReturn float64      `json:"optimal_return"` // exact, from this start row
	Steps         []replayStep `json:"steps"`
	CSV           string       `json:"csv,omitempty"`
	PNG           string       `json:"png,omitempty"`
}

func runReplay(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("replay"))
	var tf tableFlags
	tf.register(fs)
	policy := fs.String("policy", "", "the policy to replay (required):\n"+eval.PolicyKinds)
	seed := fs.Uint64("seed", 1, "random seed (the start row, if not fixed, and the rows drawn); the same as eval's first episode")
	delay := fs.Duration("delay", 0, "pause after each printed step, to watch it act (e.g. 1s)")
	anyData := fs.Bool("any-data", false, "replay a policy.json on data other than it was trained on")
	csvOut := fs.String("csv", "", "also write the steps as CSV to this file")
	pngOut := fs.String("png", "", "also draw the knobs and the cumulative reward over the steps as PNG to this file")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if *policy == "" {
		return usagef("give --policy")
	}
	if *delay < 0 {
		return usagef("--delay must not be negative, got %s", *delay)
	}
	t, m, sol, err := c.openSolved(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	ps, err := policies([]string{*policy}, eval.Source{Model: m, Table: t, Solution: sol, AnyData: *anyData,
		DataSHA: func() (string, error) { return t.Fingerprint(), nil },
		FileSHA: func() (string, error) { return fileSHA(pos) }})
	if err != nil {
		return err
	}
	var table *replayTable
	if !tf.json {
		table = newReplayTable(c.stdout, m)
	}
	steps := eval.Replay(m, ps[0], eval.RunConfig{Seed: *seed, StartRow: -1}, func(s eval.ReplayStep) {
		if table == nil {
			return
		}
		if s.Step == 1 {
			table.header()
		}
		table.row(s)
		if *delay > 0 {
			time.Sleep(*delay)
		}
	})
	start := eval.EpisodeStart(m, *seed, 0)
	rep := replayReport{Data: t.Path, Policy: ps[0].Name(), Seed: *seed, StartRow: start,
		OptimalReturn: sol.OptimalReturn(start), CSV: *csvOut, PNG: *pngOut}
	if len(steps) > 0 {
		rep.Return = steps[len(steps)-1].Return
	}
	if *csvOut != "" {
		if err := eval.WriteReplayCSV(*csvOut, m, steps); err != nil {
			return err
		}
	}
	if *pngOut != "" {
		title := fmt.Sprintf("%s on %s from row %d: return %.4f (optimal expected %.4f)", ps[0].Name(), t.Path, start, rep.Return, rep.OptimalReturn)
		if err := eval.WriteTracePNG(*pngOut, m, steps, title); err != nil {
			return err
		}
	}
	if tf.json {
		for _, s := range steps {
			rep.Steps = append(rep.Steps, jsonStep(m, s))
		}
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "\n%s from row %d (seed %d): return %.4f; the exact optimal expected return from this row %.4f\n",
		ps[0].Name(), start, *seed, rep.Return, rep.OptimalReturn)
	for _, f := range []string{*csvOut, *pngOut} {
		if f != "" {
			fmt.Fprintf(c.stdout, "wrote %s\n", f)
		}
	}
	return nil
}

func jsonStep(m *tableenv.Model, s eval.ReplayStep) replayStep {
	return replayStep{Step: s.Step, Action: s.Action, Valid: s.Valid, Row: s.Row, Reward: s.Reward, Return: s.Return,
		Knobs: knobsByName(m, s.Knobs), Metrics: metricsByName(m, s.Metrics)}
}

// replayTable prints a replay as a growing fixed-width table, a line a step.
type replayTable struct {
	w      io.Writer
	names  []string
	widths []int
}

func newReplayTable(w io.Writer, m *tableenv.Model) *replayTable {
	t := &replayTable{w: w, names: eval.ReplayHeader(m)}
	for _, n := range t.names {
		t.widths = append(t.widths, max(len(n), 9))
	}
	t.widths[0] = 4
	return t
}

func (t *replayTable) header() { t.line(t.names) }

func (t *replayTable) row(s eval.ReplayStep) {
	rec := []string{fmt.Sprint(s.Step), s.Action}
	for _, v := range s.Knobs {
		rec = append(rec, fmt.Sprintf("%g", v))
	}
	for _, v := range s.Dynamic {
		rec = append(rec, fmt.Sprintf("%.4g", v))
	}
	for _, v := range s.Metrics {
		rec = append(rec, metricText(v))
	}
	t.line(append(rec, fmt.Sprintf("%.4f", s.Reward), fmt.Sprintf("%.4f", s.Return)))
}

func (t *replayTable) line(fields []string) {
	var b strings.Builder
	for i, f := range fields {
		if i == 1 {
			fmt.Fprintf(&b, "  %-*s", t.widths[i]+1, f)
			continue
		}
		fmt.Fprintf(&b, " %*s", t.widths[i], f)
	}
	fmt.Fprintln(t.w, strings.TrimRight(b.String(), " "))
}
