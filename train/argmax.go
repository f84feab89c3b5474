package train

import "cmp"

// Argmax is the index of the largest value of v, ties to the lowest index
// (the no-op first): how every greedy policy here picks its action, and how
// callers pick the action a policy's scores rank first.
func Argmax[T cmp.Ordered](v []T) int {
	best := 0
	for a, x := range v {
		if x > v[best] {
			best = a
		}
	}
	return best
}
