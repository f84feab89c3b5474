package ope

import (
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// tinyLog: one knob x ∈ {1, 2}, reward x − 1, horizon 2, two logged
// episodes with propensity 1/2 at every step:
//
//	episode 1: x=1 →(+x) x=2 →(noop) x=2, rewards 1, 1
//	episode 2: x=1 →(noop) x=1 →(+x) x=2, rewards 0, 1
const tinyRows = "x a p ep r\n1 1 0.5 1 0\n2 0 0.5 1 1\n2 0 0.5 1 1\n1 0 0.5 2 0\n1 1 0.5 2 0\n2 0 0.5 2 1\n"

func tinyData(t *testing.T) *Data {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader(tinyRows), "tiny.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte("knobs: [x]\nreward: {column: r}\nhorizon: 2\n"+
		"log: {action: {column: a}, episodes: {column: ep}, propensity: p}\n"), "tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	l, err := tableenv.NewLog(m, tbl)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewData(l)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestEstimatorsClosedForm checks every estimator against its value worked
// out by hand on tinyLog.
//
// "climb" takes +x at x=1 and holds at x=2: its weights are (2, 4) on
// episode 1 and 0 on episode 2, so IS = (4·2 + 0)/2 = 4, PDIS = (2·1 +
// 4·1)/2 = 3, WIS = 4·2/4 = 2; the log covers every pair it takes, so FQE,
// MB, DR and WDR are exact: 2 (reward 1 twice).
//
// The uniform policy has ρ = (1/3)/(1/2) = 2/3 per step: IS = (4/9)(2 +
// 1)/2 = 2/3, PDIS = ((2/3 + 4/9) + 4/9)/2 = 7/9, WIS = 3/2. Its exact
// value is −8/3 (the invalid moves cost 5). The log never tried −x at x=2:
// FQE and MB value it by the action's definition, a move to x=1, and are
// exact, and with them DR and WDR (whose corrections vanish, the logged
// rewards agreeing with q̂).
func TestEstimatorsClosedForm(t *testing.T) {
	d := tinyData(t)
	m := d.Log.Model()
	climb := &Policy{Name: "climb", m: m, act: make([]uint8, m.NumRows())}
	for r := range climb.act {
		if m.StateLevels(m.StateOf(r))[0] == 0 {
			climb.act[r] = 1
		}
	}
	uniform := &Policy{Name: "uniform", m: m, uniform: true}
	for _, c := range []struct {
		p     *Policy
		exact float64
		want  []float64 // in Estimators order; NaN: not checked
	}{
		{climb, 2, []float64{4, 3, 2, 2, 2, 2, 2}},
		{uniform, -8.0 / 3, []float64{2.0 / 3, 7.0 / 9, 1.5, -8.0 / 3, -8.0 / 3, -8.0 / 3, -8.0 / 3}},
	} {
		r := Evaluate(d, c.p, Config{Bootstrap: 40, Level: 0.95, Seed: 1})
		if math.Abs(r.Exact-c.exact) > 1e-12 {
			t.Errorf("%s: exact %v, want %v", c.p.Name, r.Exact, c.exact)
		}
		for i, want := range c.want {
			e := r.Estimates[i]
			if !math.IsNaN(want) && math.Abs(e.Value-want) > 1e-12 {
				t.Errorf("%s: %s = %v, want %v", c.p.Name, Estimators[i], e.Value, want)
			}
			if !(e.Lo <= e.Hi) {
				t.Errorf("%s: %s CI [%v, %v]", c.p.Name, Estimators[i], e.Lo, e.Hi)
			}
		}
	}
}

func TestScores(t *testing.T) {
	rs := []Result{
		{Policy: "a", Exact: 1, Estimates: make([]Estimate, len(Estimators))},
		{Policy: "b", Exact: 2, Estimates: make([]Estimate, len(Estimators))},
		{Policy: "c", Exact: 4, Estimates: make([]Estimate, len(Estimators))},
	}
	for i := range Estimators {
		rs[0].Estimates[i].Value, rs[1].Estimates[i].Value, rs[2].Estimates[i].Value = 1.5, 3, 2
	}
	rs[2].Estimates[2].Value = nan
	sc := Scores(rs)
	// Estimates 1.5, 3, 2 against 1, 2, 4: errors 0.5, 1, 2; ranks (1, 3, 2)
	// against (1, 2, 3): ρ = 1 − 6·2/(3·8) = 0.5; ranked first is b (2),
	// the best is 4: regret 2.
	s := sc[0]
	if math.Abs(s.MAE-3.5/3) > 1e-12 || math.Abs(s.RelErr-(0.5+0.5+0.5)/3) > 1e-12 ||
		math.Abs(s.Spearman-0.5) > 1e-12 || s.Regret1 != 2 || s.Undefined != 0 {
		t.Errorf("score %+v", s)
	}
	if w := sc[2]; w.Undefined != 1 || w.Spearman != 1 || w.Regret1 != 0 {
		t.Errorf("score with an undefined estimate %+v", w)
	}
}
