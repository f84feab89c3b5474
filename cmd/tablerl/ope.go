package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/eval/ope"
	"github.com/tablerl/tablerl/tableenv"
)

type opeEstimate struct {
	Value *float64 `json:"value"` // null where the estimator has none (WIS with no weight)
	Lo    *float64 `json:"lo"`
	Hi    *float64 `json:"hi"`
}

type opePolicy struct {
	Name      string                 `json:"name"`
	Exact     float64                `json:"exact"`
	Estimates map[string]opeEstimate `json:"estimates"`
}

type opeScore struct {
	Estimator string   `json:"estimator"`
	MAE       *float64 `json:"mae"`
	RelErr    *float64 `json:"rel_err"`
	Spearman  *float64 `json:"spearman"`
	Regret1   *float64 `json:"regret_at_1"`
	Undefined int      `json:"undefined"`
}

type opeReport struct {
	Data     string `json:"data"`
	Episodes int    `json:"episodes"`
	Horizon  int    `json:"horizon"`
	Dropped  int    `json:"dropped"` // episodes shorter than the horizon, left out
	// Propensity is "logged" or "behaviour cloning" (estimated).
	Propensity string      `json:"propensity"`
	Behaviour  float64     `json:"behaviour_exact"` // the logging policy's exact value (its behaviour-cloned estimate)
	Bootstrap  int         `json:"bootstrap"`
	Level      float64     `json:"level"`
	Seed       uint64      `json:"seed"`
	Policies   []opePolicy `json:"policies"`
	Scores     []opeScore  `json:"scores"`
	PNG        string      `json:"png,omitempty"`
}

func runOPE(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("ope"))
	var tf tableFlags
	tf.register(fs)
	var names policyList
	fs.Var(&names, "policy", "a policy to estimate (repeat):\n"+eval.PolicyKinds)
	boot := fs.Int("bootstrap", 100, "bootstrap resamples of the episodes for the CIs (0: none)")
	level := fs.Float64("level", 0.95, "the CIs' coverage")
	seed := fs.Uint64("seed", 1, "random seed of the bootstrap")
	anyData := fs.Bool("any-data", false, "estimate a policy.json on data other than it was trained on")
	pngOut := fs.String("png", "", "also draw each estimate against the exact value as PNG to this file")
	quiet := fs.Bool("quiet", false, "no progress output")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	switch {
	case len(names) == 0:
		return usagef("give at least one --policy")
	case *boot < 0 || *boot > 100_000:
		return usagef("--bootstrap must be from 0 to 100000, got %d", *boot)
	case !(*level > 0 && *level < 1):
		return usagef("--level must be between 0 and 1, got %v", *level)
	}
	t, m, sol, err := c.openSolved(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	lg, err := tableenv.NewLog(m, t)
	if err != nil {
		return err
	}
	d, err := ope.NewData(lg)
	if err != nil {
		return err
	}
	ps, err := policies(names, eval.Source{Model: m, Table: t, Solution: sol, AnyData: *anyData,
		DataSHA: func() (string, error) { return t.Fingerprint(), nil },
		FileSHA: func() (string, error) { return fileSHA(pos) }})
	if err != nil {
		return err
	}
	rep := opeReport{Data: t.Path, Episodes: len(d.Episodes), Horizon: m.Horizon(), Dropped: d.Dropped,
		Propensity: lg.Describe().Propensity, Behaviour: ope.Exact(m, ope.Behaviour(lg), d.Starts()),
		Bootstrap: *boot, Level: *level, Seed: *seed, PNG: *pngOut}
	cfg := ope.Config{Bootstrap: *boot, Level: *level, Seed: *seed}
	bar := c.newProgress(len(ps), "ope", "policies", *quiet)
	var rs []ope.Result
	for i, p := range ps {
		r := ope.Evaluate(d, ope.NewPolicy(m, sol, p), cfg)
		rs = append(rs, r)
		op := opePolicy{Name: r.Policy, Exact: r.Exact, Estimates: map[string]opeEstimate{}}
		for j, e := range r.Estimates {
			op.Estimates[ope.Estimators[j]] = opeEstimate{Value: known(e.Value), Lo: known(e.Lo), Hi: known(e.Hi)}
		}
		rep.Policies = append(rep.Policies, op)
		bar.update(i+1, p.Name())
	}
	bar.finish()
	for _, s := range ope.Scores(rs) {
		rep.Scores = append(rep.Scores, opeScore{Estimator: s.Estimator, MAE: known(s.MAE), RelErr: known(s.RelErr),
			Spearman: known(s.Spearman), Regret1: known(s.Regret1), Undefined: s.Undefined})
	}
	if *pngOut != "" {
		var series []eval.EstimatePoints
		for j, name := range ope.Estimators {
			s := eval.EstimatePoints{Estimator: name}
			for _, r := range rs {
				s.Exact, s.Estimate = append(s.Exact, r.Exact), append(s.Estimate, r.Estimates[j].Value)
			}
			series = append(series, s)
		}
		if err := eval.WriteEstimatesPNG(*pngOut, series, fmt.Sprintf("%s: %d logged episodes", t.Path, len(d.Episodes))); err != nil {
			return err
		}
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	c.printOPE(rep, rs)
	return nil
}

func (c *cli) printOPE(rep opeReport, rs []ope.Result) {
	fmt.Fprintf(c.stdout, "log %s: %d episodes of %d transitions", rep.Data, rep.Episodes, rep.Horizon)
	if rep.Dropped > 0 {
		fmt.Fprintf(c.stdout, " (%d shorter left out)", rep.Dropped)
	}
	fmt.Fprintf(c.stdout, "\nbehaviour probabilities: %s", rep.Propensity)
	if rep.Propensity != "logged" {
		fmt.Fprint(c.stdout, " (estimated: the log has no propensity column)")
	}
	fmt.Fprintf(c.stdout, "\nlogged behaviour's exact value %.4f\n\nestimates", rep.Behaviour)
	if rep.Bootstrap > 0 {
		fmt.Fprintf(c.stdout, " and %g%% bootstrap CIs (%d resamples of the episodes, seed %d)", 100*rep.Level, rep.Bootstrap, rep.Seed)
	}
	fmt.Fprintln(c.stdout)
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "policy\texact\t")
	for _, n := range ope.Estimators {
		fmt.Fprintf(w, "%s\t", n)
	}
	fmt.Fprintln(w)
	for _, r := range rs {
		fmt.Fprintf(w, "%s\t%.3f\t", r.Policy, r.Exact)
		for _, e := range r.Estimates {
			fmt.Fprintf(w, "%s\t", num(e.Value))
		}
		fmt.Fprintln(w)
		if rep.Bootstrap > 0 {
			fmt.Fprint(w, "\t\t")
			for _, e := range r.Estimates {
				fmt.Fprintf(w, "[%s, %s]\t", num(e.Lo), num(e.Hi))
			}
			fmt.Fprintln(w)
		}
	}
	w.Flush()
	fmt.Fprintln(c.stdout, "\nestimators against the exact values, across the policies")
	w = tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "estimator\tabs error\trel error\tSpearman\tregret@1\tundefined\t")
	for _, s := range rep.Scores {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t\n", s.Estimator, numPtr(s.MAE), numPtr(s.RelErr), numPtr(s.Spearman), numPtr(s.Regret1), s.Undefined)
	}
	w.Flush()
}

// num prints an estimate compactly: huge importance-sampling values in
// exponent form, none as "-".
func num(v float64) string {
	switch {
	case v != v:
		return "-"
	case v > 1e5 || v < -1e5:
		return fmt.Sprintf("%.2g", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func numPtr(v *float64) string {
	if v == nil {
		return "-"
	}
	return num(*v)
}
