package train

import "cmp"

// argmax is the index of the largest value of v, ties to the lowest index
// (the no-op first): how every greedy policy here picks its action.
func argmax[T cmp.Ordered](v []T) int {
	best := 0
	for a, x := range v {
		if x > v[best] {
			best = a
		}
	}
	return best
}
