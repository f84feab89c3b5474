package dataset

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSpecTeaStore(t *testing.T) {
	s := TeaStoreSpec()
	if len(s.Knobs) != 3 || s.Knobs[0] != (Knob{Name: "replicas", Column: "re"}) || s.Knobs[2].Column != "heap" {
		t.Errorf("knobs = %+v", s.Knobs)
	}
	if s.Horizon != 50 || s.InvalidPenalty != -5 || !s.Start.Random() {
		t.Errorf("horizon %d, penalty %g, start %+v", s.Horizon, s.InvalidPenalty, s.Start)
	}
	if s.Reward.Expr != "minmax(out_tps) - minmax(cost)" || s.Reward.Missing != 0 {
		t.Errorf("reward = %+v", s.Reward)
	}
}

func TestParseSpecDefaultsAndForms(t *testing.T) {
	s, err := ParseSpec([]byte("knobs: [re, {column: cpu}]\nreward: {column: r}\nstart: {row: 7}\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Knobs[0].Name != "re" || s.Knobs[1].Name != "cpu" {
		t.Errorf("knob names default to columns: %+v", s.Knobs)
	}
	if s.Horizon != DefaultHorizon || s.InvalidPenalty != DefaultInvalidPenalty || s.Start.Row != 7 {
		t.Errorf("defaults: horizon %d penalty %g start %d", s.Horizon, s.InvalidPenalty, s.Start.Row)
	}
}

// TestParseSpecErrors: every bad spec names the file, the key and the line.
func TestParseSpecErrors(t *testing.T) {
	for _, c := range []struct {
		name, yaml, key string
		line            int
	}{
		{"unknown top key", "knobs: [re]\nreward: {column: r}\nhorizn: 5\n", "horizn", 3},
		{"unknown knob key", "knobs:\n  - {name: a, colum: re}\nreward: {column: r}\n", "knobs[0].colum", 2},
		{"unknown reward key", "knobs: [re]\nreward: {column: r, mising: 0}\n", "reward.mising", 2},
		{"negative horizon", "knobs: [re]\nreward: {column: r}\nhorizon: -3\n", "horizon", 3},
		{"zero horizon", "knobs: [re]\nreward: {column: r}\nhorizon: 0\n", "horizon", 3},
		{"horizon not a number", "knobs: [re]\nreward: {column: r}\nhorizon: ten\n", "horizon", 3},
		{"penalty not a number", "knobs: [re]\nreward: {column: r}\ninvalid_penalty: x\n", "invalid_penalty", 3},
		{"no knobs", "reward: {column: r}\n", "knobs", 1},
		{"empty knobs", "knobs: []\nreward: {column: r}\n", "knobs", 1},
		{"knob without column", "knobs: [{name: a}]\nreward: {column: r}\n", "knobs[0].column", 1},
		{"knob named twice", "knobs: [re, re]\nreward: {column: r}\n", "knobs[1].name", 1},
		{"no reward", "knobs: [re]\n", "reward", 1},
		{"reward both", "knobs: [re]\nreward: {column: r, expr: r}\n", "reward", 2},
		{"reward neither", "knobs: [re]\nreward: {missing: 0}\n", "reward", 2},
		{"observe not a list", "knobs: [re]\nreward: {column: r}\nobserve: ram\n", "observe", 3},
		{"bad start", "knobs: [re]\nreward: {column: r}\nstart: first\n", "start", 3},
		{"negative start row", "knobs: [re]\nreward: {column: r}\nstart: {row: -1}\n", "start.row", 3},
		{"top level not a mapping", "- a\n- b\n", "(top level)", 1},
		{"repeated key", "knobs: [re]\nknobs: [cpu]\nreward: {column: r}\n", "knobs", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(c.yaml), "bad.yaml")
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SpecError", err)
			}
			if se.Key != c.key || se.Line != c.line {
				t.Errorf("key %q line %d, want key %q line %d (%v)", se.Key, se.Line, c.key, c.line, err)
			}
			if !errors.Is(err, ErrSpec) {
				t.Errorf("%v does not wrap ErrSpec", err)
			}
			for _, want := range []string{"bad.yaml", c.key} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q does not name %q", err, want)
				}
			}
		})
	}
}

func TestParseSpecSyntaxError(t *testing.T) {
	_, err := ParseSpec([]byte("knobs: [re\nreward: {"), "broken.yaml")
	if err == nil || !strings.Contains(err.Error(), "broken.yaml") {
		t.Fatalf("err = %v, want a syntax error naming the file", err)
	}
	if _, err := ParseSpec(nil, "empty.yaml"); err == nil || !strings.Contains(err.Error(), "empty.yaml") {
		t.Fatalf("empty spec: err = %v", err)
	}
}

// TestSpecColumnErrors: a column the spec names but the table lacks, or that
// holds text, is an error naming the spec key and the table's place.
func TestSpecColumnErrors(t *testing.T) {
	tbl, err := FromColumns("t.csv", []string{"re", "r"}, [][]float64{{1, 2}, {0.5, 0.1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	for _, c := range []struct{ yaml, key string }{
		{"knobs: [re, cpu]\nreward: {column: r}\n", "knobs[1].column"},
		{"knobs: [re]\nobserve: [ram]\nreward: {column: r}\n", "observe[0]"},
		{"knobs: [re]\ncontext: [zone]\nreward: {column: r}\n", "context[0]"},
		{"knobs: [re]\nreward: {column: gain}\n", "reward.column"},
	} {
		s, err := ParseSpec([]byte(c.yaml), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		err = s.Check(tbl)
		var se *SpecError
		if !errors.As(err, &se) || se.Key != c.key || !errors.Is(err, ErrNoColumn) {
			t.Errorf("%q: err = %v, want key %s wrapping ErrNoColumn", c.yaml, err, c.key)
			continue
		}
		if !strings.Contains(err.Error(), "t.csv") || !strings.Contains(err.Error(), "s.yaml") {
			t.Errorf("message %q should name the table and the spec", err)
		}
	}
	s, _ := ParseSpec([]byte("knobs: [re]\nreward: {expr: \"minmax(nope)\"}\n"), "s.yaml")
	if _, err := s.Rewards(tbl); !errors.Is(err, ErrNoColumn) || !strings.Contains(err.Error(), "reward.expr") {
		t.Errorf("reward expression over a missing column: %v", err)
	}
}

func TestRewardExpressions(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	tbl, err := FromColumns("t", []string{"out_tps", "cost", "cpu.1"},
		[][]float64{{10, 20, 30, nan}, {1, 3, 2, 2}, {0.5, 0.25, 1, 1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	for _, c := range []struct {
		expr string
		want []float64
	}{
		{"minmax(out_tps) - minmax(cost)", []float64{0, -0.5, 0.5, -7}},
		{"out_tps * 2 + cost", []float64{21, 43, 62, -7}},
		{"col(\"cpu.1\") * 4", []float64{2, 1, 4, 4}},
		{"cpu_1 + minmax(cpu_1)", []float64{0.5 + 1.0/3, 0.25, 2, 2}},
		{"max(out_tps, 25) - abs(-cost)", []float64{24, 22, 28, -7}},
		{"zscore(cost)", []float64{-1.4142135623730951, 1.4142135623730951, 0, 0}},
	} {
		s, err := ParseSpec([]byte("knobs: [cost]\nreward: {expr: '"+c.expr+"', missing: -7}\n"), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Rewards(tbl)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		for i := range got {
			if d := got[i] - c.want[i]; d > 1e-12 || d < -1e-12 {
				t.Errorf("%s: row %d = %g, want %g", c.expr, i, got[i], c.want[i])
			}
		}
	}
	s, _ := ParseSpec([]byte("knobs: [cost]\nreward: {expr: 'out_tps +'}\n"), "s.yaml")
	if _, err := s.Rewards(tbl); err == nil || !strings.Contains(err.Error(), "reward.expr") {
		t.Errorf("syntax error in expr: %v", err)
	}
}
