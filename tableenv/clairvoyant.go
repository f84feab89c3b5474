package tableenv

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// maxDPEntries bounds the clairvoyant optimum's work arrays: pipelines ×
// actions for the transitions, and positions × pipelines for the values.
const maxDPEntries = 1 << 26

// ErrTooLarge marks a dynamic problem whose exact solution would not fit
// the bounds: too many reachable pipelines for the series' length.
var ErrTooLarge = errors.New("tableenv: too large to solve exactly")

// Yardsticks are the exact values a dynamic spec's policies are measured
// against, each the expected return of an episode from the spec's start
// distribution (start row and series offset).
type Yardsticks struct {
	// Optimal is the clairvoyant optimum: the best return of a policy that
	// knows the coming load, from a finite-horizon dynamic program over
	// (position in the series, pipeline of pending changes), for every
	// start offset. It is the 100 of the normalized score.
	Optimal float64
	// Random is the uniformly random policy's expected return.
	Random float64
	// Static is the return of the best static configuration: the one an
	// operator provisions for the whole episode (in effect from the start,
	// never changed); StaticConfig names it in action-name form
	// ("replicas=3,cpu=1000").
	Static       float64
	StaticConfig string
	StaticConf   int // its configuration id (Model.ConfigName)
	// OptimalAt[o] is the clairvoyant optimum of an episode starting at
	// offset o of the series (averaged over start rows); nil without a load.
	OptimalAt []float64
	// Pipelines is the number of reachable (configuration, pending) states.
	Pipelines int

	// stateOpt and stateRnd are the values from each table state's
	// configuration with nothing pending (and, without a load, its
	// context), averaged over the spec's offsets.
	stateOpt, stateRnd []float64
}

// dpGraph is the deterministic transition graph of the pipelines reachable
// from the start configurations under one availability context.
type dpGraph struct {
	pipes []int32 // nPipes × pipeN
	next  []int32 // nPipes × nActions
	ok    []bool
	cost  []float64
	conf0 []int32 // configuration in effect under each pipeline
}

// buildGraph enumerates, breadth first, the pipelines reachable from the
// full pipelines of starts under availability context ctx.
func (d *dynamics) buildGraph(starts []int32, ctx int32) (*dpGraph, error) {
	g := &dpGraph{}
	ids := map[string]int32{}
	key := func(p []int32) string {
		b := make([]byte, 0, 4*len(p))
		for _, v := range p {
			b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
		return string(b)
	}
	add := func(p []int32) (int32, error) {
		k := key(p)
		if id, ok := ids[k]; ok {
			return id, nil
		}
		id := int32(len(ids))
		if (int(id)+1)*d.nActions > maxDPEntries {
			return 0, fmt.Errorf("%w: more than %d pipelines × actions", ErrTooLarge, maxDPEntries)
		}
		ids[k] = id
		g.pipes = append(g.pipes, p...)
		g.conf0 = append(g.conf0, d.confOfSlot(p, 0))
		return id, nil
	}
	p := make([]int32, d.pipeN)
	for _, c := range starts {
		d.fill(p, c)
		if _, err := add(p); err != nil {
			return nil, err
		}
	}
	nxt := make([]int32, d.pipeN)
	for x := 0; x < len(ids); x++ {
		src := g.pipes[x*d.pipeN : (x+1)*d.pipeN]
		for a := 0; a < d.nActions; a++ {
			ok, cost := d.advance(nxt, src, a, ctx)
			id, err := add(nxt)
			if err != nil {
				return nil, err
			}
			src = g.pipes[x*d.pipeN : (x+1)*d.pipeN] // add may have grown pipes
			g.next = append(g.next, id)
			g.ok = append(g.ok, ok)
			g.cost = append(g.cost, cost)
		}
	}
	return g, nil
}

// SolveDynamic computes a dynamic spec's yardsticks exactly. It fails with
// ErrTooLarge when the reachable pipelines times the series' positions
// exceed the work bound, and for a plain spec (Solve is its solver).
func SolveDynamic(m *Model) (*Yardsticks, error) {
	d := m.dyn
	if d == nil {
		return nil, errors.New("tableenv: SolveDynamic needs a dynamic spec (load, delay, change_cost or actions); use Solve")
	}
	ns := m.NumStates()
	// Start weights: the spec's start row, or each state's share of the rows.
	weight := make([]float64, ns)
	if r := m.Spec.Start.Row; r >= 0 {
		weight[m.rowState[r]] = 1
	} else {
		for st := range weight {
			weight[st] = float64(len(m.StateRows(st))) / float64(m.nRows)
		}
	}
	confOf := func(st int) int32 { return d.confOfGrid[d.code(m.StateLevels(st))] }
	y := &Yardsticks{stateOpt: make([]float64, ns), stateRnd: make([]float64, ns)}
	static := make([]float64, d.numConfigs())
	if d.load != nil {
		// The held context plays no part: every configuration starts a
		// pipeline, numbered first in configuration order.
		confs := make([]int32, d.numConfigs())
		for c := range confs {
			confs[c] = int32(c)
		}
		g, err := d.buildGraph(confs, 0)
		if err != nil {
			return nil, err
		}
		n := len(d.raw)
		np := len(g.conf0)
		if n*np > maxDPEntries {
			return nil, fmt.Errorf("%w: %d series positions × %d pipelines", ErrTooLarge, n, np)
		}
		y.Pipelines = np
		ctx := func(pos int) int32 { return d.ctxAt[pos] }
		opt, rnd := d.solveGraph(m, g, n, ctx)
		offsets := []int{d.load.Offset}
		if d.load.Offset < 0 {
			offsets = make([]int, n)
			for i := range offsets {
				offsets[i] = i
			}
		}
		y.OptimalAt = make([]float64, n)
		ws := make([]float64, len(confs))
		for st := 0; st < ns; st++ {
			c := int(confOf(st))
			ws[c] += weight[st]
			for o := range n {
				y.OptimalAt[o] += weight[st] * opt[o*np+c]
			}
			for _, o := range offsets {
				y.stateOpt[st] += opt[o*np+c] / float64(len(offsets))
				y.stateRnd[st] += rnd[o*np+c] / float64(len(offsets))
			}
		}
		static = d.staticValues(m, g, n, ctx, confs, ws, offsets)
	} else {
		// A held context: one graph per context, one position.
		for x := int32(0); x < int32(d.nCtx); x++ {
			var confs []int32
			var sts []int
			var ws []float64
			for st := 0; st < ns; st++ {
				if m.stateCtx[st] == x {
					confs, sts, ws = append(confs, confOf(st)), append(sts, st), append(ws, weight[st])
				}
			}
			g, err := d.buildGraph(confs, x)
			if err != nil {
				return nil, err
			}
			y.Pipelines += len(g.conf0)
			ctx := func(int) int32 { return x }
			opt, rnd := d.solveGraph(m, g, 1, ctx)
			// A configuration appears once per context, so start i is pipeline i.
			ids := make([]int32, len(confs))
			for i, st := range sts {
				ids[i] = int32(i)
				y.stateOpt[st], y.stateRnd[st] = opt[i], rnd[i]
			}
			for c, v := range d.staticValues(m, g, 1, ctx, ids, ws, []int{0}) {
				static[c] += v
			}
		}
	}
	for st, w := range weight {
		y.Optimal += w * y.stateOpt[st]
		y.Random += w * y.stateRnd[st]
	}
	y.Static, y.StaticConf = d.bestStatic(static)
	y.StaticConfig = d.confName(m, int32(y.StaticConf))
	return y, nil
}

// solveGraph runs backward induction over the horizon for every position
// at once: V_h(pos, x) = max_a [r(pos+1, x') + V_{h−1}(pos+1, x')], with r
// the mean reward of the configuration x' puts in effect at the load of
// pos+1, less the change cost (the invalid penalty for an invalid move).
// It returns the optimal and the random policy's values, positions ×
// pipelines.
func (d *dynamics) solveGraph(m *Model, g *dpGraph, n int, ctx func(int) int32) (opt, rnd []float64) {
	np, na := len(g.conf0), d.nActions
	pen := m.Spec.InvalidPenalty
	v, vr := make([]float64, n*np), make([]float64, n*np)
	nv, nvr := make([]float64, n*np), make([]float64, n*np)
	rew := make([]float64, np)
	for left := 1; left <= m.Spec.Horizon; left++ {
		for pos := 0; pos < n; pos++ {
			nxt := (pos + 1) % n
			cx := ctx(nxt)
			for x := 0; x < np; x++ {
				rew[x] = m.meanReward[d.stateAt[int(g.conf0[x])*d.nCtx+int(cx)]]
			}
			vn, vrn := v[nxt*np:(nxt+1)*np], vr[nxt*np:(nxt+1)*np]
			for x := 0; x < np; x++ {
				best, sum := math.Inf(-1), 0.0
				for a := 0; a < na; a++ {
					i := x*na + a
					t := g.next[i]
					r := pen
					if g.ok[i] {
						r = rew[t] - g.cost[i]
					}
					best = max(best, r+vn[t])
					sum += r + vrn[t]
				}
				nv[pos*np+x], nvr[pos*np+x] = best, sum/float64(na)
			}
		}
		v, nv = nv, v
		vr, nvr = nvr, vr
	}
	return v, vr
}

// bestStatic is the configuration of highest value (the first on a tie),
// and that value.
func (d *dynamics) bestStatic(value []float64) (float64, int) {
	best, bestC := math.Inf(-1), 0
	for c, v := range value {
		if v > best+1e-12 {
			best, bestC = v, c
		}
	}
	return best, bestC
}

// confName names configuration c as "replicas=3,cpu=1000".
func (d *dynamics) confName(m *Model, c int32) string {
	var b []byte
	for k, l := range d.confLevels[int(c)*d.nk : int(c+1)*d.nk] {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, m.Spec.Knobs[k].Name+"="...)
		b = strconv.AppendFloat(b, m.Levels[k][l], 'g', -1, 64)
	}
	return string(b)
}
