package eval

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// rowLive is row r as a live situation: its configuration and context, its
// observe values as the observation holds them and its other metrics
// (those not null).
func rowLive(m *tableenv.Model, r int) tableenv.Live {
	l := tableenv.Live{Config: map[string]float64{}, Context: map[string]float64{}, Metrics: map[string]float64{}}
	s := m.StateOf(r)
	for k, v := range m.KnobValues(s, nil) {
		l.Config[m.Spec.Knobs[k].Name] = v
	}
	for c, v := range m.StateContext(s) {
		l.Context[m.Spec.Context[c]] = v
	}
	for j, name := range m.MetricNames {
		if v := m.Metrics(r)[j]; !math.IsNaN(v) {
			l.Metrics[name] = v
		}
	}
	for j, name := range m.Spec.Observe {
		l.Metrics[name] = m.Observation(r)[len(m.Spec.Knobs)+j]
	}
	return l
}

// demoPPO trains PPO briefly on m and saves its policy file in a temp dir.
func demoPPO(t *testing.T, m *tableenv.Model) string {
	t.Helper()
	a, err := train.LookupAlgorithm("ppo")
	if err != nil {
		t.Fatal(err)
	}
	cfg := a.NewConfig()
	cfg.Base().TotalSteps = 8_000
	l, err := a.NewLearner(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Iterate(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "policy.json")
	if err := train.Export(m, l, 1, "demo", "").Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDecideAsActs: on every row of the demo, each kind of policy decides
// from the row's live values what it chooses stepping the environment
// from that row, and a trained policy's scores pick its action.
func TestDecideAsActs(t *testing.T) {
	tbl, m := demoTable(t)
	src := Source{Model: m, Table: tbl}
	args := []string{"noop", "optimal", "threshold", "target", "threshold:high=0.5,low=0.2,knob=cpu", demoPPO(t, m)}
	env := m.NewEnv(1)
	for _, arg := range args {
		p, err := NewPolicy(arg, src)
		if err != nil {
			t.Fatal(err)
		}
		decided := 0
		for r := range m.NumRows() {
			env.SetStart(r)
			obs, info := env.Reset(1)
			live := rowLive(m, r)
			d, err := Decide(m, p, live)
			var le *tableenv.LiveError
			if errors.As(err, &le) && le.Field == "metrics.cpu.1" && math.IsNaN(m.Metrics(r)[slices.Index(m.MetricNames, "cpu.1")]) {
				continue // a rule without its utilization, where the table has none
			}
			if err != nil {
				t.Fatalf("%s row %d: %v", arg, r, err)
			}
			if want := p.Act(env, obs, info); d.Action != want {
				t.Fatalf("%s row %d: decided %s, acts %s", arg, r, d.ActionName, m.ActionNames[want])
			}
			target, rec := m.Target(d.Placement, d.Action)
			if !slices.Equal(d.Target, target) || d.TargetRecorded != rec || d.TargetRecorded != (m.Next(info.State, d.Action) >= 0) {
				t.Fatalf("%s row %d: target %v recorded %v", arg, r, d.Target, d.TargetRecorded)
			}
			if d.Scores.Kind != "" && (len(d.Scores.Values) != m.NumActions() || train.Argmax(d.Scores.Values) != d.Action) {
				t.Fatalf("%s row %d: scores %v (%s) do not pick %s", arg, r, d.Scores.Values, d.Scores.Kind, d.ActionName)
			}
			decided++
		}
		if decided < m.NumRows()/2 {
			t.Errorf("%s decided only %d of %d rows", arg, decided, m.NumRows())
		}
	}
}

// TestDecideRefuses: missing inputs name their field; policies of recorded
// states refuse an unrecorded configuration.
func TestDecideRefuses(t *testing.T) {
	tbl, m := demoTable(t)
	src := Source{Model: m, Table: tbl}
	live := rowLive(m, 0)
	noUtil := rowLive(m, 0)
	delete(noUtil.Metrics, "cpu.1")
	noCPU := rowLive(m, 0)
	delete(noCPU.Config, "cpu")
	for _, c := range []struct {
		arg   string
		live  tableenv.Live
		field string
	}{
		{"threshold", noUtil, "metrics.cpu.1"},
		{"target", noUtil, "metrics.cpu.1"},
		{"noop", noCPU, "config.cpu"},
		{demoPPO(t, m), noUtil, "metrics.cpu.1"},
	} {
		p, err := NewPolicy(c.arg, src)
		if err != nil {
			t.Fatal(err)
		}
		var le *tableenv.LiveError
		if _, err := Decide(m, p, c.live); !errors.As(err, &le) || le.Field != c.field {
			t.Errorf("%s: %v, want an error naming %s", c.arg, err, c.field)
		}
	}
	if _, err := Decide(m, Noop{}, live); err != nil {
		t.Errorf("noop: %v", err)
	}
	// (2, 1000) is a gap of this table's grid.
	gm := csvModel(t, "gap", "re,cpu,cpu.1,gain\n1,500,0.45,1\n2,500,0.25,2\n1,1000,0.2,1\n", ruleSpec)
	unrec := tableenv.Live{Config: map[string]float64{"replicas": 2, "cpu": 1000}}
	m = gm
	src = Source{Model: gm, Table: tbl}
	dec := &Decisions{Label: "all noop", Actions: make([]int, m.NumStates())}
	opt, _ := NewPolicy("optimal", src)
	for _, p := range []LivePolicy{opt, dec} {
		if _, err := Decide(m, p, unrec); !errors.Is(err, ErrUnrecorded) {
			t.Errorf("%s on an unrecorded configuration: %v, want ErrUnrecorded", p.Name(), err)
		}
	}
}

func TestSoftmax(t *testing.T) {
	p := softmax([]float64{1000, 1000, 0})
	if math.Abs(p[0]-0.5) > 1e-12 || math.Abs(p[1]-0.5) > 1e-12 || p[2] > 1e-300 {
		t.Errorf("softmax of large logits: %v", p)
	}
}
