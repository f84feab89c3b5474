package tableenv

import (
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// sparseCSV is a comma CSV with two context columns (region, tier), a reward
// column, a single-level knob (zone) and sparse coverage: of the 4×3×1 grid
// per context, few configurations are recorded.
const sparseCSV = `re,cpu,zone,region,tier,gain,note
1,100,7,0,1,0.5,a
1,100,7,0,1,0.7,b
2,100,7,0,1,1.0,c
2,200,7,0,1,2.5,d
4,300,7,0,1,9.0,e
1,100,7,1,1,0.1,f
1,200,7,1,1,0.3,g
1,300,7,1,1,0.2,h
2,300,7,1,1,,i
2,300,7,1,1,1.5,j
3,300,7,1,1,3.0,k
3,300,7,1,1,2.0,l
`

const sparseSpec = `
knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}, zone]
context: [region, tier]
observe: []
reward: {column: gain, missing: -1}
invalid_penalty: -2
horizon: 4
`

// enumerate returns the best and the mean, over every action sequence of
// length h, of the expected return from the configuration of row start. It
// scans the rows at every step and shares no code with Model: the check is
// independent. Reaching a configuration draws a row uniformly, so the
// expected reward of arriving is the mean of its rows' rewards.
func enumerate(rows [][]float64, rewards []float64, knobs, ctx []int, nActions int, start []float64, h int, pen float64) (best, mean float64) {
	levels := make([][]float64, len(knobs))
	for k, c := range knobs {
		seen := map[float64]bool{}
		for _, r := range rows {
			if !seen[r[c]] {
				seen[r[c]] = true
				levels[k] = append(levels[k], r[c])
			}
		}
		sortFloats(levels[k])
	}
	arrive := func(cfg []float64) (float64, bool) {
		sum, n := 0.0, 0
		for i, r := range rows {
			ok := true
			for k, c := range knobs {
				ok = ok && r[c] == cfg[k]
			}
			for _, c := range ctx {
				ok = ok && r[c] == start[c]
			}
			if ok {
				sum += rewards[i]
				n++
			}
		}
		return sum / float64(n), n > 0
	}
	var rec func(cfg []float64, depth int) (float64, float64)
	rec = func(cfg []float64, depth int) (float64, float64) {
		if depth == h {
			return 0, 0
		}
		b, total := math.Inf(-1), 0.0
		for a := 0; a < nActions; a++ {
			nxt := append([]float64(nil), cfg...)
			ok := true
			if a > 0 {
				k, d := (a-1)/2, 1-2*((a-1)%2)
				j := indexOf(levels[k], cfg[k]) + d
				ok = j >= 0 && j < len(levels[k])
				if ok {
					nxt[k] = levels[k][j]
				}
			}
			var r float64
			if ok {
				r, ok = arrive(nxt)
			}
			if !ok {
				r, nxt = pen, cfg
			}
			vb, vm := rec(nxt, depth+1)
			b = math.Max(b, r+vb)
			total += r + vm
		}
		return b, total / float64(nActions)
	}
	cfg := make([]float64, len(knobs))
	for k, c := range knobs {
		cfg[k] = start[c]
	}
	return rec(cfg, 0)
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

func indexOf(x []float64, v float64) int {
	for i, y := range x {
		if y == v {
			return i
		}
	}
	return -1
}

func TestOptimumMatchesEnumeration(t *testing.T) {
	tbl, err := dataset.Read(strings.NewReader(sparseCSV), "sparse.csv", dataset.LoadOptions{Format: dataset.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte(sparseSpec), "sparse.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.NumActions(), 7; got != want {
		t.Fatalf("actions = %d, want %d (noop and ± for 3 knobs)", got, want)
	}
	if got, want := m.NumStates(), 9; got != want {
		t.Errorf("states = %d, want %d recorded (configuration, context) pairs", got, want)
	}
	// Raw rows for the independent enumeration: re, cpu, zone, region, tier, gain.
	var rows [][]float64
	var rewards []float64
	for _, line := range strings.Split(strings.TrimSpace(sparseCSV), "\n")[1:] {
		f := strings.Split(line, ",")
		r := make([]float64, 5)
		for i := range r {
			r[i] = atof(t, f[i])
		}
		rows = append(rows, r)
		if f[5] == "" {
			rewards = append(rewards, spec.Reward.Missing)
		} else {
			rewards = append(rewards, atof(t, f[5]))
		}
	}
	sol := Solve(m)
	var meanOpt float64
	for start := range rows {
		best, mean := enumerate(rows, rewards, []int{0, 1, 2}, []int{3, 4}, 7, rows[start], spec.Horizon, spec.InvalidPenalty)
		if got := sol.OptimalReturn(start); math.Abs(got-best) > 1e-9 {
			t.Errorf("row %d: optimal return %.9f, enumeration %.9f", start, got, best)
		}
		if got := sol.RandomReturn(start); math.Abs(got-mean) > 1e-9 {
			t.Errorf("row %d: random return %.9f, enumeration %.9f", start, got, mean)
		}
		meanOpt += best / float64(len(rows))
	}
	if got := sol.OptimalReturn(-1); math.Abs(got-meanOpt) > 1e-9 {
		t.Errorf("random-start optimal return %.9f, enumeration %.9f", got, meanOpt)
	}
	// The optimal policy, followed in the environment, earns the optimum on average.
	env := m.NewEnv(3)
	env.SetStart(0)
	var total float64
	const episodes = 4000
	for ep := 0; ep < episodes; ep++ {
		env.Reset(NoSeed)
		for trunc := false; !trunc; {
			var r float64
			_, r, _, trunc, _ = env.Step(sol.Action(env.State(), spec.Horizon-env.Steps()))
			total += r
		}
	}
	if got, want := total/episodes, sol.OptimalReturn(0); math.Abs(got-want) > 0.05 {
		t.Errorf("optimal policy earned %.4f over %d episodes, exact %.4f", got, episodes, want)
	}
}
