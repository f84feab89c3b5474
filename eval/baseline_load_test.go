package eval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
	"github.com/tablerl/tablerl/tableenv"
)

// loadSweep writes a fully covered sweep table with one row per state, a
// generated day of 24 steps and a spec driving its load with extra keys.
func loadSweep(t *testing.T, extra string) (*tableenv.Model, *dataset.Table) {
	t.Helper()
	dir := t.TempDir()
	cfg := synth.DefaultSweepConfig()
	cfg.Grid, cfg.Loads, cfg.Coverage, cfg.RowsMin, cfg.RowsMax, cfg.Horizon = []int{6}, 4, 1, 1, 1, 12
	data, specPath := filepath.Join(dir, "sw.csv"), filepath.Join(dir, "sw.spec.yaml")
	if err := synth.WriteSweep(data, specPath, cfg); err != nil {
		t.Fatal(err)
	}
	sc := synth.DefaultSeriesConfig()
	sc.Steps, sc.StepsPerDay = 24, 24
	if err := synth.WriteSeries(filepath.Join(dir, "day.csv"), "load", sc); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "start: random", "start: {row: 0}", 1) + "load: {file: day.csv, start: {offset: 5}, period: {day: 24}}\n" + extra
	spec, err := dataset.ParseSpec([]byte(text), specPath)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := dataset.Load(data, dataset.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tb.Release)
	m, err := tableenv.NewModel(tb, spec)
	if err != nil {
		t.Fatal(err)
	}
	return m, tb
}

// With one row per state, a fixed start row and a fixed offset every
// episode is the same: the static policy earns the static yardstick
// exactly, and no baseline beats the clairvoyant optimum or moves invalidly.
func TestLoadBaselines(t *testing.T) {
	for _, extra := range []string{"delay: {replicas: 2}\n", "delay: {replicas: 1}\nactions: {step: [1, 2]}\n", "delay: {replicas: 1}\nactions: set\n"} {
		m, tb := loadSweep(t, extra)
		sol := tableenv.Solve(m)
		y := sol.Yardsticks
		src := Source{Model: m, Table: tb, Solution: sol}
		for _, arg := range []string{"static", "scheduled", "step-scaling:metric=cpu_used", "step-scaling:metric=cpu_used,cooldown_out=2,cooldown_in=3", "target:metric=cpu_used,cooldown_in=2", "threshold:metric=cpu_used"} {
			p, err := NewPolicy(arg, src)
			if err != nil {
				t.Fatal(err)
			}
			res := Run(m, p, RunConfig{Episodes: 2, Seed: 1, StartRow: -1})
			if res.Invalid != 0 || res.Returns[0] != res.Returns[1] || res.Returns[0] > y.Optimal+1e-9 {
				t.Errorf("%s%s: returns %v, %d invalid moves, optimum %g", extra, arg, res.Returns, res.Invalid, y.Optimal)
			}
			if arg == "static" && math.Abs(res.Returns[0]-y.Static) > 1e-9 {
				t.Errorf("%sstatic earns %g, the yardstick is %g", extra, res.Returns[0], y.Static)
			}
		}
		if _, err := NewPolicy("optimal", src); err == nil {
			t.Errorf("%soptimal: want an error (no optimal policy to play under a dynamic spec)", extra)
		}
	}
}

func TestStepScalingDecideAndCooldown(t *testing.T) {
	p := &StepScaling{Out2: 0.9, Out1: 0.7, In1: 0.5, In2: 0.3}
	for u, want := range map[float64]int{0.95: 2, 0.9: 2, 0.8: 1, 0.6: 0, 0.5: -1, 0.4: -1, 0.3: -2, 0.1: -2, math.NaN(): 0} {
		if got := p.Decide(u); got != want {
			t.Errorf("Decide(%g) = %d, want %d", u, got, want)
		}
	}
	c := Cooldown{Out: 2, In: 3}
	c.begin()
	steps := []struct{ step, dir, want int }{
		{0, 1, 1},   // nothing before: out
		{1, 1, 0},   // within 2 of the last scale-out
		{2, 1, 1},   // 2 later: out again
		{3, -1, 0},  // in: within 3 of the last scaling
		{5, -1, -1}, // 3 later: in
		{6, 1, 1},   // out is held back by scale-outs only
		{8, -1, 0},  // 2 after the scale-out at 6
		{9, -1, -1}, // 3 after
		{9, 0, 0},   // no wish
		{10, -2, 0}, // 1 after the scale-in
	}
	for _, s := range steps {
		got := c.allow(s.dir, s.step)
		if got != s.want {
			t.Errorf("step %d, wish %d: %d, want %d", s.step, s.dir, got, s.want)
		}
		c.record(got, got, s.step)
	}
}

// MoveAction finds a two-level move where the action set has one, a set
// action where it has those, and steps down to one level where not.
func TestMoveAction(t *testing.T) {
	for _, tc := range []struct {
		extra string
		delta int
		want  string
	}{
		{"actions: {step: [1, 2]}\n", 2, "+2replicas"},
		{"actions: {step: [1, 2]}\n", 1, "+replicas"},
		{"", 2, "+replicas"},
		{"actions: set\n", 2, "set:replicas=3"},
		{"", -1, "noop"}, // already at the lowest level
	} {
		m, _ := loadSweep(t, tc.extra)
		e := m.NewEnv(1)
		e.Reset(tableenv.NoSeed)
		if got := m.ActionNames[e.MoveAction(0, tc.delta)]; got != tc.want {
			t.Errorf("%smove %+d from %v: %s, want %s", tc.extra, tc.delta, m.KnobValues(e.State(), nil), got, tc.want)
		}
	}
}

// A replay under a dynamic spec shows the load and the knobs requested
// beside the knobs in effect, in its CSV and its picture.
func TestReplayDynamic(t *testing.T) {
	m, tb := loadSweep(t, "delay: {replicas: 2}\n")
	p, err := NewPolicy("step-scaling:metric=cpu_used", Source{Model: m, Table: tb})
	if err != nil {
		t.Fatal(err)
	}
	steps := Replay(m, p, RunConfig{Seed: 1, StartRow: -1}, nil)
	h := ReplayHeader(m)
	if got := strings.Join(h[:5], ","); got != "step,action,replicas,load,replicas_requested" {
		t.Errorf("header starts %s", got)
	}
	moved := false
	for _, s := range steps {
		rec := ReplayRecord(s)
		if len(rec) != len(h) || len(s.Dynamic) != 2 || !(s.Dynamic[0] > 0) {
			t.Fatalf("step %d: %d fields for %d columns, dynamic %v", s.Step, len(rec), len(h), s.Dynamic)
		}
		moved = moved || s.Dynamic[1] != s.Knobs[0]
	}
	if !moved {
		t.Error("under a 2-step delay the requested replicas never differ from those in effect")
	}
	if err := WriteTracePNG(filepath.Join(t.TempDir(), "r.png"), m, steps, "day"); err != nil {
		t.Fatal(err)
	}
}
