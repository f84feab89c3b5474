package tableenv

// The static policy of configuration c requests c and holds it: each step
// it takes the action whose requested configuration comes nearest c (in
// levels summed over the knobs), the lower action id on a tie, and the
// no-op when no valid action comes nearer. It is what an operator who
// provisions c for the whole episode does, starting from wherever the
// episode starts, and it is a policy of the environment, so its value
// never exceeds the clairvoyant optimum.

// staticAction is the static policy's action for target c under pipeline p.
func (d *dynamics) staticAction(p, scratch []int32, c int32, ctx int32) int {
	dist := d.requestDistance(p, c)
	best, bestA := dist, 0
	for a := 1; a < d.nActions && best > 0; a++ {
		if ok, _ := d.advance(scratch, p, a, ctx); ok {
			if dd := d.requestDistance(scratch, c); dd < best {
				best, bestA = dd, a
			}
		}
	}
	return bestA
}

// requestDistance is the level distance from p's requested configuration to c.
func (d *dynamics) requestDistance(p []int32, c int32) int32 {
	var sum int32
	for k := 0; k < d.nk; k++ {
		sum += abs32(p[d.pipeAt[k]+d.delay[k]] - d.confLevels[int(c)*d.nk+k])
	}
	return sum
}

// staticValues is, for each configuration c, the static policy's expected
// return summed over the start pipelines starts (weighted by weights) and
// averaged over offsets. The policy ignores the load, so its walk through
// the graph is the same from every offset and reaches a fixed point after
// a few steps; from there on its rewards are the fixed configuration's,
// summed along the series by cyclic prefix sums.
func (d *dynamics) staticValues(m *Model, g *dpGraph, n int, ctx func(int) int32, starts []int32, weights []float64, offsets []int) []float64 {
	nc, h, pen := d.numConfigs(), m.Spec.Horizon, m.Spec.InvalidPenalty
	// prefix[c*(n+1)+i] sums configuration c's mean reward over positions [0, i).
	prefix := make([]float64, nc*(n+1))
	for c := 0; c < nc; c++ {
		for i := 0; i < n; i++ {
			prefix[c*(n+1)+i+1] = prefix[c*(n+1)+i] + m.meanReward[d.stateAt[c*d.nCtx+int(ctx(i))]]
		}
	}
	// along sums configuration c's rewards over count positions from pos, cyclically.
	along := func(c int32, pos, count int) float64 {
		row := prefix[int(c)*(n+1) : int(c+1)*(n+1)]
		sum := float64(count/n) * row[n]
		pos, rest := pos%n, count%n
		if pos+rest <= n {
			return sum + row[pos+rest] - row[pos]
		}
		return sum + row[n] - row[pos] + row[pos+rest-n]
	}
	out := make([]float64, nc)
	scratch := make([]int32, d.pipeN)
	type stepRec struct {
		conf  int32
		r     float64 // the change cost, or the penalty's excess for an invalid move
		valid bool
	}
	var walk []stepRec
	for c := int32(0); c < int32(nc); c++ {
		for i, x0 := range starts {
			walk = walk[:0]
			x := x0
			for len(walk) < h {
				p := g.pipes[int(x)*d.pipeN : int(x+1)*d.pipeN]
				a := d.staticAction(p, scratch, c, ctx(0))
				e := int(x)*d.nActions + a
				if a == 0 && g.next[e] == x {
					break // the fixed point: the no-op and nothing pending
				}
				walk = append(walk, stepRec{g.conf0[g.next[e]], g.cost[e], g.ok[e]})
				x = g.next[e]
			}
			var sum float64
			for _, o := range offsets {
				for t, st := range walk {
					if st.valid {
						sum += m.meanReward[d.stateAt[int(st.conf)*d.nCtx+int(ctx((o+t+1)%n))]] - st.r
					} else {
						sum += pen
					}
				}
				if rest := h - len(walk); rest > 0 {
					sum += along(g.conf0[x], o+len(walk)+1, rest)
				}
			}
			out[c] += weights[i] * sum / float64(len(offsets))
		}
	}
	return out
}
