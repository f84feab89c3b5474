package train

import (
	"fmt"
	"slices"
)

// BatchGreedy is a Greedy that acts on many observations with one pass,
// as a network's matrix forward does; GreedyReturn uses it when a policy
// has it.
type BatchGreedy interface {
	Greedy
	// ActBatch writes to dst[i] the action Act returns for observation i of
	// obs, which holds len(dst) raw observations row-major.
	ActBatch(obs []float64, dst []int)
}

// forkingGreedy is a BatchGreedy that makes independent copies of itself,
// acting alike, so that GreedyReturn can act on a large table's
// observations on two cores: a network keeps its activations, so one
// policy cannot act on two batches at once.
type forkingGreedy interface {
	BatchGreedy
	// Fork returns a policy with the same actions and buffers of its own.
	Fork() BatchGreedy
}

var (
	_ forkingGreedy = (*MLPGreedy)(nil)
	_ forkingGreedy = (*DQNGreedy)(nil)
)

// Fork returns a copy of the policy, its network cloned (the fused kernels
// kept), that acts alike and can act concurrently with g.
func (g *MLPGreedy) Fork() BatchGreedy {
	return &MLPGreedy{net: g.net.Clone(), norm: g.norm, x: make([]float64, len(g.x))}
}

// Fork returns a copy of the policy, its network cloned (the fused kernels
// kept), that acts alike and can act concurrently with g.
func (g *DQNGreedy) Fork() BatchGreedy {
	return &DQNGreedy{net: g.net.Clone(), norm: g.norm, dueling: g.dueling, x: matrix(nil, 1, g.x.Cols)}
}

// ActBatch writes the action of the largest logit (the lowest on ties) for
// each raw observation of obs to dst, with one forward pass. Each row of a
// matrix product is computed as that row alone would be, so the actions are
// Act's.
func (g *MLPGreedy) ActBatch(obs []float64, dst []int) {
	n, d := len(dst), len(g.x)
	x := batchBuffer(&g.batch, obs, n, d, "ppo")
	g.norm.apply(x, obs)
	out := g.net.Forward(matrix(x, n, d))
	for i := range dst {
		dst[i] = dqnArgmax(out, i, false) // Act's rule: the first largest
	}
}

// ActBatch writes the greedy action for each raw observation of obs to dst,
// with one forward pass: Act's actions.
func (g *DQNGreedy) ActBatch(obs []float64, dst []int) {
	n, d := len(dst), g.x.Cols
	x := batchBuffer(&g.batch, obs, n, d, "train")
	g.norm.apply(x, obs)
	out := g.net.Forward(matrix(x, n, d))
	for i := range dst {
		dst[i] = dqnArgmax(out, i, g.dueling)
	}
}

// batchBuffer checks that obs holds n observations of d values and returns
// *buf resized to n×d, grown when it is too small.
func batchBuffer(buf *[]float64, obs []float64, n, d int, pkg string) []float64 {
	if len(obs) != n*d {
		panic(fmt.Sprintf("%s: %d observation values for %d actions of a policy taking %d inputs", pkg, len(obs), n, d))
	}
	*buf = slices.Grow((*buf)[:0], n*d)[:n*d]
	return *buf
}
