package synth

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/internal/atomicfile"
)

// SweepSpec returns the YAML spec of cfg's table, in the format of the
// README's spec reference: the grid's knobs, cpu_used and ram_used observed,
// expected_tps as context when the table has load levels, the reward column
// or the same reward as an expression, a random start. cfg must be valid.
func SweepSpec(cfg SweepConfig) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Spec of a configuration-sweep table: grid %s, %d load levels, %g coverage, seed %d.\n",
		FormatGrid(cfg.Grid), cfg.Loads, cfg.Coverage, cfg.Seed)
	fmt.Fprintf(&b, "name: %s\nknobs:\n", cfg.Name)
	for _, k := range KnobNames[:len(cfg.Grid)] {
		fmt.Fprintf(&b, "  - {name: %s, column: %s}\n", k, k)
	}
	b.WriteString("observe: [cpu_used, ram_used]\n")
	if cfg.Loads > 0 {
		b.WriteString("context: [expected_tps]\n")
	}
	b.WriteString("metrics: [inc_tps, out_tps, cpu_used, ram_used, cost]\n")
	fmt.Fprintf(&b, "reward: %s\n", sweepRewardYAML(&cfg))
	fmt.Fprintf(&b, "invalid_penalty: %s\nhorizon: %d\nstart: random\n",
		strconv.FormatFloat(cfg.InvalidPenalty, 'g', -1, 64), cfg.Horizon)
	return []byte(b.String())
}

// sweepRewardYAML is the spec's reward: the table's column, or the row
// reward of sweepModel.reward written out with the cost's scale as a number.
func sweepRewardYAML(cfg *SweepConfig) string {
	if cfg.Reward == RewardColumn {
		return "{column: reward}"
	}
	m := newSweepModel(cfg)
	w := strconv.FormatFloat(cfg.CostWeight/m.costRef, 'g', -1, 64)
	return fmt.Sprintf(`{expr: "out_tps / inc_tps - %s * cost", missing: 0}`, w)
}

// WriteSweep writes cfg's table to tablePath, in its format (as WriteFile),
// and its spec to specPath, each atomically: a reader never sees a partial file and a failure leaves any
// previous file as it was. A bad cfg touches no file.
func WriteSweep(tablePath, specPath string, cfg SweepConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := writeTable(tablePath, dataset.FormatCSV, func(w io.Writer) error { return GenerateSweep(w, cfg) }); err != nil {
		return err
	}
	return atomicfile.WriteBytes(specPath, SweepSpec(cfg))
}
