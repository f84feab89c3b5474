package ope

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Estimators names the estimators in report order.
var Estimators = []string{"IS", "PDIS", "WIS", "DR", "WDR", "FQE", "MB"}

// Estimate is one estimator's value of one policy with its bootstrap CI.
type Estimate struct {
	Value, Lo, Hi float64
}

// Config sets the bootstrap.
type Config struct {
	// Bootstrap is the number of resamples of the episodes (0: no CI).
	Bootstrap int
	// Level is the CI's coverage (0.95).
	Level float64
	Seed  uint64
}

// Result is every estimator's estimate of a policy, by Estimators order,
// and its exact value.
type Result struct {
	Policy    string
	Exact     float64
	Estimates []Estimate
}

// Evaluate estimates p's value from d with every estimator. The bootstrap
// resamples the episodes with replacement, the same resamples for every
// policy and estimator (seeded by cfg.Seed); FQE and MB are refitted on
// each resample, DR and WDR keep the q̂ fitted on the whole log.
func Evaluate(d *Data, p *Policy, cfg Config) Result {
	pr := prepare(d, p)
	res := Result{Policy: p.Name, Exact: Exact(d.Log.Model(), p, d.Starts())}
	resamples := cfg.resamples(len(d.Episodes))
	for i := range Estimators {
		res.Estimates = append(res.Estimates, estimate(pr.estimator(i), len(d.Episodes), resamples, cfg.Level))
	}
	return res
}

// EvaluateEstimator is estimator i of Estimators alone, with its CI.
func EvaluateEstimator(d *Data, p *Policy, i int, cfg Config) Estimate {
	return estimate(prepare(d, p).estimator(i), len(d.Episodes), cfg.resamples(len(d.Episodes)), cfg.Level)
}

// estimator is estimator i as a function of the episodes' weights.
func (pr *prepared) estimator(i int) func(w []float64) float64 {
	return []func(w []float64) float64{
		pr.is, pr.pdis, pr.wis, pr.dr, pr.wdr,
		func(w []float64) float64 { _, v := fitFQE(pr.d, pr.p, w); return v },
		func(w []float64) float64 { return fitModel(pr.d, pr.p, w) },
	}[i]
}

// estimate is f on the whole log (every episode's weight 1) and the
// percentile CI of its values on the resamples.
func estimate(f func(w []float64) float64, n int, resamples [][]float64, level float64) Estimate {
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	est := Estimate{Value: f(ones), Lo: nan, Hi: nan}
	if len(resamples) > 0 {
		vals := make([]float64, 0, len(resamples))
		for _, w := range resamples {
			if v := f(w); !math.IsNaN(v) {
				vals = append(vals, v)
			}
		}
		est.Lo, est.Hi = percentiles(vals, level)
	}
	return est
}

// resamples draws cfg.Bootstrap resamples of n episodes as multiplicities.
func (cfg Config) resamples(n int) [][]float64 {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6f70_652d_6273_7470)) // "ope-bstp"
	out := make([][]float64, cfg.Bootstrap)
	for b := range out {
		w := make([]float64, n)
		for range n {
			w[rng.IntN(n)]++
		}
		out[b] = w
	}
	return out
}

// percentiles are the (1−level)/2 and (1+level)/2 quantiles of vals
// (NaN for none), by linear interpolation.
func percentiles(vals []float64, level float64) (lo, hi float64) {
	if len(vals) == 0 {
		return nan, nan
	}
	slices.Sort(vals)
	q := func(p float64) float64 {
		x := p * float64(len(vals)-1)
		i := int(x)
		if i+1 >= len(vals) {
			return vals[len(vals)-1]
		}
		return vals[i] + (x-float64(i))*(vals[i+1]-vals[i])
	}
	return q((1 - level) / 2), q((1 + level) / 2)
}
