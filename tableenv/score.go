package tableenv

import "math"

// PctOfOptimal is 100 × got / optimal, the share of the optimum a return
// earns. It is NaN where that share means nothing: an optimum of 0 (or not
// finite). Print NaN as "n/a" and encode it as JSON null.
func PctOfOptimal(got, optimal float64) float64 {
	return ratio(100*got, optimal)
}

// NormalizedScore is D4RL's 100 × (got − random) / (optimal − random): 0 is
// the uniformly random policy, 100 the optimum. It is NaN where the random
// policy is already optimal (optimal == random), since then every policy is
// as good as random and as good as optimal at once.
func NormalizedScore(got, random, optimal float64) float64 {
	return ratio(100*(got-random), optimal-random)
}

// WithinOptimum reports whether got is within frac of the optimum, measured
// on the scale from the random policy to the optimum:
//
//	optimal − got ≤ frac × |optimal − random|
//
// that is a normalized score of at least 100·(1 − frac). Unlike a share of
// the optimum it means the same for negative, zero and positive optima. When
// optimal == random the scale is empty and only a return at the optimum (or
// above, by rounding) is within. frac ≤ 0 reports false: "off"; so do
// returns that are not finite.
func WithinOptimum(got, random, optimal, frac float64) bool {
	if !(frac > 0) || !finite(got) || !finite(random) || !finite(optimal) {
		return false
	}
	return optimal-got <= frac*math.Abs(optimal-random)
}

// ratio is num / den, NaN when den is 0 or either is not finite.
func ratio(num, den float64) float64 {
	if den == 0 || !finite(num) || !finite(den) {
		return math.NaN()
	}
	return num / den
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
