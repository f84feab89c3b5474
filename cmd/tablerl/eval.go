package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tablerl/tablerl/eval"
)

type evalPolicy struct {
	Name            string              `json:"name"`
	MeanReturn      float64             `json:"mean_return"`
	CI95            float64             `json:"ci95"`
	PctOfOptimal    *float64            `json:"pct_of_optimal"`   // null when the optimum is 0
	NormalizedScore *float64            `json:"normalized_score"` // null when the random policy is optimal
	InvalidRate     float64             `json:"invalid_rate"`
	Metrics         map[string]*float64 `json:"metrics"`   // mean per valid step; null where none was measured
	MeanDiff        float64             `json:"mean_diff"` // mean return minus the first policy's, paired
	PValue          *float64            `json:"p_value"`   // paired t-test against the first policy
}

type evalReport struct {
	Data          string       `json:"data"`
	Episodes      int          `json:"episodes"`
	Seed          uint64       `json:"seed"`
	StartRow      *int         `json:"start_row"`
	OptimalReturn float64      `json:"optimal_return"`
	RandomReturn  float64      `json:"random_return"`
	Policies      []evalPolicy `json:"policies"`
	CSV           string       `json:"csv,omitempty"`
	PNG           string       `json:"png,omitempty"`
}

// policyList collects repeated --policy flags.
type policyList []string

func (p *policyList) String() string     { return strings.Join(*p, ",") }
func (p *policyList) Set(s string) error { *p = append(*p, s); return nil }

func runEval(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("eval"))
	var tf tableFlags
	tf.register(fs)
	var names policyList
	fs.Var(&names, "policy", "a policy (repeat to compare; the first is the reference of the paired tests):\n"+eval.PolicyKinds)
	episodes := fs.Int("episodes", 1000, "episodes per policy")
	seed := fs.Uint64("seed", 1, "random seed: every policy meets the same starts and draws")
	anyData := fs.Bool("any-data", false, "evaluate a policy.json on data other than it was trained on")
	csvOut := fs.String("csv", "", "also write the comparison as CSV to this file")
	pngOut := fs.String("png", "", "also draw the comparison (bars with 95% CIs) as PNG to this file")
	quiet := fs.Bool("quiet", false, "no progress output")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return usagef("give at least one --policy")
	}
	if err := checkEpisodes(*episodes); err != nil {
		return err
	}
	t, m, sol, err := c.openSolved(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	ps, err := policies(names, eval.Source{Model: m, Table: t, Solution: sol, AnyData: *anyData,
		DataSHA: func() (string, error) { return t.Fingerprint(), nil },
		FileSHA: func() (string, error) { return fileSHA(pos) }})
	if err != nil {
		return err
	}
	bar := c.newProgress(len(ps), "eval", "policies", *quiet)
	cmp := eval.Compare(m, sol, ps, eval.RunConfig{Episodes: *episodes, Seed: *seed, StartRow: -1},
		func(done int) { bar.update(done, ps[done-1].Name()) })
	bar.finish()
	rep := evalReport{Data: t.Path, Episodes: *episodes, Seed: *seed,
		OptimalReturn: cmp.OptimalReturn, RandomReturn: cmp.RandomReturn, CSV: *csvOut, PNG: *pngOut}
	if start := m.Spec.Start.Row; !m.Spec.Start.Random() {
		rep.StartRow = &start
	}
	for _, p := range cmp.Policies {
		ep := evalPolicy{Name: p.Name, MeanReturn: p.MeanReturn, CI95: p.CI95, PctOfOptimal: known(p.PctOfOptimal),
			NormalizedScore: known(p.NormalizedScore), InvalidRate: p.InvalidRate, MeanDiff: p.Paired.MeanDiff,
			PValue: known(p.Paired.P), Metrics: metricsByName(m, p.Metrics)}
		rep.Policies = append(rep.Policies, ep)
	}
	if *csvOut != "" {
		if err := eval.WriteComparisonCSV(*csvOut, cmp); err != nil {
			return err
		}
	}
	if *pngOut != "" {
		if err := eval.WriteComparisonPNG(*pngOut, comparisonBars(cmp), cmp.OptimalReturn,
			fmt.Sprintf("%s: %d episodes %s", t.Path, *episodes, startText(m))); err != nil {
			return err
		}
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "%d episodes per policy %s (seed %d); exact optimal %.4f, exact random %.4f\n\n",
		rep.Episodes, startText(m), rep.Seed, rep.OptimalReturn, rep.RandomReturn)
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "policy\tmean return\t95% CI\t% of optimal\tnormalized\tinvalid\t")
	for _, n := range cmp.MetricNames {
		fmt.Fprintf(w, "%s\t", n)
	}
	fmt.Fprintf(w, "p vs %s\t\n", cmp.Policies[0].Name)
	for i, p := range cmp.Policies {
		fmt.Fprintf(w, "%s\t%.4f\t± %.4f\t%s\t%s\t%.1f%%\t", p.Name, p.MeanReturn, p.CI95, percent(p.PctOfOptimal, 2), number(p.NormalizedScore, 1), 100*p.InvalidRate)
		for _, v := range p.Metrics {
			fmt.Fprintf(w, "%.4g\t", v)
		}
		if i == 0 {
			fmt.Fprint(w, "—\t\n")
		} else {
			fmt.Fprintf(w, "%.3g\t\n", p.Paired.P)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, f := range []string{*csvOut, *pngOut} {
		if f != "" {
			fmt.Fprintf(c.stdout, "wrote %s\n", f)
		}
	}
	return nil
}

// policies builds the named policies; a malformed argument is a usage error.
func policies(names []string, src eval.Source) ([]eval.Policy, error) {
	ps := make([]eval.Policy, len(names))
	for i, name := range names {
		p, err := eval.NewPolicy(name, src)
		if errors.Is(err, eval.ErrPolicyArg) {
			return nil, usageError{fmt.Errorf("--policy %w", err)}
		}
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	return ps, nil
}

func comparisonBars(c *eval.Comparison) []eval.Bar {
	bars := make([]eval.Bar, len(c.Policies))
	for i, p := range c.Policies {
		bars[i] = eval.Bar{Name: p.Name, Mean: p.MeanReturn, CI95: p.CI95}
	}
	return bars
}
