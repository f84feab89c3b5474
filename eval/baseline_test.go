package eval

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// ruleCSV is a TeaStore-shaped table: replicas 1..3 at two CPU limits, with
// the CPU each replica uses (cpu.1, cores) chosen to give known utilizations.
const ruleCSV = `re,cpu,cpu.1,gain
1,500,0.45,1
2,500,0.25,2
3,500,0.10,3
1,1000,0.20,1
2,1000,,2
3,1000,0.90,3
`

const ruleSpec = `
knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}]
observe: [cpu.1]
reward: {column: gain}
`

func ruleModel(t *testing.T) (*dataset.Table, *tableenv.Model) {
	t.Helper()
	return csvTable(t, "rule", ruleCSV, ruleSpec)
}

// csvModel builds the environment model of a comma CSV under a YAML spec.
func csvModel(t *testing.T, name, csv, spec string) *tableenv.Model {
	t.Helper()
	_, m := csvTable(t, name, csv, spec)
	return m
}

// csvTable loads a comma CSV (released when the test ends) and builds its model.
func csvTable(t *testing.T, name, csv, spec string) (*dataset.Table, *tableenv.Model) {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader(csv), name+".csv", dataset.LoadOptions{Format: dataset.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	s, err := dataset.ParseSpec([]byte(spec), name+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := tableenv.NewModel(tbl, s)
	if err != nil {
		t.Fatal(err)
	}
	return tbl, m
}

// act starts an episode at row and asks p for its first action.
func act(m *tableenv.Model, p Policy, row int) int {
	env := m.NewEnv(1)
	env.SetStart(row)
	obs, info := env.Reset(1)
	p.Begin(1)
	return p.Act(env, obs, info)
}

func TestUtilization(t *testing.T) {
	tbl, _ := ruleModel(t)
	u, err := NewUtilization(tbl, "cpu.1", "cpu", 0.001)
	if err != nil {
		t.Fatal(err)
	}
	for row, want := range []float64{0.9, 0.5, 0.2, 0.2, math.NaN(), 0.9} {
		if got := u.At(row); !(math.Abs(got-want) < 1e-12 || math.IsNaN(want) && math.IsNaN(got)) {
			t.Errorf("row %d: utilization %v, want %v", row, got, want)
		}
	}
	if _, err := NewUtilization(tbl, "cpu.2", "", 1); !errors.Is(err, dataset.ErrNoColumn) || !strings.Contains(err.Error(), "cpu.2") {
		t.Errorf("missing column: %v", err)
	}
}

func TestThresholdDecide(t *testing.T) {
	p := &Threshold{High: 0.7, Low: 0.3}
	for _, c := range []struct {
		u    float64
		want int
	}{{0.95, 1}, {0.7, 1}, {0.69, 0}, {0.5, 0}, {0.31, 0}, {0.3, -1}, {0, -1}, {math.NaN(), 0}} {
		if got := p.Decide(c.u); got != c.want {
			t.Errorf("utilization %v: %+d, want %+d", c.u, got, c.want)
		}
	}
}

func TestTargetDecide(t *testing.T) {
	p := &Target{Target: 0.5, Tolerance: 0.1}
	for _, c := range []struct {
		cur, u  float64
		desired float64
		want    int
	}{
		{2, 1.0, 4, 1},   // twice the target: double
		{3, 0.9, 6, 1},   // ceil(3 × 1.8) = 6
		{4, 0.25, 2, -1}, // half the target: halve
		{3, 0.54, 3, 0},  // ratio 1.08: within tolerance
		{3, 0.45, 3, 0},  // ratio 0.9: the band's edge holds
		{5, 0.44, 5, 0},  // ratio 0.88: ceil(4.4) = 5, no change
		{1, 0.1, 1, 0},   // ceil(0.2) = 1: already there
		{2, math.NaN(), 2, 0},
	} {
		d, _ := p.Desired(c.cur, c.u)
		if got := p.Decide(c.cur, c.u); got != c.want || d != c.desired {
			t.Errorf("replicas %v at %v: desired %v, move %+d; want %v, %+d", c.cur, c.u, d, got, c.desired, c.want)
		}
	}
}

// TestRulesInTheEnvironment: the rules read the utilization of the row in
// force and hold at the knob's ends, as min and max replicas do.
func TestRulesInTheEnvironment(t *testing.T) {
	tbl, m := ruleModel(t)
	src := Source{Model: m, Table: tbl}
	th, err := NewPolicy("threshold", src)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewPolicy("target:tolerance=0.1", src)
	if err != nil {
		t.Fatal(err)
	}
	const hold, up, down = 0, 1, 2
	for _, c := range []struct {
		row           int
		thresh, targt int
	}{
		{0, up, up},     // 1 replica at 90%: out (target: ceil(1.8) = 2)
		{1, hold, hold}, // 2 at 50%
		{2, down, down}, // 3 at 20%: in (target: ceil(1.2) = 2)
		{3, hold, hold}, // 1 at 20%: already the fewest
		{4, hold, hold}, // utilization unknown
		{5, hold, hold}, // 3 at 90%: already the most
	} {
		if got := act(m, th, c.row); got != c.thresh {
			t.Errorf("threshold at row %d: %s, want %s", c.row, m.ActionNames[got], m.ActionNames[c.thresh])
		}
		if got := act(m, tg, c.row); got != c.targt {
			t.Errorf("target at row %d: %s, want %s", c.row, m.ActionNames[got], m.ActionNames[c.targt])
		}
	}
	if got := act(m, Noop{}, 0); got != hold {
		t.Errorf("noop: %s", m.ActionNames[got])
	}
}
