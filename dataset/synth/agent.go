package synth

import "math/rand/v2"

// agent is the exploring agent whose trajectory the table logs. Each interval
// it picks a move that stays in the grid: with probability Bias one that
// brings it closer to the nearest least-visited configuration, otherwise one
// uniformly at random (the no-op included). The random part makes the
// trajectory look like TeaStore's; the bias is what covers the grid: a pure
// random walk on 729 configurations needs far more than 12,000 steps to visit
// them all, and once all are visited it keeps the rows per configuration
// even.
type agent struct {
	bias   float64
	rng    *rand.Rand
	at     config
	visits [configs]int // rows logged per configuration
}

// newAgent starts the agent at a configuration drawn uniformly.
func newAgent(bias float64, rng *rand.Rand) *agent {
	return &agent{
		bias: bias,
		rng:  rng,
		at:   config{rng.IntN(levels), rng.IntN(levels), rng.IntN(levels)},
	}
}

// step records a row at the current configuration, then picks an action and
// moves; it returns the action and the new configuration.
func (g *agent) step() (int, config) {
	g.visits[g.at.index()]++
	var a int
	if g.rng.Float64() < g.bias {
		a = g.toward(g.target())
	} else {
		a = g.random()
	}
	g.at, _ = g.at.apply(a)
	return a, g.at
}

// random returns an action drawn uniformly among those that stay in the grid.
func (g *agent) random() int {
	var ok [numActions]int
	n := 0
	for a := range numActions {
		if _, in := g.at.apply(a); in {
			ok[n] = a
			n++
		}
	}
	return ok[g.rng.IntN(n)]
}

// target returns the nearest of the least-visited configurations, ties
// broken uniformly.
func (g *agent) target() config {
	var best config
	least, near, ties := -1, 0, 0
	for re := range levels {
		for heap := range levels {
			for cpu := range levels {
				c := config{re, heap, cpu}
				v, d := g.visits[c.index()], dist(g.at, c)
				switch {
				case least < 0 || v < least || v == least && d < near:
					best, least, near, ties = c, v, d, 1
				case v == least && d == near:
					// Reservoir sampling: the k-th tie replaces with probability 1/k.
					ties++
					if g.rng.IntN(ties) == 0 {
						best = c
					}
				}
			}
		}
	}
	return best
}

// toward returns an action drawn uniformly among those that bring the agent
// one step closer to t, or the no-op if it is there.
func (g *agent) toward(t config) int {
	var ok [numActions]int
	n := 0
	for a := 1; a < numActions; a++ {
		if c, in := g.at.apply(a); in && dist(c, t) < dist(g.at, t) {
			ok[n] = a
			n++
		}
	}
	if n == 0 {
		return noOp
	}
	return ok[g.rng.IntN(n)]
}
