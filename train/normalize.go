package train

import "gonum.org/v1/gonum/blas/blas64"

// obsNormalizer standardizes raw observations with the table's statistics.
// The statistics are fixed, unlike running ones, so a policy exported once
// carries its normalization with it and resumed runs need not save any.
//
// PPO multiplies by gain/std (its input gain folded in), DQN divides by std:
// the two round differently in the last bit, and keeping each one's rounding
// keeps the policies their seeds gave before the two shared this type.
type obsNormalizer struct {
	mean, scale []float64
	divide      bool // (v − mean) / scale, else (v − mean) · scale
}

// newGainNormalizer standardizes and multiplies by gain: (v − mean)·(gain/std).
func newGainNormalizer(mean, std []float64, gain float64) obsNormalizer {
	inv := make([]float64, len(std))
	for i, s := range std {
		inv[i] = gain / s
	}
	return obsNormalizer{mean: append([]float64(nil), mean...), scale: inv}
}

// newDivNormalizer standardizes as (v − mean)/std.
func newDivNormalizer(mean, std []float64) obsNormalizer {
	return obsNormalizer{mean: append([]float64(nil), mean...), scale: append([]float64(nil), std...), divide: true}
}

// apply writes the standardized obs (any number of rows) into dst.
func (z obsNormalizer) apply(dst, obs []float64) {
	d := len(z.mean)
	for i, v := range obs {
		j := i % d
		if z.divide {
			dst[i] = (v - z.mean[j]) / z.scale[j]
		} else {
			dst[i] = (v - z.mean[j]) * z.scale[j]
		}
	}
}

// dim is the observation width.
func (z obsNormalizer) dim() int { return len(z.mean) }

// matrix views x as a row-major rows×cols matrix; matrix(nil, r, c)
// allocates one.
func matrix(x []float64, rows, cols int) blas64.General {
	if x == nil {
		x = make([]float64, rows*cols)
	}
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: x[:rows*cols]}
}
