package tableenv

// What rule-based policies need under a dynamic spec: the level a knob was
// last requested at (changes may be pending), the action that moves it by
// a number of levels in whatever action set the spec has, and the moves
// toward a configuration, held or scheduled by time of day.

// Requested is knob k's level (0-based) requested most recently: the level
// in effect once nothing is pending. A plain spec's is the current level.
func (e *Env) Requested(k int) int {
	if e.dyn == nil {
		return int(e.m.StateLevels(e.state)[k])
	}
	d := e.dyn.d
	return int(e.dyn.pipe[d.pipeAt[k]+d.delay[k]])
}

// MoveAction is the valid action that moves knob k's requested level by
// delta levels, or, where the action set has no such move or it is
// invalid, by the largest valid move of the same sign short of delta; 0
// (the no-op) where there is none. For a plain spec it is ±1 level.
func (e *Env) MoveAction(k, delta int) int {
	if delta == 0 {
		return 0
	}
	if e.dyn == nil {
		a := 1 + 2*k
		if delta < 0 {
			a++
		}
		if e.m.Next(e.state, a) < 0 {
			return 0
		}
		return a
	}
	x, d := e.dyn, e.dyn.d
	ctx := d.ctxAtPos(x.pos, x.held)
	sign := int32(1)
	if delta < 0 {
		sign, delta = -1, -delta
	}
	req := make([]int32, d.nk) // a small allocation: rules act once a step
	for j := range req {
		req[j] = x.pipe[d.pipeAt[j]+d.delay[j]]
	}
	for s := int32(delta); s >= 1; s-- {
		for a := 1; a < d.nActions; a++ {
			if c := d.actConf[a]; c >= 0 {
				if !d.setMoves(c, req, k, sign*s) {
					continue
				}
			} else if d.actKnob[a] != k || d.actStep[a] != sign*s {
				continue
			}
			if ok, _ := d.advance(x.next, x.pipe, a, ctx); ok {
				return a
			}
		}
	}
	return 0
}

// setMoves reports whether configuration c is req with knob k moved by step.
func (d *dynamics) setMoves(c int32, req []int32, k int, step int32) bool {
	for j, l := range d.confLevels[int(c)*d.nk : int(c+1)*d.nk] {
		want := req[j]
		if j == k {
			want += step
		}
		if l != want {
			return false
		}
	}
	return true
}

// TowardAction is the static policy's action toward configuration c (see
// static.go): the valid action that brings the requested configuration
// nearest c, the no-op once it is there.
func (e *Env) TowardAction(c int) int {
	if e.dyn == nil {
		return 0
	}
	x, d := e.dyn, e.dyn.d
	return d.staticAction(x.pipe, x.next, int32(c), d.ctxAtPos(x.pos, x.held))
}

// Schedule fits a scheduled policy on the load series: for each step of the
// day (of the whole series when it has no daily period), the configuration
// of highest mean reward over the series' positions at that time of day.
// Nil without a load.
func (m *Model) Schedule() []int {
	d := m.dyn
	if d == nil || d.load == nil {
		return nil
	}
	period := d.load.Day
	if period <= 0 || period > len(d.raw) {
		period = len(d.raw)
	}
	sched := make([]int, period)
	for slot := range sched {
		best := -1.0
		for c := 0; c < d.numConfigs(); c++ {
			var sum float64
			for pos := slot; pos < len(d.raw); pos += period {
				sum += m.meanReward[d.stateAt[c*d.nCtx+int(d.ctxAt[pos])]]
			}
			if c == 0 || sum > best+1e-12 {
				best, sched[slot] = sum, c
			}
		}
	}
	return sched
}

// ScheduledAction is the scheduled policy's action: toward the
// configuration sched (Model.Schedule) gives the time of day at which a
// change requested now takes effect (one step plus the longest delay on).
func (e *Env) ScheduledAction(sched []int) int {
	if e.dyn == nil || len(sched) == 0 {
		return 0
	}
	d := e.dyn.d
	pos := (e.dyn.pos + 1 + d.maxD) % len(d.raw)
	return e.TowardAction(sched[pos%len(sched)])
}
