package train

import "math"

// MaxWidthScale caps SizedWidths: a hidden layer is at most this many
// times its base width, reached at 2⁴ = 16 × ReferenceStates states.
const MaxWidthScale = 2

// SizedWidths are the hidden layer widths of a network for a table of
// states recorded states: each base width for a table of up to
// ReferenceStates states, grown by the fourth root of the states beyond
// it, up to MaxWidthScale ×, and rounded to a multiple of 8 (the fused
// kernels' block width; see nn.MLP.SetFMA).
//
// A value network has to tell more states apart on a larger table, and
// its cost per update grows with the square of the width. Measured on
// DQN with `tablerl gen suite` tables, seeds 1–3 (mean normalized score):
// load10-7x7x7 (1,715 states) [64, 64] 98.2, [80, 80] 99.3, [96, 96] 99.2;
// load12-9x9x9-sparse (2,624) 99.2, 99.4, 99.5; load8-9x9x9-full (5,832)
// 98.4, 98.6, 99.0. The fourth root gives 80, 88 and 104 there, and keeps
// 64 up to 729 states, where [64, 64] was tuned.
func SizedWidths(base []int, states int) []int {
	scale := min(math.Pow(max(float64(states)/ReferenceStates, 1), 0.25), MaxWidthScale)
	w := make([]int, len(base))
	for i, b := range base {
		w[i] = max(8, 8*int(math.Round(float64(b)*scale/8)))
	}
	return w
}
