package tableenv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// dynEnv is an Env's state under a dynamic spec: the knobs' pipelines, the
// position in the load series and the observation it builds.
type dynEnv struct {
	d      *dynamics
	pipe   []int32 // current pipeline (dynamics.advance)
	next   []int32 // scratch for the next one
	held   int32   // the context tuple drawn at reset, without a load
	offset int     // the episode's start position in the series
	pos    int     // the current position
	fixed  int     // the spec's fixed offset, or -1
	obs    []float64
}

func newDynEnv(m *Model) *dynEnv {
	d := m.dyn
	fixed := -1
	if d.load != nil {
		fixed = d.load.Offset
	}
	return &dynEnv{d: d, pipe: make([]int32, d.pipeN), next: make([]int32, d.pipeN), fixed: fixed, obs: make([]float64, d.obsDim)}
}

// resetDyn starts a dynamic episode: the start row is drawn (or fixed) as
// for a plain spec and gives the configuration, with nothing pending; the
// offset in the series is drawn uniformly (or fixed), and a row of the
// configuration at the offset's load is drawn.
func (e *Env) resetDyn() ([]float64, Info) {
	x, d := e.dyn, e.dyn.d
	m := e.m
	row := e.start
	if row < 0 {
		row = e.intn(m.nRows)
	}
	st := int(m.rowState[row])
	c := d.confOfGrid[d.code(m.StateLevels(st))]
	d.fill(x.pipe, c)
	x.held = m.stateCtx[st]
	x.offset, x.pos = 0, 0
	if d.load != nil {
		x.offset = x.fixed
		if x.offset < 0 {
			x.offset = e.intn(len(d.raw))
		}
		x.pos = x.offset
		if s := int(d.stateAt[int(c)*d.nCtx+int(d.ctxAt[x.pos])]); s != st {
			st = s
			row = e.drawRow(s)
		}
	}
	e.row, e.state, e.steps = row, st, 0
	return e.dynObs(), e.info(true)
}

// stepDyn advances a dynamic episode by one step under action a: the
// pipeline shifts, the series moves on, and the configuration now in
// effect earns a drawn row's reward less the change cost of the move (or
// the invalid penalty, the no-op's shift taking its place).
func (e *Env) stepDyn(a int) (obs []float64, reward float64, terminated, truncated bool, info Info) {
	x, d, m := e.dyn, e.dyn.d, e.m
	valid, cost := d.advance(x.next, x.pipe, a, d.ctxAtPos(x.pos, x.held))
	x.pipe, x.next = x.next, x.pipe
	if d.load != nil {
		x.pos++
		if x.pos == len(d.raw) {
			x.pos = 0
		}
	}
	st := int(d.stateOfSlot(x.pipe, 0, d.ctxAtPos(x.pos, x.held)))
	e.row, e.state = e.drawRow(st), st
	if valid {
		reward = m.reward[e.row] - cost
	} else {
		reward = m.Spec.InvalidPenalty
	}
	e.steps++
	return e.dynObs(), reward, false, e.steps >= e.limit, e.info(valid)
}

// drawRow draws one of state s's rows uniformly.
func (e *Env) drawRow(s int) int {
	m := e.m
	lo, hi := m.rowStart[s], m.rowStart[s+1]
	return int(m.rowsByState[int(lo)+e.intn(int(hi-lo))])
}

// dynObs builds the observation of the current row, pipeline and position
// in the layout of dynamics.buildObsLayout.
func (e *Env) dynObs() []float64 {
	x, d, m := e.dyn, e.dyn.d, e.m
	o := x.obs[:0]
	row := m.Observation(e.row)
	o = append(o, row[:d.plainA]...)
	o = append(o, row[d.plainB:]...)
	ctx := d.ctxAtPos(x.pos, x.held)
	for a := 1; a < d.nActions; a++ {
		v := 0.0
		if ok, _ := d.advance(x.next, x.pipe, a, ctx); ok {
			v = 1
		}
		o = append(o, v)
	}
	if l := d.load; l != nil {
		n := len(d.scaled)
		o = append(o, d.scaled[x.pos])
		for i := 1; i <= l.History; i++ {
			o = append(o, d.scaled[((x.pos-i)%n+n)%n])
		}
		o = append(o, d.ewma[x.pos])
		for _, p := range []int{l.Day, l.Week} {
			if p > 0 {
				ph := 2 * math.Pi * float64(x.pos%p) / float64(p)
				o = append(o, math.Sin(ph), math.Cos(ph))
			}
		}
	}
	for k := 0; k < d.nk; k++ {
		p := d.pipeAt[k]
		for j := 1; j <= d.delay[k]; j++ {
			o = append(o, float64(x.pipe[p+j]-x.pipe[p]))
		}
	}
	return o
}

// observation is the environment's current observation.
func (e *Env) observation() []float64 {
	if e.dyn != nil {
		return e.dynObs()
	}
	return e.m.Observation(e.row)
}

// Position is the current position in the load series (0 without one).
func (e *Env) Position() int {
	if e.dyn == nil {
		return 0
	}
	return e.dyn.pos
}

// Load is the current load in the context column's units (the series
// scaled, before snapping), NaN without a load series.
func (e *Env) Load() float64 {
	if e.dyn == nil || e.dyn.d.load == nil {
		return math.NaN()
	}
	return e.dyn.d.scaled[e.dyn.pos]
}

// Pending writes knob k's levels (1-based) that take effect 0..delay steps
// from now into dst: dst[0] is the level in effect, the last the level
// requested most recently. A plain spec's is the current level alone.
func (e *Env) Pending(k int, dst []int) []int {
	dst = dst[:0]
	if e.dyn == nil {
		return append(dst, int(e.m.StateLevels(e.state)[k])+1)
	}
	d := e.dyn.d
	for _, l := range e.dyn.pipe[d.pipeAt[k] : d.pipeAt[k]+d.delay[k]+1] {
		dst = append(dst, int(l)+1)
	}
	return dst
}

// SetOffset fixes the start position in the load series (offset < 0:
// drawn uniformly each episode, or the spec's fixed one when it has one).
func (e *Env) SetOffset(offset int) {
	if e.dyn != nil {
		e.dyn.fixed = offset
		if offset < 0 && e.dyn.d.load != nil {
			e.dyn.fixed = e.dyn.d.load.Offset
		}
	}
}

// appendState appends the pipeline, held context, offsets and position
// (Env.MarshalBinary), so a resumed run continues the same episode.
func (x *dynEnv) appendState(b []byte) []byte {
	for _, v := range []int{int(x.held), x.offset, x.pos, x.fixed} {
		b = binary.LittleEndian.AppendUint64(b, uint64(int64(v)))
	}
	for _, l := range x.pipe {
		b = binary.LittleEndian.AppendUint32(b, uint32(l))
	}
	return b
}

// restoreState reads what appendState wrote, checking it fits the model,
// and returns the bytes after it.
func (x *dynEnv) restoreState(b []byte) ([]byte, error) {
	d := x.d
	if len(b) < 32+4*d.pipeN {
		return nil, errors.New("tableenv: dynamic environment state too short")
	}
	get := func(i int) int { return int(int64(binary.LittleEndian.Uint64(b[8*i:]))) }
	held, offset, pos, fixed := get(0), get(1), get(2), get(3)
	n := max(1, len(d.raw))
	if held < 0 || held >= d.nCtx || offset < 0 || offset >= n || pos < 0 || pos >= n || fixed >= n {
		return nil, fmt.Errorf("tableenv: dynamic environment state (position %d of %d) does not fit this model", pos, n)
	}
	pipe := make([]int32, d.pipeN)
	for i := range pipe {
		pipe[i] = int32(binary.LittleEndian.Uint32(b[32+4*i:]))
	}
	for k := 0; k < d.nk; k++ {
		for j := 0; j <= d.delay[k]; j++ {
			if l := pipe[d.pipeAt[k]+j]; l < 0 || int(l) >= d.nLevels[k] {
				return nil, fmt.Errorf("tableenv: dynamic environment state: knob %d at level %d of %d", k, l, d.nLevels[k])
			}
		}
	}
	for j := 0; j <= d.maxD; j++ {
		if d.confOfSlot(pipe, j) < 0 {
			return nil, errors.New("tableenv: dynamic environment state: an unrecorded configuration in effect")
		}
	}
	x.held, x.offset, x.pos, x.fixed = int32(held), offset, pos, fixed
	copy(x.pipe, pipe)
	return b[32+4*d.pipeN:], nil
}
