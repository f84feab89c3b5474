package tableenv

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tablerl/tablerl/dataset"
)

// maxGrid bounds the knobs' grid a dynamic spec indexes (one int32 per
// grid point), and maxDynActions the actions of a set: action set.
const (
	maxGrid       = 1 << 24
	maxDynActions = 1 << 16
)

// dynamics is what a dynamic spec (load:, delay:, change_cost: or a
// non-default actions:) adds to a Model. A plain spec has none, and its Env
// never reads it.
//
// A configuration is a knob-level tuple the table recorded (under any
// context). The environment's state is the pipeline of each knob: its level
// in effect now, then the levels that take effect 1..d steps from now (the
// last one the level requested most recently), and the position in the load
// series. Each step shifts the pipeline by one and appends the requested
// level; the row is drawn from the configuration in effect at the series'
// current load.
type dynamics struct {
	nk      int
	nLevels []int     // per knob
	delay   []int     // per knob
	cost    []float64 // per knob, per level moved
	pipeAt  []int     // knob k's pipeline is pipe[pipeAt[k] : pipeAt[k]+delay[k]+1]
	pipeN   int
	maxD    int

	// Configurations, numbered in state order (sorted by levels).
	confLevels []int32 // nConf × nk
	confOfGrid []int32 // mixed-radix grid code → configuration, -1 if unrecorded
	stride     []int
	confRows   []int // rows per configuration, for the start distribution

	// stateAt[c*nCtx+x] is the state of configuration c under context tuple
	// x, -1 where unavailable; with a load, the configuration's nearest
	// recorded level stands in (fallback marks it).
	nCtx     int
	stateAt  []int32
	fallback []bool

	// The load series, when the spec has one.
	load     *dataset.LoadTrace
	raw      []float64 // as read
	scaled   []float64 // in the context column's units
	ctxAt    []int32   // the context tuple each position snaps to
	ewma     []float64 // the exponentially weighted average at each position
	loadMean float64
	loadStd  float64

	// Actions: a step action moves knob actKnob by actStep levels; a set
	// action (actConf ≥ 0) requests configuration actConf.
	nActions int
	names    []string
	actKnob  []int
	actStep  []int32
	actConf  []int32

	// Observation: the row's observation less its move indicators (the
	// plain layout's [0:plainA] and [plainB:]), then one indicator per
	// action, then the load, pending and phase features.
	plainA, plainB int
	obsDim         int
	obsNames       []string
	obsMean        []float64
	obsStd         []float64
}

// ErrDynamics marks a dynamic spec the table cannot carry (a load without
// a context column, a grid too large to index).
var ErrDynamics = errors.New("tableenv: dynamic spec")

// buildDynamics indexes a dynamic spec's configurations, series, actions
// and observation. A plain spec's Model is left as it was.
func (m *Model) buildDynamics() error {
	s := m.Spec
	nk := len(m.Levels)
	d := &dynamics{nk: nk, delay: make([]int, nk), cost: make([]float64, nk), nCtx: len(m.ctxVals)}
	copy(d.delay, s.Delay)
	copy(d.cost, s.ChangeCost)
	d.pipeAt = make([]int, nk)
	for k := range nk {
		d.nLevels = append(d.nLevels, len(m.Levels[k]))
		d.pipeAt[k] = d.pipeN
		d.pipeN += d.delay[k] + 1
		d.maxD = max(d.maxD, d.delay[k])
	}
	if err := d.indexConfigs(m); err != nil {
		return err
	}
	if s.Load != nil {
		if err := d.indexLoad(m); err != nil {
			return err
		}
	}
	if err := d.indexActions(m); err != nil {
		return err
	}
	d.buildObsLayout(m)
	m.dyn = d
	// The public names describe what an Env gives and takes.
	m.ActionNames = d.names
	m.ObsNames, m.ObsMean, m.ObsStd = d.obsNames, d.obsMean, d.obsStd
	return nil
}

func (d *dynamics) indexConfigs(m *Model) error {
	nk := d.nk
	d.stride = make([]int, nk)
	g := 1
	for k := nk - 1; k >= 0; k-- {
		d.stride[k] = g
		g *= len(m.Levels[k])
		if g > maxGrid {
			return &dataset.SpecError{File: m.Spec.File, Key: "knobs", Err: fmt.Errorf("%w: the knobs' grid has more than %d configurations", ErrDynamics, maxGrid)}
		}
	}
	d.confOfGrid = make([]int32, g)
	for i := range d.confOfGrid {
		d.confOfGrid[i] = -1
	}
	var stateConf []int32
	for st := 0; st < m.NumStates(); st++ {
		code := d.code(m.StateLevels(st))
		c := d.confOfGrid[code]
		if c < 0 {
			c = int32(len(d.confRows))
			d.confOfGrid[code] = c
			d.confLevels = append(d.confLevels, m.StateLevels(st)...)
			d.confRows = append(d.confRows, 0)
		}
		stateConf = append(stateConf, c)
		d.confRows[c] += len(m.StateRows(st))
	}
	nc := len(d.confRows)
	d.stateAt = make([]int32, nc*d.nCtx)
	d.fallback = make([]bool, nc*d.nCtx)
	for i := range d.stateAt {
		d.stateAt[i] = -1
	}
	for st, c := range stateConf {
		d.stateAt[int(c)*d.nCtx+int(m.stateCtx[st])] = int32(st)
	}
	return nil
}

// code is the grid code of a level tuple.
func (d *dynamics) code(levels []int32) int {
	c := 0
	for k, l := range levels {
		c += int(l) * d.stride[k]
	}
	return c
}

// numConfigs is the number of recorded configurations.
func (d *dynamics) numConfigs() int { return len(d.confRows) }

// indexLoad reads the series, scales it onto the context column, snaps
// each position to the nearest recorded level, and fills every
// configuration's missing levels with its nearest recorded one.
func (d *dynamics) indexLoad(m *Model) error {
	s := m.Spec
	l := s.Load
	fail := func(key, msg string) error {
		return &dataset.SpecError{File: s.File, Key: key, Err: fmt.Errorf("%w: %s", dataset.ErrSpec, msg)}
	}
	if len(s.Context) != 1 {
		return fail("load.context", fmt.Sprintf("a load drives the spec's one context column; the spec has %d", len(s.Context)))
	}
	if l.Context != "" && l.Context != s.Context[0] {
		return fail("load.context", fmt.Sprintf("%s is not the spec's context column (%s)", dataset.Quote(l.Context), dataset.Quote(s.Context[0])))
	}
	raw, err := dataset.ReadSeries(l.File, l.Column)
	if err != nil {
		return &dataset.SpecError{File: s.File, Key: "load.file", Err: err}
	}
	n := len(raw)
	if l.Offset >= n {
		return fail("load.start.offset", fmt.Sprintf("offset %d is outside the series (%d values, 0 to %d)", l.Offset, n, n-1))
	}
	d.load, d.raw = l, raw
	// The recorded levels of the context column, ascending, and their tuple ids.
	levels := make([]float64, d.nCtx)
	for x, t := range m.ctxVals {
		levels[x] = t[0]
	}
	order := make([]int32, d.nCtx)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpFloat(levels[a], levels[b]) })
	sorted := make([]float64, d.nCtx)
	for i, x := range order {
		sorted[i] = levels[x]
	}
	lo, hi := slices.Min(raw), slices.Max(raw)
	d.scaled = make([]float64, n)
	for i, v := range raw {
		switch {
		case l.Factor > 0:
			d.scaled[i] = v * l.Factor
		case hi > lo:
			d.scaled[i] = sorted[0] + (v-lo)/(hi-lo)*(sorted[len(sorted)-1]-sorted[0])
		default: // a flat series sits mid-range
			d.scaled[i] = (sorted[0] + sorted[len(sorted)-1]) / 2
		}
	}
	d.ctxAt = make([]int32, n)
	for i, v := range d.scaled {
		j, _ := nearest(sorted, v)
		d.ctxAt[i] = order[j]
	}
	// Fallback: each configuration's nearest recorded level.
	for c := 0; c < d.numConfigs(); c++ {
		row := d.stateAt[c*d.nCtx : (c+1)*d.nCtx]
		for x := range row {
			if row[x] >= 0 {
				continue
			}
			best, bestDist := int32(-1), math.Inf(1)
			for _, y := range order {
				if st := row[y]; st >= 0 && !d.fallback[c*d.nCtx+int(y)] {
					if dist := math.Abs(levels[y] - levels[x]); dist < bestDist {
						best, bestDist = st, dist
					}
				}
			}
			row[x] = best
			d.fallback[c*d.nCtx+x] = true
		}
	}
	// The exponentially weighted average, warmed up over one pass of the
	// (cyclic) series so that position 0 has a history too.
	d.ewma = make([]float64, n)
	e := d.scaled[0]
	for pass := 0; pass < 2; pass++ {
		for i, v := range d.scaled {
			e = l.EWMA*v + (1-l.EWMA)*e
			d.ewma[i] = e
		}
	}
	var sum, sq float64
	for _, v := range d.scaled {
		sum += v
	}
	d.loadMean = sum / float64(n)
	for _, v := range d.scaled {
		sq += (v - d.loadMean) * (v - d.loadMean)
	}
	d.loadStd = math.Sqrt(sq / float64(n))
	if d.loadStd < 1e-12 {
		d.loadStd = 1
	}
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// indexActions lists the action set: the no-op, then per knob and step
// size +s and −s ("+replicas", "-replicas", "+2replicas", "-2replicas"),
// or one set action per configuration ("set:replicas=3,cpu=1000").
func (d *dynamics) indexActions(m *Model) error {
	s := m.Spec
	d.names = []string{"noop"}
	d.actKnob, d.actStep, d.actConf = []int{-1}, []int32{0}, []int32{-1}
	if s.Actions.Set {
		if d.numConfigs()+1 > maxDynActions {
			return &dataset.SpecError{File: s.File, Key: "actions", Err: fmt.Errorf("%w: %d configurations make too many set actions (at most %d)", ErrDynamics, d.numConfigs(), maxDynActions-1)}
		}
		for c := 0; c < d.numConfigs(); c++ {
			d.names = append(d.names, "set:"+d.confName(m, int32(c)))
			d.actKnob, d.actStep, d.actConf = append(d.actKnob, -1), append(d.actStep, 0), append(d.actConf, int32(c))
		}
	} else {
		steps := s.Actions.Steps
		if len(steps) == 0 {
			steps = []int{1}
		}
		for k, knob := range s.Knobs {
			for _, st := range steps {
				n := ""
				if st != 1 {
					n = strconv.Itoa(st)
				}
				d.names = append(d.names, "+"+n+knob.Name, "-"+n+knob.Name)
				d.actKnob = append(d.actKnob, k, k)
				d.actStep = append(d.actStep, int32(st), int32(-st))
				d.actConf = append(d.actConf, -1, -1)
			}
		}
	}
	d.nActions = len(d.names)
	return nil
}

// buildObsLayout names the dynamic observation and its normalization.
func (d *dynamics) buildObsLayout(m *Model) {
	nk, no, nc := len(m.Spec.Knobs), len(m.Spec.Observe), len(m.Spec.Context)
	d.plainA = nk + no + nc
	d.plainB = d.plainA + m.nActions - 1
	add := func(name string, mean, std float64) {
		d.obsNames = append(d.obsNames, name)
		d.obsMean = append(d.obsMean, mean)
		d.obsStd = append(d.obsStd, std)
	}
	for i := 0; i < m.obsDim; i++ {
		if i < d.plainA || i >= d.plainB {
			add(m.ObsNames[i], m.ObsMean[i], m.ObsStd[i])
		}
	}
	for _, a := range d.names[1:] {
		add(RecordedPrefix+a, 0, 1)
	}
	if d.load != nil {
		add("load", d.loadMean, d.loadStd)
		for i := 1; i <= d.load.History; i++ {
			add("load[-"+strconv.Itoa(i)+"]", d.loadMean, d.loadStd)
		}
		add("load_ewma", d.loadMean, d.loadStd)
		for _, p := range []struct {
			name   string
			period int
		}{{"day", d.load.Day}, {"week", d.load.Week}} {
			if p.period > 0 {
				add(p.name+"_sin", 0, 1)
				add(p.name+"_cos", 0, 1)
			}
		}
	}
	for k, knob := range m.Spec.Knobs {
		for j := 1; j <= d.delay[k]; j++ {
			add("pending:"+knob.Name+"@"+strconv.Itoa(j), 0, 1)
		}
	}
	d.obsDim = len(d.obsNames)
}

// FallbackCount counts, over every position of the load series and every
// recorded configuration, how often the configuration has no rows at the
// position's load level and its nearest recorded level stands in; of
// total such pairs. Without a load both are 0.
func (m *Model) FallbackCount() (fallbacks, total int) {
	d := m.dyn
	if d == nil || d.load == nil {
		return 0, 0
	}
	for _, x := range d.ctxAt {
		for c := 0; c < d.numConfigs(); c++ {
			if d.fallback[c*d.nCtx+int(x)] {
				fallbacks++
			}
		}
	}
	return fallbacks, len(d.ctxAt) * d.numConfigs()
}

// Dynamic reports whether the model's spec is dynamic (load, delay, change
// cost or an action set other than ±1).
func (m *Model) Dynamic() bool { return m.dyn != nil }

// SeriesLen is the length of the load series, 0 without one.
func (m *Model) SeriesLen() int {
	if m.dyn == nil {
		return 0
	}
	return len(m.dyn.raw)
}

// NumConfigs is the number of recorded configurations (knob-level tuples
// under any context) of a dynamic spec, 0 for a plain one.
func (m *Model) NumConfigs() int {
	if m.dyn == nil {
		return 0
	}
	return m.dyn.numConfigs()
}

// ConfigName names configuration c of a dynamic spec ("replicas=3,cpu=1000").
func (m *Model) ConfigName(c int) string { return m.dyn.confName(m, int32(c)) }
