package train

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// fuzzModel is a small model for the decoders' fuzz targets: 3 × 2
// configurations, one context column, 12 rows.
func fuzzModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	var b strings.Builder
	b.WriteString("re cpu load out reward\n")
	for i := range 12 {
		b.WriteString(strings.Join([]string{strconv.Itoa(1 + i%3), strconv.Itoa(100 * (1 + i/3%2)), strconv.Itoa(10 * (1 + i/6)), strconv.Itoa(i), strconv.Itoa(i % 5)}, " ") + "\n")
	}
	tbl, err := dataset.Read(strings.NewReader(b.String()), "fuzz.txt", dataset.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer tbl.Release()
	s, err := dataset.ParseSpec([]byte("knobs: [re, cpu]\ncontext: [load]\nobserve: [out]\nreward: {column: reward}\nhorizon: 8\n"), "fuzz.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := tableenv.NewModel(tbl, s)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// tinyConfigs are a few-step configuration of every algorithm, small
// enough to train in milliseconds.
func tinyConfigs() map[string]Config {
	ppo := DefaultPPOConfig()
	ppo.TotalSteps, ppo.NumEnvs, ppo.RolloutLen, ppo.Minibatch, ppo.Hidden = 64, 2, 8, 8, []int{4}
	dqn := DefaultDQNConfig()
	dqn.TotalSteps, dqn.LearningStarts, dqn.IterateSteps, dqn.BufferSize, dqn.BatchSize, dqn.Hidden = 60, 10, 20, 50, 4, []int{4}
	q := DefaultQTableConfig()
	q.TotalSteps, q.IterateSteps = 100, 50
	return map[string]Config{"ppo": &ppo, "dqn": &dqn, "qtable": &q}
}

// tinyLearner trains algo's tiny configuration for two iterations.
// fuzzAlgos are the algorithms with a tiny config, in registry order: the
// online ones (the offline ones need a log, which the fuzz model has not;
// their policies and states are DQN's and the Q-table's formats).
func fuzzAlgos() []string {
	var names []string
	for _, name := range AlgorithmNames() {
		if _, ok := tinyConfigs()[name]; ok {
			names = append(names, name)
		}
	}
	return names
}

func tinyLearner(tb testing.TB, m *tableenv.Model, algo string) Learner {
	tb.Helper()
	a, err := LookupAlgorithm(algo)
	if err != nil {
		tb.Fatal(err)
	}
	l, err := a.NewLearner(m, tinyConfigs()[algo])
	if err != nil {
		tb.Fatal(err)
	}
	for range 2 {
		if _, err := l.Iterate(); err != nil {
			tb.Fatal(err)
		}
	}
	return l
}

// checkActs plays g on every row's observation: each action in range.
func checkActs(t *testing.T, m *tableenv.Model, g Greedy) {
	t.Helper()
	for r := range m.NumRows() {
		if a := g.Act(m.Observation(r)); a < 0 || a >= m.NumActions() {
			t.Fatalf("row %d: action %d of %d", r, a, m.NumActions())
		}
	}
}

// FuzzLoadPolicy: no policy.json makes LoadPolicy, Check or Greedy panic,
// and a policy they accept acts within the actions on every row. Each
// input is tried as it is, which mostly tests the checksum, and again with
// its checksum made right, which reaches the payload's decoding. The seeds
// are tiny policies of every algorithm.
func FuzzLoadPolicy(f *testing.F) {
	m := fuzzModel(f)
	for _, algo := range fuzzAlgos() {
		b, err := Export(m, tinyLearner(f, m, algo), 1, "fuzz.txt", "sha").Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "policy.json")
		try := func(b []byte) {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := LoadPolicy(path)
			if err != nil {
				return
			}
			if err := p.Check(m, p.DataSHA256, false); err != nil {
				return
			}
			g, err := p.Greedy(m)
			if err != nil {
				return
			}
			checkActs(t, m, g)
		}
		try(data)
		var p PolicyFile
		if json.Unmarshal(data, &p) != nil {
			return
		}
		if b, err := p.Marshal(); err == nil {
			try(b)
		}
	})
}

// FuzzCheckpoint: no checkpoint makes readCheckpoint or a learner's
// UnmarshalBinary panic, and a learner that accepts one can act and go on
// training. The seeds are the states of tiny learners of every algorithm
// and a whole checkpoint file; the first byte of an input picks the
// algorithm.
func FuzzCheckpoint(f *testing.F) {
	m := fuzzModel(f)
	dir := f.TempDir()
	for i, algo := range fuzzAlgos() {
		l := tinyLearner(f, m, algo)
		state, err := l.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte{byte(i)}, state...))
		path := filepath.Join(dir, algo+".ckpt")
		if err := writeCheckpoint(path, l, []CurvePoint{{Step: 1, MeanReturn: 1, GreedyReturn: 2, PctOptimal: math.NaN()}}, runState{}); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte{byte(i) | 0x80}, b...))
	}
	names := fuzzAlgos()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		algo := names[int(data[0]&0x7f)%len(names)]
		a, _ := LookupAlgorithm(algo)
		l, err := a.NewLearner(m, tinyConfigs()[algo])
		if err != nil {
			t.Fatal(err)
		}
		if data[0]&0x80 != 0 {
			path := filepath.Join(t.TempDir(), "checkpoint.bin")
			if err := os.WriteFile(path, data[1:], 0o644); err != nil {
				t.Fatal(err)
			}
			if _, _, err := readCheckpoint(path, l); err != nil {
				return
			}
		} else if err := l.UnmarshalBinary(data[1:]); err != nil {
			return
		}
		checkActs(t, m, l.Greedy())
		if l.Steps() < 1000 {
			l.Iterate() // an error is fine; a panic is not
		}
	})
}
