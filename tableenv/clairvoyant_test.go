package tableenv

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// tinyLoadTable has two knobs and three load levels, one row per state (so
// every step's reward is determined), with configuration replicas=3,cpu=2
// never recorded and replicas=1,cpu=1 not recorded at load 30 (its nearest
// level, 20, stands in).
func tinyLoadTable(t *testing.T) *dataset.Table {
	t.Helper()
	var re, cpu, load, gain []float64
	for r := 1; r <= 3; r++ {
		for c := 1; c <= 2; c++ {
			for _, l := range []float64{10, 20, 30} {
				if r == 3 && c == 2 || r == 1 && c == 1 && l == 30 {
					continue
				}
				re, cpu, load = append(re, float64(r)), append(cpu, float64(c)), append(load, l)
				// Capacity r·c serves min(load, 10·r·c); cost grows with r and c.
				gain = append(gain, math.Min(l, 10*float64(r*c))/10-0.3*float64(r)-0.2*float64(c)+0.01*float64(len(gain)))
			}
		}
	}
	tb, err := dataset.FromColumns("tiny", []string{"re", "cpu", "load", "gain"}, [][]float64{re, cpu, load, gain}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tb.Release)
	return tb
}

// tinyLoadModel builds the tiny table under a spec with a 4-step series,
// a horizon of 3 (so that an episode's loads depend on its offset), and
// the given extra keys.
func tinyLoadModel(t *testing.T, extra string) *Model {
	t.Helper()
	return tinyLoadModelAt(t, "", extra)
}

// tinyLoadModelAt is tinyLoadModel with more keys in load: (", start: {offset: 1}").
func tinyLoadModelAt(t *testing.T, load, extra string) *Model {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "day.csv"), []byte("tps\n1\n3\n2\n3.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec, err := dataset.ParseSpec([]byte(`knobs: [{name: replicas, column: re}, cpu]
context: [load]
reward: {column: gain}
horizon: 3
invalid_penalty: -1
load: {file: day.csv, history: 2, period: {day: 4}`+load+`}
`+extra), filepath.Join(dir, "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(tinyLoadTable(t), spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// exhaustive plays every action sequence of the horizon from every start
// row and offset through Env, and returns the mean over starts of the best
// sequence's return and of the mean return over sequences (the random
// policy's value: each sequence is equally likely under it).
func exhaustive(t *testing.T, m *Model) (best, random float64, bestAt []float64) {
	t.Helper()
	h, na := m.Horizon(), m.NumActions()
	seqs := 1
	for range h {
		seqs *= na
	}
	e := m.NewEnv(1)
	n := m.SeriesLen()
	bestAt = make([]float64, n)
	for r := 0; r < m.NumRows(); r++ {
		for o := 0; o < n; o++ {
			e.SetStart(r)
			e.SetOffset(o)
			top, sum := math.Inf(-1), 0.0
			for q := 0; q < seqs; q++ {
				e.Reset(NoSeed)
				ret, code := 0.0, q
				for range h {
					_, rew, _, _, _ := e.Step(code % na)
					code /= na
					ret += rew
				}
				top, sum = max(top, ret), sum+ret
			}
			best += top
			bestAt[o] += top / float64(m.NumRows())
			random += sum / float64(seqs)
		}
	}
	starts := float64(m.NumRows() * n)
	return best / starts, random / starts, bestAt
}

func TestSolveDynamicMatchesExhaustive(t *testing.T) {
	for _, tc := range []struct{ name, extra string }{
		{"step", "delay: {replicas: 1}\nactions: step\n"},
		{"step12", "delay: {replicas: 1}\nactions: {step: [1, 2]}\nchange_cost: {replicas: 0.05}\n"},
		{"set", "delay: {replicas: 1}\nactions: set\nchange_cost: {cpu: 0.1}\n"},
		{"no-delay", "actions: step\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tinyLoadModel(t, tc.extra)
			y, err := SolveDynamic(m)
			if err != nil {
				t.Fatal(err)
			}
			best, random, bestAt := exhaustive(t, m)
			if math.Abs(y.Optimal-best) > 1e-9 || math.Abs(y.Random-random) > 1e-9 {
				t.Errorf("DP optimal %.12g random %.12g, exhaustive %.12g %.12g", y.Optimal, y.Random, best, random)
			}
			if !(y.Static <= y.Optimal+1e-9) || !(y.Random < y.Optimal) {
				t.Errorf("static %g, random %g, optimal %g: want random < optimal and static ≤ optimal", y.Static, y.Random, y.Optimal)
			}
			for o, v := range y.OptimalAt {
				if math.Abs(v-bestAt[o]) > 1e-9 {
					t.Errorf("offset %d: DP optimal %.12g, exhaustive %.12g", o, v, bestAt[o])
				}
			}
		})
	}
}

// The best static configuration's value is what its static policy earns
// when played through Env from every start row and offset.
func TestSolveDynamicStatic(t *testing.T) {
	for _, tc := range []struct{ load, extra string }{
		{"", "delay: {replicas: 1}\n"},
		{", start: {offset: 1}", "delay: {replicas: 2}\nactions: set\nchange_cost: {cpu: 0.3}\n"},
		{", start: {offset: 3}", "delay: {cpu: 1}\nactions: {step: [2]}\n"},
		{", start: {offset: 2}", "delay: {replicas: 1}\n"},
	} {
		extra := tc.load + tc.extra
		m := tinyLoadModelAt(t, tc.load, tc.extra)
		y, err := SolveDynamic(m)
		if err != nil {
			t.Fatal(err)
		}
		d := m.dyn
		scratch := make([]int32, d.pipeN)
		best, bestName := math.Inf(-1), ""
		e := m.NewEnv(1)
		for c := int32(0); c < int32(d.numConfigs()); c++ {
			var sum float64
			for r := 0; r < m.NumRows(); r++ {
				for o := 0; o < m.SeriesLen(); o++ {
					if d.load.Offset >= 0 && o != d.load.Offset {
						continue
					}
					e.SetStart(r)
					e.SetOffset(o)
					e.Reset(NoSeed)
					for range m.Horizon() {
						_, rew, _, _, _ := e.Step(d.staticAction(e.dyn.pipe, scratch, c, 0))
						sum += rew
					}
				}
			}
			offsets := m.SeriesLen()
			if d.load.Offset >= 0 {
				offsets = 1
			}
			if v := sum / float64(m.NumRows()*offsets); v > best+1e-12 {
				best, bestName = v, d.confName(m, c)
			}
		}
		if math.Abs(best-y.Static) > 1e-9 || bestName != y.StaticConfig {
			t.Errorf("%s: static %g (%s), the best static policy played through Env earns %g (%s)", extra, y.Static, y.StaticConfig, best, bestName)
		}
		if y.Static > y.Optimal+1e-9 {
			t.Errorf("%s: static %g above the optimum %g", extra, y.Static, y.Optimal)
		}
	}
}
