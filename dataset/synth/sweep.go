package synth

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Stream ids of a sweep table's parts, apart from the trajectory's: which
// states are recorded, how many rows each gets, and the measurements.
const (
	streamSweepCoverage uint64 = iota + 101
	streamSweepRows
	streamSweepMeasure
)

// GenerateSweep writes the CSV table of cfg to w: a header line, then the
// rows of each recorded state, load level by load level and within a level
// configuration by configuration (the last knob varying fastest). The output
// is a function of cfg alone. An invalid cfg is reported before anything is
// written, as a *ConfigError; a write error stops the generation.
func GenerateSweep(w io.Writer, cfg SweepConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	stream := func(id uint64) *rand.Rand { return rand.New(rand.NewPCG(cfg.Seed, id)) }
	m := newSweepModel(&cfg)
	recorded := recordedStates(cfg.gridStates(), cfg.States(), stream(streamSweepCoverage))
	// Rows are drawn for every state of the grid, recorded or not, so that a
	// state's row count does not change with the coverage.
	rowsRNG := stream(streamSweepRows)
	rows := make([]int, cfg.gridStates())
	for s := range rows {
		rows[s] = cfg.RowsMin + rowsRNG.IntN(cfg.RowsMax-cfg.RowsMin+1)
	}
	noise := stream(streamSweepMeasure)

	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write(sweepHeader(&cfg)); err != nil {
		return err
	}
	loads := cfg.LoadLevels()
	levels := make([]int, len(cfg.Grid))
	var b []byte
	for _, s := range recorded {
		load := loads[s/cfg.Configs()]
		gridLevels(s%cfg.Configs(), cfg.Grid, levels)
		c := m.config(levels)
		for range rows[s] {
			b = m.row(b[:0], c, load, noise)
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// recordedStates draws k of the states 0..n-1 without replacement (a partial
// Fisher–Yates shuffle) and returns them ascending.
func recordedStates(n, k int, rng *rand.Rand) []int {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	for i := range k {
		j := i + rng.IntN(n-i)
		all[i], all[j] = all[j], all[i]
	}
	picked := all[:k]
	slices.Sort(picked)
	return picked
}

// gridLevels writes the 0-based knob levels of configuration index i (the
// last knob varying fastest) into dst.
func gridLevels(i int, grid, dst []int) {
	for k := len(grid) - 1; k >= 0; k-- {
		dst[k] = i % grid[k]
		i /= grid[k]
	}
}

// Fractions of the usage model, as the trajectory generator's service has them.
const sweepRAMPerHeap = 0.30 // RAM fraction the grid's largest heap commits

// row appends one measured interval of configuration c under load level load.
func (m *sweepModel) row(b []byte, c sweepConfig, load float64, r *rand.Rand) []byte {
	k := m.cfg
	offered := load * math.Exp(k.LoadNoise*r.NormFloat64())
	capacity := m.capacity(c) * math.Exp(k.CapacityNoise*r.NormFloat64())
	served := math.Min(offered, capacity) * math.Exp(-k.ServeNoise*math.Abs(r.NormFloat64()))
	util := served / capacity
	cpuUsed := clamp01(cpuIdle + (1-cpuIdle)*util + k.UsageNoise*r.NormFloat64())
	heapShare := float64(c.heapMB) / float64(m.largest.heapMB)
	ramUsed := clamp01(ramBase + sweepRAMPerHeap*heapShare + ramPerUse*util + k.UsageNoise*r.NormFloat64())
	cost := m.cost(c) * math.Exp(k.CostNoise*r.NormFloat64())

	for i := range k.Grid {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(c.knob(i)), 10)
	}
	if k.Loads > 0 {
		b = append(b, ',')
		b = strconv.AppendFloat(b, load, 'f', -1, 64)
	}
	for _, v := range []struct {
		x    float64
		prec int
	}{{offered, 3}, {served, 3}, {cpuUsed, 4}, {ramUsed, 4}, {cost, 5}} {
		b = appendCell(b, v.x, v.prec)
	}
	if k.Reward == RewardColumn {
		// From the cells as written, so that the spec's expression over them
		// (RewardExpr) gives the same reward.
		b = appendCell(b, m.reward(roundTo(offered, 3), roundTo(served, 3), roundTo(cost, 5)), 6)
	}
	return append(b, '\n')
}

// appendCell appends a comma and v with prec decimals; a value that rounds to
// zero is written without a minus sign.
func appendCell(b []byte, v float64, prec int) []byte {
	if roundTo(v, prec) == 0 {
		v = 0
	}
	return strconv.AppendFloat(append(b, ','), v, 'f', prec, 64)
}

func roundTo(v float64, prec int) float64 {
	p := math.Pow10(prec)
	return math.Round(v*p) / p
}

// sweepHeader is the CSV header of cfg's table.
func sweepHeader(cfg *SweepConfig) []byte {
	var b []byte
	for i, name := range sweepColumns(cfg) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, name...)
	}
	return append(b, '\n')
}

// sweepColumns names the columns of cfg's table in order.
func sweepColumns(cfg *SweepConfig) []string {
	cols := slices.Clone(KnobNames[:len(cfg.Grid)])
	if cfg.Loads > 0 {
		cols = append(cols, "expected_tps")
	}
	cols = append(cols, "inc_tps", "out_tps", "cpu_used", "ram_used", "cost")
	if cfg.Reward == RewardColumn {
		cols = append(cols, "reward")
	}
	return cols
}
