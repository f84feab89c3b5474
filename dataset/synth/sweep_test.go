package synth_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
	"github.com/tablerl/tablerl/tableenv"
)

// sweep returns cfg with the fields of a small test shape set.
func sweep(grid []int, loads int, coverage float64, reward synth.SweepReward) synth.SweepConfig {
	c := synth.DefaultSweepConfig()
	c.Grid, c.Loads, c.Coverage, c.Reward = grid, loads, coverage, reward
	return c
}

// sweepRecords parses a sweep table into its header and rows.
func sweepRecords(t *testing.T, table []byte) (header []string, rows [][]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(table)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

func TestSweepDeterministic(t *testing.T) {
	cfg := sweep([]int{4, 4, 4}, 4, 0.5, synth.RewardColumn)
	a, b := generateSweep(t, cfg), generateSweep(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("the same config gave different bytes")
	}
	cfg.Seed = 2
	if bytes.Equal(a, generateSweep(t, cfg)) {
		t.Fatal("seeds 1 and 2 gave the same bytes")
	}
	// The streams are separate: the reward's form changes no measurement.
	cfg.Seed = 1
	cfg.Reward = synth.RewardExpr
	_, colRows := sweepRecords(t, a)
	_, exprRows := sweepRecords(t, generateSweep(t, cfg))
	if len(colRows) != len(exprRows) {
		t.Fatalf("%d rows with a reward column, %d without", len(colRows), len(exprRows))
	}
	for i := range colRows {
		if !slices.Equal(colRows[i][:len(exprRows[i])], exprRows[i]) {
			t.Fatalf("row %d: %v with the column, %v without", i, colRows[i], exprRows[i])
		}
	}
}

func TestSweepShape(t *testing.T) {
	for _, tc := range []struct {
		cfg  synth.SweepConfig
		cols []string
	}{
		{sweep([]int{3, 6, 6}, 0, 1, synth.RewardColumn),
			[]string{"replicas", "cpu", "heap", "inc_tps", "out_tps", "cpu_used", "ram_used", "cost", "reward"}},
		{sweep([]int{9, 9, 9}, 12, 0.15, synth.RewardExpr),
			[]string{"replicas", "cpu", "heap", "expected_tps", "inc_tps", "out_tps", "cpu_used", "ram_used", "cost"}},
		{sweep([]int{12}, 8, 0.6, synth.RewardColumn),
			[]string{"replicas", "expected_tps", "inc_tps", "out_tps", "cpu_used", "ram_used", "cost", "reward"}},
		{sweep([]int{5, 7}, 4, 0.4, synth.RewardExpr),
			[]string{"replicas", "cpu", "expected_tps", "inc_tps", "out_tps", "cpu_used", "ram_used", "cost"}},
	} {
		cfg := tc.cfg
		name := fmt.Sprintf("%s/%d loads/%g/%v", synth.FormatGrid(cfg.Grid), cfg.Loads, cfg.Coverage, cfg.Reward)
		header, rows := sweepRecords(t, generateSweep(t, cfg))
		if !slices.Equal(header, tc.cols) {
			t.Errorf("%s: header %v, want %v", name, header, tc.cols)
			continue
		}
		// Rows per state, and the distinct values of each knob and the load.
		nk := len(cfg.Grid)
		states := map[string]int{}
		distinct := make([]map[string]bool, nk+1)
		for i := range distinct {
			distinct[i] = map[string]bool{}
		}
		for _, r := range rows {
			key := r[0]
			for k := range nk {
				distinct[k][r[k]] = true
				key += "," + r[k]
			}
			if cfg.Loads > 0 {
				distinct[nk][r[nk]] = true
				key += "," + r[nk]
			}
			states[key]++
		}
		for k, n := range cfg.Grid {
			// A sparse table may miss a level; the full grid of levels is
			// level·step for the CPU and heap, level for replicas.
			if got := len(distinct[k]); got > n || cfg.Coverage == 1 && got != n {
				t.Errorf("%s: %s has %d levels, want %d", name, header[k], got, n)
			}
		}
		if cfg.Loads > 0 && len(distinct[nk]) != cfg.Loads {
			t.Errorf("%s: %d load levels, want %d", name, len(distinct[nk]), cfg.Loads)
		}
		grid := cfg.Configs() * max(cfg.Loads, 1)
		if got := float64(len(states)) / float64(grid); math.Abs(got-cfg.Coverage) > 1/float64(grid) || len(states) != cfg.States() {
			t.Errorf("%s: %d of %d states recorded (%.3f), want %d (coverage %g)", name, len(states), grid, got, cfg.States(), cfg.Coverage)
		}
		for key, n := range states {
			if n < cfg.RowsMin || n > cfg.RowsMax {
				t.Errorf("%s: state %s has %d rows, want %d–%d", name, key, n, cfg.RowsMin, cfg.RowsMax)
			}
		}
		for _, r := range rows[:min(len(rows), 50)] {
			for i, cell := range r {
				if v, err := strconv.ParseFloat(cell, 64); err != nil || math.IsNaN(v) {
					t.Fatalf("%s: column %s: %q is not a number", name, header[i], cell)
				}
			}
		}
	}
}

// TestSweepBestMovesWithLoad checks the trade-off the benchmark rests on:
// under the noiseless reward the best configuration of the lowest load level
// is not that of the highest, and it needs less capacity.
func TestSweepBestMovesWithLoad(t *testing.T) {
	for _, grid := range [][]int{{3, 6, 6}, {9, 9, 9}, {12}, {9, 9}, {5, 5, 5}} {
		cfg := sweep(grid, 8, 1, synth.RewardColumn)
		loads := cfg.LoadLevels()
		var bests [][]int
		for _, tps := range loads {
			best, arg := math.Inf(-1), []int(nil)
			for _, lv := range allLevels(grid) {
				if r := cfg.TrueReward(lv, tps); r > best {
					best, arg = r, lv
				}
			}
			bests = append(bests, arg)
		}
		lo, hi := bests[0], bests[len(bests)-1]
		if slices.Equal(lo, hi) {
			t.Errorf("grid %v: the best configuration %v is the same at %g and %g tps", grid, lo, loads[0], loads[len(loads)-1])
		}
		if cfg.TrueReward(lo, loads[len(loads)-1]) >= cfg.TrueReward(hi, loads[len(loads)-1]) {
			t.Errorf("grid %v: the low load's best %v is as good under the high load as its best %v", grid, lo, hi)
		}
	}
}

// allLevels lists every configuration of grid as 0-based levels.
func allLevels(grid []int) [][]int {
	out := [][]int{{}}
	for _, n := range grid {
		var next [][]int
		for _, p := range out {
			for l := range n {
				next = append(next, append(slices.Clone(p), l))
			}
		}
		out = next
	}
	return out
}

func TestSweepValidate(t *testing.T) {
	for _, tc := range []struct {
		field string
		edit  func(*synth.SweepConfig)
	}{
		{"Name", func(c *synth.SweepConfig) { c.Name = "a b" }},
		{"Grid", func(c *synth.SweepConfig) { c.Grid = nil }},
		{"Grid", func(c *synth.SweepConfig) { c.Grid = []int{9, 9, 9, 9} }},
		{"Grid", func(c *synth.SweepConfig) { c.Grid = []int{9, 1} }},
		{"Grid", func(c *synth.SweepConfig) { c.Grid = []int{17} }},
		{"Loads", func(c *synth.SweepConfig) { c.Loads = 1 }},
		{"Loads", func(c *synth.SweepConfig) { c.Loads = 25 }},
		{"Coverage", func(c *synth.SweepConfig) { c.Coverage = 0 }},
		{"Coverage", func(c *synth.SweepConfig) { c.Coverage = math.NaN() }},
		{"Coverage", func(c *synth.SweepConfig) { c.Coverage = 1.01 }},
		{"RowsMin", func(c *synth.SweepConfig) { c.RowsMin = 0 }},
		{"RowsMax", func(c *synth.SweepConfig) { c.RowsMax = 2 }},
		{"RowsMax", func(c *synth.SweepConfig) { c.RowsMax = math.MaxInt }},
		{"LoadMax", func(c *synth.SweepConfig) { c.LoadMax = c.LoadMin + 3 }},
		{"Horizon", func(c *synth.SweepConfig) { c.Horizon = 0 }},
		{"InvalidPenalty", func(c *synth.SweepConfig) { c.InvalidPenalty = math.Inf(-1) }},
		{"CostPerGB", func(c *synth.SweepConfig) { c.CostPerGB = 0 }},
		{"Reward", func(c *synth.SweepConfig) { c.Reward = 7 }},
	} {
		cfg := synth.DefaultSweepConfig()
		tc.edit(&cfg)
		var b bytes.Buffer
		err := synth.GenerateSweep(&b, cfg)
		var ce *synth.ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field || !errors.Is(err, synth.ErrConfig) {
			t.Errorf("%s: error %v, want a *ConfigError of %s", tc.field, err, tc.field)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written before the error", tc.field, b.Len())
		}
	}
	if err := synth.DefaultSweepConfig().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

// sweepModel loads cfg's table and spec as the CLI does and builds the model.
func sweepModel(t *testing.T, cfg synth.SweepConfig) *tableenv.Model {
	t.Helper()
	tbl, err := dataset.Read(bytes.NewReader(generateSweep(t, cfg)), cfg.Name+".csv", dataset.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	spec, err := dataset.ParseSpec(synth.SweepSpec(cfg), cfg.Name+".spec.yaml")
	if err != nil {
		t.Fatalf("spec: %v\n%s", err, synth.SweepSpec(cfg))
	}
	m, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSweepSpecModel(t *testing.T) {
	for _, cfg := range []synth.SweepConfig{
		sweep([]int{3, 6, 6}, 0, 1, synth.RewardColumn),
		sweep([]int{4, 4, 4}, 6, 0.5, synth.RewardColumn),
		sweep([]int{8}, 4, 0.3, synth.RewardColumn),
	} {
		cfg.Horizon, cfg.InvalidPenalty = 25, -1.5
		m := sweepModel(t, cfg)
		name := synth.FormatGrid(cfg.Grid)
		if m.NumStates() != cfg.States() || m.NumActions() != 1+2*len(cfg.Grid) || m.Horizon() != 25 || m.Spec.InvalidPenalty != -1.5 {
			t.Errorf("%s: %d states, %d actions, horizon %d, penalty %g; want %d, %d, 25, -1.5",
				name, m.NumStates(), m.NumActions(), m.Horizon(), m.Spec.InvalidPenalty, cfg.States(), 1+2*len(cfg.Grid))
		}
		if d := tableenv.Describe(m); d.Contexts != max(cfg.Loads, 1) {
			t.Errorf("%s: %d contexts, want %d", name, d.Contexts, max(cfg.Loads, 1))
		}
		// The expression computes the column's reward, to its 6 decimals.
		cfg.Reward = synth.RewardExpr
		e := sweepModel(t, cfg)
		for r := range m.NumRows() {
			if math.Abs(m.Reward(r)-e.Reward(r)) > 0.6e-6 {
				t.Fatalf("%s: row %d: reward column %g, expression %g", name, r, m.Reward(r), e.Reward(r))
			}
		}
	}
}
