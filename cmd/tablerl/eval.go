package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

type evalPolicy struct {
	Name         string  `json:"name"`
	MeanReturn   float64 `json:"mean_return"`
	CI95         float64 `json:"ci95"`
	PctOfOptimal float64 `json:"pct_of_optimal"`
	InvalidRate  float64 `json:"invalid_rate"`
}

type evalReport struct {
	Data          string       `json:"data"`
	Episodes      int          `json:"episodes"`
	Seed          uint64       `json:"seed"`
	StartRow      *int         `json:"start_row"`
	OptimalReturn float64      `json:"optimal_return"`
	RandomReturn  float64      `json:"random_return"`
	Policies      []evalPolicy `json:"policies"`
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
	fs.Var(&names, "policy", "a policy: a policy.json, 'random' or 'optimal' (repeat to compare)")
	episodes := fs.Int("episodes", 1000, "episodes per policy")
	seed := fs.Uint64("seed", 1, "random seed: every policy meets the same starts and draws")
	anyData := fs.Bool("any-data", false, "evaluate a policy.json on data other than it was trained on")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return usagef("give at least one --policy")
	}
	if err := checkEpisodes(*episodes); err != nil {
		return err
	}
	t, m, sol, err := openSolved(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	start := m.Spec.Start.Row
	rep := evalReport{Data: t.Path, Episodes: *episodes, Seed: *seed,
		OptimalReturn: sol.OptimalReturn(start), RandomReturn: sol.RandomReturn(start)}
	if !m.Spec.Start.Random() {
		rep.StartRow = &start
	}
	sha := ""
	for _, name := range names {
		p, err := policyNamed(name, m, sol, pos, &sha, *anyData)
		if err != nil {
			return err
		}
		res := eval.Run(m, p, eval.RunConfig{Episodes: *episodes, Seed: *seed, StartRow: -1})
		s := eval.Summarize(res.Returns)
		rep.Policies = append(rep.Policies, evalPolicy{Name: name, MeanReturn: s.Mean, CI95: s.CI95,
			PctOfOptimal: 100 * s.Mean / rep.OptimalReturn, InvalidRate: float64(res.Invalid) / float64(res.Steps)})
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "%d episodes per policy %s (seed %d); exact optimal %.4f, exact random %.4f\n\n",
		rep.Episodes, startText(m), rep.Seed, rep.OptimalReturn, rep.RandomReturn)
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "policy\tmean return\t95% CI\t% of optimal\tinvalid moves\t")
	for _, p := range rep.Policies {
		fmt.Fprintf(w, "%s\t%.4f\t± %.4f\t%.2f%%\t%.1f%%\t\n", p.Name, p.MeanReturn, p.CI95, p.PctOfOptimal, 100*p.InvalidRate)
	}
	return w.Flush()
}

// policyNamed builds the policy a --policy names; a policy.json is checked
// against the data (fingerprint, computed once into *sha) and the spec.
func policyNamed(name string, m *tableenv.Model, sol *tableenv.Solution, pos []string, sha *string, anyData bool) (eval.Policy, error) {
	switch name {
	case "random":
		return eval.NewRandom(), nil
	case "optimal":
		return &eval.Optimal{Solution: sol}, nil
	}
	pf, err := train.LoadPolicy(name)
	if err != nil {
		return nil, err
	}
	if *sha == "" {
		if *sha, err = dataSHA(pos); err != nil {
			return nil, err
		}
	}
	if err := pf.Check(m, *sha, anyData); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	g, err := pf.Greedy(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &eval.Greedy{Label: name, Policy: g}, nil
}
