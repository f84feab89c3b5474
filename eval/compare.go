package eval

import (
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// PolicyReport is one policy's line in a comparison.
type PolicyReport struct {
	Name       string
	Returns    []float64 // per episode
	MeanReturn float64
	CI95       float64 // the mean's 95% interval is MeanReturn ± CI95
	// PctOfOptimal is 100 × mean / the exact optimum, NaN when the optimum
	// is 0 (tableenv.PctOfOptimal).
	PctOfOptimal float64
	// NormalizedScore is D4RL's 100 × (mean − random) / (optimal − random),
	// with the exact random and optimal expectations: 0 is random, 100
	// optimal, NaN when the two are equal (tableenv.NormalizedScore).
	NormalizedScore float64
	// InvalidRate is the share of steps that hit an unrecorded configuration.
	InvalidRate float64
	// Metrics are the mean per valid step of each metric column (the drawn
	// rows' cost, out_tps, …; NaN where no step drew a value), in
	// Model.MetricNames order.
	Metrics []float64
	// Paired is the paired t-test of this policy's returns against the first
	// policy's (P is 1 for the first itself).
	Paired PairedTest
}

// Comparison is the result of Compare.
type Comparison struct {
	Episodes      int
	Seed          uint64
	StartRow      int // -1: the spec's start (see Model.Spec.Start)
	OptimalReturn float64
	RandomReturn  float64
	MetricNames   []string
	Policies      []PolicyReport
}

// Compare plays every policy for cfg.Episodes episodes with common random
// numbers and reports each against the exact optimum, the exact random
// policy and the first policy. sol is the model's solution (tableenv.Solve).
// progress, if set, is called after each policy with the number done.
func Compare(m *tableenv.Model, sol *tableenv.Solution, ps []Policy, cfg RunConfig, progress func(done int)) *Comparison {
	start := m.Spec.Start.Row
	if cfg.StartRow >= 0 {
		start = cfg.StartRow
	}
	c := &Comparison{Episodes: cfg.Episodes, Seed: cfg.Seed, StartRow: cfg.StartRow,
		OptimalReturn: sol.OptimalReturn(start), RandomReturn: sol.RandomReturn(start), MetricNames: m.MetricNames}
	for i, p := range ps {
		res := Run(m, p, cfg)
		s := Summarize(res.Returns)
		r := PolicyReport{Name: p.Name(), Returns: res.Returns, MeanReturn: s.Mean, CI95: s.CI95,
			PctOfOptimal:    tableenv.PctOfOptimal(s.Mean, c.OptimalReturn),
			NormalizedScore: tableenv.NormalizedScore(s.Mean, c.RandomReturn, c.OptimalReturn),
			InvalidRate:     float64(res.Invalid) / float64(res.Steps),
			Metrics:         make([]float64, len(res.MetricSums))}
		for j, sum := range res.MetricSums {
			r.Metrics[j] = math.NaN()
			if res.MetricCounts[j] > 0 {
				r.Metrics[j] = sum / float64(res.MetricCounts[j])
			}
		}
		first := res.Returns
		if i > 0 {
			first = c.Policies[0].Returns
		}
		r.Paired = Paired(res.Returns, first)
		c.Policies = append(c.Policies, r)
		if progress != nil {
			progress(i + 1)
		}
	}
	return c
}
