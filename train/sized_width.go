package train

import "math"

// MaxWidthScale caps SizedWidths: a hidden layer is at most this many
// times its base width, reached at 2⁵ = 32 × ReferenceStates states.
const MaxWidthScale = 2

// widthStep is the granularity of SizedWidths: a multiple of the fused
// kernels' block of 8 columns (see nn.MLP.SetFMA), and coarse, so that
// tables of similar size train networks of the same shape.
const widthStep = 16

// SizedWidths are the hidden layer widths of a network for a table of
// states recorded states: each base width for a table of up to
// ReferenceStates states, grown by the fifth root of the states beyond it,
// up to MaxWidthScale ×, and rounded to a multiple of 16.
//
// A value network has to tell more states apart on a larger table, and
// its cost per update grows with the square of the width. Measured on DQN
// with `tablerl gen suite` tables, seeds 1–3, mean / min normalized score:
// load10-7x7x7 (1,715 states) [64, 64] 98.2 / 98.0, [80, 80] 99.3 / 99.1,
// [96, 96] 99.2 / 99.1; load12-9x9x9-sparse (2,624) 99.2 / 99.1, 99.4 /
// 99.4, 99.5 / 99.5; load8-9x9x9-full (5,832) 98.4 / 98.1, 98.6 / 98.2,
// 99.0 / 98.4 (and [104, 104] 99.1 / 98.4). The rule gives 64 up to 729
// states, where [64, 64] was tuned, and 80, 80 and 96 on those three:
// widths measured to meet the benchmark's goal (mean ≥ 99, every seed ≥
// 97). A fixed [96, 96] took DQN 19–23 s on an idle 2-core machine on
// load12-9x9x9-sparse.
func SizedWidths(base []int, states int) []int {
	scale := min(math.Pow(max(float64(states)/ReferenceStates, 1), 0.2), MaxWidthScale)
	w := make([]int, len(base))
	for i, b := range base {
		w[i] = max(widthStep, widthStep*int(math.Round(float64(b)*scale/widthStep)))
	}
	return w
}
