package tableenv

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// loadCSV is a load-aware table: replicas 1–3 × cpu 100/200 under two
// loads, (3, 200) unrecorded at load 50.
const loadCSV = `re,cpu,load,util,gain
1,100,50,0.9,1
1,200,50,0.5,2
2,100,50,0.4,3
2,200,50,0.3,4
3,100,50,0.2,5
1,100,80,0.95,1
1,200,80,0.7,2
2,100,80,0.6,3
2,200,80,0.5,4
3,100,80,0.4,5
3,200,80,0.3,6
3,200,80,0.35,6
`

func loadModel(t *testing.T) *Model {
	return csvModel(t, "load", loadCSV, "knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}]\nobserve: [util]\ncontext: [load]\nreward: {column: gain}\nhorizon: 3\n")
}

// liveOfRow is row r as a live situation: its configuration, context and
// observe values by name.
func liveOfRow(m *Model, r int) Live {
	l := Live{Config: map[string]float64{}, Context: map[string]float64{}, Metrics: map[string]float64{}}
	s := m.StateOf(r)
	for k, v := range m.KnobValues(s, nil) {
		l.Config[m.Spec.Knobs[k].Name] = v
	}
	for c, v := range m.StateContext(s) {
		l.Context[m.Spec.Context[c]] = v
	}
	for j, name := range m.Spec.Observe {
		l.Metrics[name] = m.Observation(r)[len(m.Levels)+j]
	}
	return l
}

// TestPlaceRowsExactly checks that every row, given live, is placed in its
// own state, unsnapped, with its table observation bit for bit, by the
// table's model and by the live model rebuilt from its layout.
func TestPlaceRowsExactly(t *testing.T) {
	m := loadModel(t)
	live, err := NewLiveModel(m.Spec, m.Layout(), m.ObsMean, m.ObsStd)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(live.ObsNames, m.ObsNames) || !slices.Equal(live.ActionNames, m.ActionNames) || live.NumStates() != m.NumStates() {
		t.Fatalf("live model: obs %v actions %v states %d; table's %v %v %d", live.ObsNames, live.ActionNames, live.NumStates(), m.ObsNames, m.ActionNames, m.NumStates())
	}
	for _, mm := range []*Model{m, live} {
		for r := range m.NumRows() {
			p, err := mm.Place(liveOfRow(m, r), true)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Recorded || p.State != m.StateOf(r) || len(p.Snapped) > 0 {
				t.Errorf("row %d: placed in state %d (recorded %v, snapped %v), want %d", r, p.State, p.Recorded, p.Snapped, m.StateOf(r))
			}
			if !sameBits(p.Obs, m.Observation(r)) {
				t.Errorf("row %d: live observation %v, table's %v", r, p.Obs, m.Observation(r))
			}
			for a := range m.NumActions() {
				_, rec := mm.Target(p, a)
				if rec != (m.Next(p.State, a) >= 0) {
					t.Errorf("row %d action %s: target recorded %v, Next %d", r, m.ActionNames[a], rec, m.Next(p.State, a))
				}
			}
		}
	}
	for s := range m.NumStates() {
		if got, ok := live.StateAt(m.KnobValues(s, nil), m.StateContext(s)); !ok || got != s {
			t.Errorf("StateAt of state %d: %d, %v", s, got, ok)
		}
	}
	if live.NumRows() != 0 || len(live.StateRows(0)) != 0 {
		t.Errorf("live model has %d rows", live.NumRows())
	}
}

func TestPlaceSnapsAndRefuses(t *testing.T) {
	m := loadModel(t)
	cases := []struct {
		name     string
		config   map[string]float64
		context  map[string]float64
		metrics  map[string]float64
		levels   []int32
		ctx      int
		snapped  []string
		recorded bool
		field    string // of the error, "" for none
	}{
		{"exact", map[string]float64{"replicas": 2, "cpu": 200}, map[string]float64{"load": 80}, map[string]float64{"util": 0.5}, []int32{1, 1}, 1, nil, true, ""},
		{"between", map[string]float64{"replicas": 2.4, "cpu": 160}, map[string]float64{"load": 80}, map[string]float64{"util": 0.5}, []int32{1, 1}, 1, []string{"config.replicas", "config.cpu"}, true, ""},
		{"tie to lower", map[string]float64{"replicas": 1.5, "cpu": 150}, map[string]float64{"load": 50}, map[string]float64{"util": 0.5}, []int32{0, 0}, 0, []string{"config.replicas", "config.cpu"}, true, ""},
		{"beyond", map[string]float64{"replicas": 9, "cpu": 10}, map[string]float64{"load": 1000}, map[string]float64{"util": 0.5}, []int32{2, 0}, 1, []string{"config.replicas", "config.cpu", "context.load"}, true, ""},
		{"unrecorded", map[string]float64{"replicas": 3, "cpu": 200}, map[string]float64{"load": 55}, map[string]float64{"util": 0.5}, []int32{2, 1}, 0, []string{"context.load"}, false, ""},
		{"extra metric ignored", map[string]float64{"replicas": 1, "cpu": 100}, map[string]float64{"load": 50}, map[string]float64{"util": 0.5, "cost": 3}, []int32{0, 0}, 0, nil, true, ""},
		{"missing knob", map[string]float64{"replicas": 1}, map[string]float64{"load": 50}, map[string]float64{"util": 0.5}, nil, 0, nil, false, "config.cpu"},
		{"unknown knob", map[string]float64{"replicas": 1, "cpu": 100, "ram": 1}, map[string]float64{"load": 50}, map[string]float64{"util": 0.5}, nil, 0, nil, false, "config.ram"},
		{"missing context", map[string]float64{"replicas": 1, "cpu": 100}, nil, map[string]float64{"util": 0.5}, nil, 0, nil, false, "context.load"},
		{"missing metric", map[string]float64{"replicas": 1, "cpu": 100}, map[string]float64{"load": 50}, nil, nil, 0, nil, false, "metrics.util"},
		{"NaN metric", map[string]float64{"replicas": 1, "cpu": 100}, map[string]float64{"load": 50}, map[string]float64{"util": math.NaN()}, nil, 0, nil, false, "metrics.util"},
		{"infinite knob", map[string]float64{"replicas": math.Inf(1), "cpu": 100}, map[string]float64{"load": 50}, map[string]float64{"util": 1}, nil, 0, nil, false, "config.replicas"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := m.Place(Live{Config: c.config, Context: c.context, Metrics: c.metrics}, true)
			if c.field != "" {
				var le *LiveError
				if !errors.As(err, &le) || le.Field != c.field || !errors.Is(err, ErrLive) {
					t.Fatalf("error %v, want a LiveError on %s", err, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Levels, c.levels) || p.ContextID != c.ctx || !slices.Equal(p.Snapped, c.snapped) || p.Recorded != c.recorded {
				t.Errorf("placed at %v ctx %d snapped %v recorded %v; want %v %d %v %v", p.Levels, p.ContextID, p.Snapped, p.Recorded, c.levels, c.ctx, c.snapped, c.recorded)
			}
		})
	}
}

func TestTargetAndMoveAction(t *testing.T) {
	m := loadModel(t)
	p, err := m.Place(Live{Config: map[string]float64{"replicas": 3, "cpu": 100}, Context: map[string]float64{"load": 50}}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		action   string
		config   []float64
		recorded bool
	}{
		{"noop", []float64{3, 100}, true},
		{"+replicas", []float64{3, 100}, false}, // off the grid: stays
		{"-replicas", []float64{2, 100}, true},
		{"+cpu", []float64{3, 200}, false}, // unrecorded at load 50
		{"-cpu", []float64{3, 100}, false},
	} {
		got, rec := m.Target(p, slices.Index(m.ActionNames, c.action))
		if !slices.Equal(got, c.config) || rec != c.recorded {
			t.Errorf("%s: target %v recorded %v, want %v %v", c.action, got, rec, c.config, c.recorded)
		}
	}
	if a := m.MoveAction(p.Levels, 0, +1); a != 0 {
		t.Errorf("MoveAction up at the top: %d, want the no-op", a)
	}
	if a := m.MoveAction(p.Levels, 0, -1); m.ActionNames[a] != "-replicas" {
		t.Errorf("MoveAction down: %s", m.ActionNames[a])
	}
	if a := m.MoveAction(p.Levels, 1, -1); a != 0 {
		t.Errorf("MoveAction down at the bottom: %d", a)
	}
	if v := m.KnobValue(p.Levels, 1); v != 100 {
		t.Errorf("KnobValue %v", v)
	}
}

func TestNewLiveModelRefusesBadLayouts(t *testing.T) {
	m := loadModel(t)
	good := m.Layout()
	cases := map[string]func(l *Layout){
		"knob count":       func(l *Layout) { l.Levels = l.Levels[:1] },
		"descending":       func(l *Layout) { l.Levels = [][]float64{{3, 2, 1}, l.Levels[1]} },
		"NaN level":        func(l *Layout) { l.Levels = [][]float64{{1, math.NaN(), 3}, l.Levels[1]} },
		"no levels":        func(l *Layout) { l.Levels = [][]float64{{}, l.Levels[1]} },
		"no states":        func(l *Layout) { l.States = nil },
		"level range":      func(l *Layout) { l.States = [][]int32{{5, 0, 0}} },
		"negative context": func(l *Layout) { l.States = [][]int32{{0, 0, -1}} },
		"short state":      func(l *Layout) { l.States = [][]int32{{0, 0}} },
		"twice":            func(l *Layout) { l.States = [][]int32{{0, 0, 0}, {0, 0, 0}} },
		"context width":    func(l *Layout) { l.Contexts = [][]float64{{50, 1}, {80, 1}} },
		"context twice":    func(l *Layout) { l.Contexts = [][]float64{{50}, {50}} },
	}
	for name, edit := range cases {
		l := Layout{Levels: slices.Clone(good.Levels), Contexts: slices.Clone(good.Contexts), States: slices.Clone(good.States)}
		edit(&l)
		if _, err := NewLiveModel(m.Spec, l, m.ObsMean, m.ObsStd); !errors.Is(err, ErrLayout) {
			t.Errorf("%s: %v, want ErrLayout", name, err)
		}
	}
	if _, err := NewLiveModel(m.Spec, good, m.ObsMean[:2], m.ObsStd); !errors.Is(err, ErrLayout) {
		t.Errorf("short statistics: %v", err)
	}
}

// TestTeaStorePlaceRows is TestPlaceRowsExactly on every row of TeaStore.
func TestTeaStorePlaceRows(t *testing.T) {
	m := teaStoreModel(t)
	for r := range m.NumRows() {
		p, err := m.Place(liveOfRow(m, r), true)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != m.StateOf(r) || !sameBits(p.Obs, m.Observation(r)) {
			t.Fatalf("row %d: state %d, obs %v; want %d, %v", r, p.State, p.Obs, m.StateOf(r), m.Observation(r))
		}
	}
}
