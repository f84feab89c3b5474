package ope

import (
	"math"
	"slices"

	"github.com/tablerl/tablerl/train"
)

// Score is one estimator's accuracy across policies against their exact values.
type Score struct {
	Estimator string
	// MAE is the mean absolute error; RelErr the mean of |error| / |exact|
	// (over policies whose exact value is not 0).
	MAE, RelErr float64
	// Spearman is the rank correlation of the estimates with the exact
	// values (ties ranked by their mean); NaN for fewer than two policies.
	Spearman float64
	// Regret1 is regret@1: the best exact value less the exact value of the
	// policy the estimator ranks first.
	Regret1 float64
	// Undefined counts the policies this estimator gave no value (NaN);
	// the scores are over the others.
	Undefined int
}

// Scores scores each estimator over the results.
func Scores(rs []Result) []Score {
	var out []Score
	for i, name := range Estimators {
		sc := Score{Estimator: name}
		var est, exact []float64
		var rel float64
		nrel := 0
		for _, r := range rs {
			v := r.Estimates[i].Value
			if math.IsNaN(v) || math.IsInf(v, 0) {
				sc.Undefined++
				continue
			}
			est, exact = append(est, v), append(exact, r.Exact)
			if r.Exact != 0 {
				rel += math.Abs(v-r.Exact) / math.Abs(r.Exact)
				nrel++
			}
		}
		sc.MAE, sc.RelErr, sc.Spearman, sc.Regret1 = nan, nan, nan, nan
		if n := len(est); n > 0 {
			sc.MAE = sumAbs(est, exact) / float64(n)
			best := slices.Max(exact)
			sc.Regret1 = best - exact[train.Argmax(est)]
		}
		if nrel > 0 {
			sc.RelErr = rel / float64(nrel)
		}
		if len(est) >= 2 {
			sc.Spearman = pearson(ranks(est), ranks(exact))
		}
		out = append(out, sc)
	}
	return out
}

func sumAbs(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += math.Abs(a[i] - b[i])
	}
	return s
}

// ranks are v's ranks from 1, ties given their mean rank.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// pearson is the correlation of a and b; NaN when either is constant.
func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma, mb = ma/n, mb/n
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return nan
	}
	return sab / math.Sqrt(saa*sbb)
}
