package tableenv

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/tablerl/tablerl/dataset"
)

// ErrLive marks a live situation that cannot be placed in the table: a value
// missing, not finite, or under a name the table does not know.
var ErrLive = errors.New("unusable live value")

// LiveError names the field of a live situation that cannot be used:
// "config.replicas", "context.expected_tps", "metrics.cpu.1".
type LiveError struct {
	Field string
	Err   error
}

func (e *LiveError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *LiveError) Unwrap() error { return e.Err }

func liveErr(field, format string, a ...any) error {
	return &LiveError{Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrLive}, a...)...)}
}

// Live is a running service as a decision sees it, in the table's own
// units and by name: what an autoscaler reads from its cluster and its
// monitoring. Metrics may hold more than the observation reads (a rule's
// utilization, say); Place reads the spec's observe columns and ignores the
// rest.
type Live struct {
	Config  map[string]float64 // each knob's current value: replicas 3, cpu 500, heap 700
	Context map[string]float64 // each context column's value: the offered load
	Metrics map[string]float64 // measured now: at least the spec's observe columns
}

// Placement is a live situation placed in the table: the nearest recorded
// levels and context, and the observation a trained policy takes there.
type Placement struct {
	// Levels are each knob's nearest level (0-based) and Config their
	// values in the table's units, in spec order.
	Levels []int32
	Config []float64
	// ContextID is the nearest recorded context tuple, Context its values.
	ContextID int
	Context   []float64
	// Snapped names the fields whose live value lay between or beyond the
	// recorded values, and were taken to the nearest ("config.cpu").
	Snapped []string
	// State is the recorded state of (Levels, ContextID) when Recorded.
	State    int
	Recorded bool
	// Obs is the observation in Model.ObsNames order; nil unless asked for.
	Obs []float64
}

// Place maps a live situation to the table: each knob's value to its
// nearest level (ties to the lower), the context to the nearest recorded
// tuple (distance scaled by each column's range), and, when withObs, builds
// the observation a trained policy takes — the one a row of that
// configuration with those observe values has in the table, bit for bit.
// Every knob and context column must be given, and with withObs every
// observe column; a missing, unknown or non-finite value is a *LiveError
// naming its field.
func (m *Model) Place(l Live, withObs bool) (*Placement, error) {
	s := m.Spec
	if err := knownNames("config", l.Config, m.KnobNames()); err != nil {
		return nil, err
	}
	if err := knownNames("context", l.Context, s.Context); err != nil {
		return nil, err
	}
	p := &Placement{Levels: make([]int32, len(s.Knobs)), Config: make([]float64, len(s.Knobs))}
	for k, knob := range s.Knobs {
		field := "config." + knob.Name
		v, err := liveValue(field, l.Config, knob.Name)
		if err != nil {
			return nil, err
		}
		j, exact := nearest(m.Levels[k], v)
		p.Levels[k], p.Config[k] = int32(j), m.Levels[k][j]
		if !exact {
			p.Snapped = append(p.Snapped, field)
		}
	}
	ctx := make([]float64, len(s.Context))
	for c, name := range s.Context {
		v, err := liveValue("context."+name, l.Context, name)
		if err != nil {
			return nil, err
		}
		ctx[c] = v
	}
	id, exact := m.nearestContext(ctx)
	p.ContextID, p.Context = int(id), m.ctxVals[id]
	if !exact {
		for c, name := range s.Context {
			if ctx[c] != p.Context[c] {
				p.Snapped = append(p.Snapped, "context."+name)
			}
		}
	}
	st, ok := m.stateIDs[stateKey(p.Levels, id)]
	p.State, p.Recorded = int(st), ok
	if !withObs {
		return p, nil
	}
	observe := make([]float64, len(s.Observe))
	for j, name := range s.Observe {
		v, err := l.Metric(name)
		if err != nil {
			return nil, err
		}
		observe[j] = v
	}
	moves := make([]bool, m.nActions-1)
	for a := range moves {
		_, moves[a] = m.moveTarget(p.Levels, id, a+1)
	}
	p.Obs = make([]float64, m.obsDim)
	m.fillObs(p.Obs, p.Levels, id, observe, moves)
	return p, nil
}

// Metric is the live metric name, which must be given and finite; an
// error is a *LiveError naming "metrics.NAME".
func (l Live) Metric(name string) (float64, error) {
	return liveValue("metrics."+name, l.Metrics, name)
}

// Target is where action a leads from p: the configuration in the table's
// units, and whether the table recorded it in p's context. A move off the
// grid keeps p's configuration, unrecorded: the environment's state stays.
func (m *Model) Target(p *Placement, a int) (config []float64, recorded bool) {
	levels, ok := m.moveTarget(p.Levels, int32(p.ContextID), a)
	if levels == nil {
		return slices.Clone(p.Config), false
	}
	config = make([]float64, len(levels))
	for k, l := range levels {
		config[k] = m.Levels[k][l]
	}
	return config, ok
}

// moveTarget is the levels action a moves levels to (nil off the grid), and
// whether that configuration is recorded in context tuple ctx.
func (m *Model) moveTarget(levels []int32, ctx int32, a int) ([]int32, bool) {
	out := slices.Clone(levels)
	if a > 0 {
		k, d := (a-1)/2, int32(1-2*((a-1)%2))
		out[k] += d
		if out[k] < 0 || int(out[k]) >= len(m.Levels[k]) {
			return nil, false
		}
	}
	_, ok := m.stateIDs[stateKey(out, ctx)]
	return out, ok
}

// MoveAction is the action moving knob k one level up (dir > 0) or down
// (dir < 0) from levels, or the no-op when dir is 0 or the knob is already
// at its highest or lowest level — an autoscaler's max and min.
func (m *Model) MoveAction(levels []int32, k, dir int) int {
	switch l := int(levels[k]); {
	case dir > 0 && l+1 < len(m.Levels[k]):
		return 1 + 2*k
	case dir < 0 && l > 0:
		return 2 + 2*k
	}
	return 0
}

// KnobValue is knob k's value, in the table's units, at 0-based levels.
func (m *Model) KnobValue(levels []int32, k int) float64 { return m.Levels[k][levels[k]] }

// StateAt is the recorded state of a configuration and context given
// exactly in the table's units; ok is false when the table has no such state.
func (m *Model) StateAt(config, ctx []float64) (s int, ok bool) {
	if len(config) != len(m.Levels) || len(ctx) != len(m.Spec.Context) {
		return 0, false
	}
	levels := make([]int32, len(config))
	for k, v := range config {
		j, found := slices.BinarySearch(m.Levels[k], v)
		if !found {
			return 0, false
		}
		levels[k] = int32(j)
	}
	id, ok := m.ctxIDs[ctxKey(ctx)]
	if !ok {
		return 0, false
	}
	st, ok := m.stateIDs[stateKey(levels, id)]
	return int(st), ok
}

// nearest is the index of lv's value nearest v (ties to the lower), and
// whether it equals v.
func nearest(lv []float64, v float64) (int, bool) {
	j, found := slices.BinarySearch(lv, v)
	switch {
	case found:
		return j, true
	case j == 0:
		return 0, false
	case j == len(lv):
		return j - 1, false
	case v-lv[j-1] <= lv[j]-v:
		return j - 1, false
	}
	return j, false
}

// nearestContext is the recorded context tuple nearest ctx, each column's
// difference scaled by its range over the tuples, and whether it is ctx.
func (m *Model) nearestContext(ctx []float64) (int32, bool) {
	if id, ok := m.ctxIDs[ctxKey(ctx)]; ok {
		return id, true
	}
	best, bestD := 0, math.Inf(1)
	for id, tuple := range m.ctxVals {
		var d float64
		for c, v := range tuple {
			x := (v - ctx[c]) / m.ctxScale[c]
			d += x * x
		}
		if d < bestD {
			best, bestD = id, d
		}
	}
	return int32(best), false
}

// scaleContexts sets each context column's range over the recorded tuples,
// the unit nearestContext measures in (1 where the column is constant).
func (m *Model) scaleContexts() {
	m.ctxScale = make([]float64, len(m.Spec.Context))
	for c := range m.ctxScale {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, t := range m.ctxVals {
			lo, hi = math.Min(lo, t[c]), math.Max(hi, t[c])
		}
		m.ctxScale[c] = hi - lo
		if !(m.ctxScale[c] > 0) {
			m.ctxScale[c] = 1
		}
	}
}

// KnobNames are the knobs' names, in spec order.
func (m *Model) KnobNames() []string {
	out := make([]string, len(m.Spec.Knobs))
	for k, kn := range m.Spec.Knobs {
		out[k] = kn.Name
	}
	return out
}

// liveValue reads one named value, which must be present and finite.
func liveValue(field string, vals map[string]float64, name string) (float64, error) {
	v, ok := vals[name]
	switch {
	case !ok:
		return 0, liveErr(field, "missing")
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, liveErr(field, "%s is not a finite number", strconv.FormatFloat(v, 'g', -1, 64))
	}
	return v, nil
}

// knownNames refuses a name of vals that is not one of names (the first
// such in sorted order, so the error is the same whatever the map's order).
func knownNames(group string, vals map[string]float64, names []string) error {
	for name := range vals {
		if slices.Contains(names, name) {
			continue
		}
		for _, n := range slices.Sorted(maps.Keys(vals)) {
			if !slices.Contains(names, n) {
				name = n
				break
			}
		}
		if len(names) == 0 {
			return liveErr(group+"."+name, "unknown (the table has no %s columns)", group)
		}
		return liveErr(group+"."+name, "unknown%s (%s: %s)", dataset.DidYouMean(name, names), group, dataset.QuoteList(names))
	}
	return nil
}
