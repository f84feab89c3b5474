package synth

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// SweepReward says how a sweep table's reward reaches the environment.
type SweepReward int

const (
	// RewardColumn writes a reward column to the table; the spec reads it.
	RewardColumn SweepReward = iota
	// RewardExpr writes no reward column; the spec computes the reward with
	// an expression over out_tps, inc_tps and cost.
	RewardExpr
)

func (r SweepReward) String() string {
	if r == RewardExpr {
		return "expr"
	}
	return "column"
}

// ParseSweepReward parses "column" or "expr".
func ParseSweepReward(s string) (SweepReward, error) {
	switch s {
	case "column":
		return RewardColumn, nil
	case "expr":
		return RewardExpr, nil
	}
	return 0, fmt.Errorf("synth: %w: reward %q, want column or expr", ErrConfig, s)
}

// KnobNames are the knobs of a sweep grid, in grid order: a grid of one knob
// varies replicas, of two replicas and cpu, of three all three.
var KnobNames = [...]string{"replicas", "cpu", "heap"}

// SweepConfig parametrizes a configuration-sweep table: what a load test that
// samples configurations leaves. For each recorded state — a configuration of
// the grid and, when Loads > 0, a load level — it logs several intervals, one
// row each. doc.go gives the model. The zero value is not valid: start from
// DefaultSweepConfig.
type SweepConfig struct {
	// Name labels the spec (letters, digits, '.', '_' and '-'; default "sweep").
	Name string
	Seed uint64 // seed of every random draw (default 1)

	// Grid holds the levels of each knob, in KnobNames order: 1–3 knobs of
	// 2–16 levels (default 9×9×9). Level i (1-based) is i replicas, 100·i
	// millicores of CPU, 100·i MB of heap. A knob the grid leaves out is
	// fixed at 500 millicores or 500 MB and gets no column.
	Grid []int

	// Loads is the number of load levels: 0 for a single load and no
	// expected_tps column, or 2–24 levels spread evenly over [LoadMin,
	// LoadMax] and written as expected_tps, the spec's context (default 8).
	Loads   int
	LoadMin float64 // expected tps of the lowest level (default 100)
	LoadMax float64 // of the highest (default 1500); with Loads = 0 the load is (LoadMin+LoadMax)/2

	// Coverage is the fraction of the (configuration × load level) states
	// recorded, in (0, 1], drawn without replacement (default 0.4). The
	// unrecorded ones are invalid moves in the environment.
	Coverage float64
	// RowsMin and RowsMax bound the rows of a recorded state, drawn
	// uniformly (default 3 and 8).
	RowsMin, RowsMax int

	// Capacity: Headroom·LoadMax · shape(c)/shape(largest configuration), with
	// shape = replicas^ReplicaExp · cores^CPUExp · (1 − exp(−heap/HeapScale)),
	// so that every grid spans the loads the same way.
	Headroom   float64 // the largest configuration's capacity per LoadMax, > 0 (default 1.5)
	ReplicaExp float64 // in (0, 1] (default 0.8)
	CPUExp     float64 // in (0, 1] (default 0.7)
	HeapScale  float64 // MB (default 300)

	// Cost: replicas · (CostPerCore·cores + CostPerGB·heap GB) per interval.
	CostPerCore float64 // default 0.03
	CostPerGB   float64 // default 0.015
	// CostWeight is what the largest configuration's cost takes off the
	// reward, whose served fraction is at most 1 (default 1).
	CostWeight float64

	// Noise, each a σ in [0, 5].
	LoadNoise     float64 // log-normal, of the offered load about the level (default 0.08)
	CapacityNoise float64 // log-normal, of the capacity (default 0.05)
	ServeNoise    float64 // half-normal loss of the load served (default 0.02)
	UsageNoise    float64 // additive, of cpu_used and ram_used (default 0.02)
	CostNoise     float64 // log-normal, of the cost (default 0.03)

	Reward SweepReward // column (default) or expr

	// The spec: steps per episode, ≥ 1 (default 50), and the reward of an
	// invalid move, finite (default −5).
	Horizon        int
	InvalidPenalty float64
}

// DefaultSweepConfig returns the documented defaults: a 9×9×9 grid under 8
// load levels of 100–1500 tps, 40% of the states recorded with 3–8 rows each.
func DefaultSweepConfig() SweepConfig {
	return SweepConfig{
		Name: "sweep", Seed: 1,
		Grid:  []int{9, 9, 9},
		Loads: 8, LoadMin: 100, LoadMax: 1500,
		Coverage: 0.4, RowsMin: 3, RowsMax: 8,
		Headroom: 1.5, ReplicaExp: 0.8, CPUExp: 0.7, HeapScale: 300,
		CostPerCore: 0.03, CostPerGB: 0.015, CostWeight: 1,
		LoadNoise: 0.08, CapacityNoise: 0.05, ServeNoise: 0.02, UsageNoise: 0.02, CostNoise: 0.03,
		Reward:  RewardColumn,
		Horizon: 50, InvalidPenalty: -5,
	}
}

// Limits of a sweep table, checked before anything is allocated.
const (
	maxSweepLevels = 16
	maxSweepLoads  = 24
	maxSweepRows   = 2_000_000 // rows of the whole table at RowsMax
)

var sweepName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Validate reports the first field of c out of its range, as a *ConfigError.
func (c SweepConfig) Validate() error {
	if !sweepName.MatchString(c.Name) {
		return configError("Name", c.Name, "letters, digits, '.', '_' or '-'")
	}
	if len(c.Grid) < 1 || len(c.Grid) > len(KnobNames) {
		return configError("Grid", FormatGrid(c.Grid), "1 to 3 knobs")
	}
	for _, n := range c.Grid {
		if n < 2 || n > maxSweepLevels {
			return configError("Grid", FormatGrid(c.Grid), fmt.Sprintf("2 to %d levels per knob", maxSweepLevels))
		}
	}
	if c.Loads != 0 && (c.Loads < 2 || c.Loads > maxSweepLoads) {
		return configError("Loads", c.Loads, fmt.Sprintf("0 or 2 to %d", maxSweepLoads))
	}
	if c.RowsMin < 1 {
		return configError("RowsMin", c.RowsMin, "at least 1")
	}
	if c.RowsMax < c.RowsMin {
		return configError("RowsMax", c.RowsMax, fmt.Sprintf("at least RowsMin (%d)", c.RowsMin))
	}
	if rows := c.gridStates() * c.RowsMax; c.RowsMax > maxSweepRows || rows > maxSweepRows {
		return configError("RowsMax", c.RowsMax, fmt.Sprintf("at most %d rows in all (%d states)", maxSweepRows, c.gridStates()))
	}
	if c.Horizon < 1 {
		return configError("Horizon", c.Horizon, "at least 1")
	}
	if c.Reward != RewardColumn && c.Reward != RewardExpr {
		return configError("Reward", int(c.Reward), "RewardColumn or RewardExpr")
	}
	// Distinct load levels need a step of at least 1 tps once rounded.
	minSpan := float64(max(c.Loads-1, 0))
	return checkFloats([]floatRange{
		{"LoadMin", c.LoadMin, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"LoadMax", c.LoadMax, c.LoadMin + minSpan, math.MaxFloat64, false, false, fmt.Sprintf("at least LoadMin + %g and finite", minSpan)},
		{"Coverage", c.Coverage, 0, 1, true, false, "in (0, 1]"},
		{"Headroom", c.Headroom, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"ReplicaExp", c.ReplicaExp, 0, 1, true, false, "in (0, 1]"},
		{"CPUExp", c.CPUExp, 0, 1, true, false, "in (0, 1]"},
		{"HeapScale", c.HeapScale, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"CostPerCore", c.CostPerCore, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"CostPerGB", c.CostPerGB, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"CostWeight", c.CostWeight, 0, math.MaxFloat64, false, false, "non-negative and finite"},
		{"LoadNoise", c.LoadNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"CapacityNoise", c.CapacityNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"ServeNoise", c.ServeNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"UsageNoise", c.UsageNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"CostNoise", c.CostNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"InvalidPenalty", c.InvalidPenalty, -math.MaxFloat64, math.MaxFloat64, false, false, "finite"},
	})
}

// Configs is the number of configurations of the grid.
func (c SweepConfig) Configs() int {
	n := 1
	for _, l := range c.Grid {
		n *= l
	}
	return n
}

// loadLevels is Loads, or 1 for a table without load levels.
func (c SweepConfig) loadLevels() int { return max(c.Loads, 1) }

// gridStates is the number of (configuration, load level) states.
func (c SweepConfig) gridStates() int { return c.Configs() * c.loadLevels() }

// States is the number of states the table records: Coverage of the grid's
// (configuration, load level) states, rounded, at least one.
func (c SweepConfig) States() int {
	return max(1, int(math.Round(c.Coverage*float64(c.gridStates()))))
}

// ParseGrid parses a grid as levels per knob joined by x: "9x9x9", "3x6x6",
// "12". It checks the form only; Validate checks the ranges.
func ParseGrid(s string) ([]int, error) {
	parts := strings.Split(s, "x")
	grid := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("synth: %w: grid %q, want levels per knob joined by x (9x9x9)", ErrConfig, s)
		}
		grid = append(grid, n)
	}
	return grid, nil
}

// FormatGrid writes a grid as ParseGrid reads it.
func FormatGrid(grid []int) string {
	parts := make([]string, len(grid))
	for i, n := range grid {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, "x")
}
