package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
)

// runGen writes a trajectory in the TeaStore schema; "gen sweep" and "gen
// suite" write configuration-sweep tables with their specs.
func runGen(c *cli, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "sweep":
			return runGenSweep(c, args[1:])
		case "suite":
			return runGenSuite(c, args[1:])
		case "load":
			return runGenLoad(c, args[1:])
		}
	}
	cmd := commandNamed("gen")
	cmd.args = "OUT   (or: gen sweep OUT, gen suite DIR, gen load OUT)"
	fs := c.newFlags(cmd)
	cfg := synth.DefaultConfig()
	fs.IntVar(&cfg.Rows, "rows", cfg.Rows, "rows to write")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same file")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if cfg.Rows < 1 {
		return usagef("--rows must be at least 1, got %d", cfg.Rows)
	}
	if err := synth.WriteFile(pos[0], cfg); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, map[string]any{"out": pos[0], "rows": cfg.Rows, "seed": cfg.Seed})
	}
	fmt.Fprintf(c.stdout, "wrote %s: %d rows (seed %d)\n", pos[0], cfg.Rows, cfg.Seed)
	return nil
}

// sweepReport describes one written sweep table, for JSON and the lines printed.
type sweepReport struct {
	Name           string  `json:"name"`
	Data           string  `json:"data"`
	Spec           string  `json:"spec"`
	Grid           string  `json:"grid"`
	Loads          int     `json:"loads"`
	Coverage       float64 `json:"coverage"`
	States         int     `json:"states"`
	Reward         string  `json:"reward"`
	Horizon        int     `json:"horizon"`
	InvalidPenalty float64 `json:"invalid_penalty"`
	Seed           uint64  `json:"seed"`
}

// writeSweep writes cfg's table to data and its spec to spec.
func writeSweep(data, spec string, cfg synth.SweepConfig) (sweepReport, error) {
	if err := synth.WriteSweep(data, spec, cfg); err != nil {
		return sweepReport{}, err
	}
	return sweepReport{Name: cfg.Name, Data: data, Spec: spec, Grid: synth.FormatGrid(cfg.Grid), Loads: cfg.Loads,
		Coverage: cfg.Coverage, States: cfg.States(), Reward: cfg.Reward.String(), Horizon: cfg.Horizon,
		InvalidPenalty: cfg.InvalidPenalty, Seed: cfg.Seed}, nil
}

func (r sweepReport) String() string {
	return fmt.Sprintf("wrote %s and %s: grid %s, %d load levels, coverage %g, %d states, reward %s, horizon %d, penalty %g (seed %d)",
		r.Data, r.Spec, r.Grid, r.Loads, r.Coverage, r.States, r.Reward, r.Horizon, r.InvalidPenalty, r.Seed)
}

// sweepFlags names the flag of each SweepConfig field a flag sets, so that a
// field out of range is a usage error naming its flag.
var sweepFlags = map[string]string{
	"Name": "name", "Grid": "grid", "Loads": "loads", "LoadMin": "load-min", "LoadMax": "load-max",
	"Coverage": "coverage", "RowsMin": "rows-per-state", "RowsMax": "rows-per-state", "Reward": "reward",
	"Horizon": "horizon", "InvalidPenalty": "penalty",
}

func runGenSweep(c *cli, args []string) error {
	fs := c.newFlags(command{name: "gen sweep", args: "OUT",
		summary: "write a configuration-sweep table (CSV) and its spec: what a load test sampling configurations leaves"})
	cfg := synth.DefaultSweepConfig()
	grid := fs.String("grid", synth.FormatGrid(cfg.Grid), "levels per knob (replicas, cpu, heap), 1 to 3 knobs: 9x9x9, 3x6x6, 9x9, 12")
	fs.IntVar(&cfg.Loads, "loads", cfg.Loads, "load levels written as expected_tps (the spec's context); 0 for none")
	fs.Float64Var(&cfg.LoadMin, "load-min", cfg.LoadMin, "expected tps of the lowest load level")
	fs.Float64Var(&cfg.LoadMax, "load-max", cfg.LoadMax, "expected tps of the highest load level")
	fs.Float64Var(&cfg.Coverage, "coverage", cfg.Coverage, "fraction of the (configuration × load) states recorded, in (0, 1]")
	rows := fs.String("rows-per-state", fmt.Sprintf("%d-%d", cfg.RowsMin, cfg.RowsMax), "rows of a recorded state: N, or N-M drawn uniformly")
	reward := fs.String("reward", cfg.Reward.String(), "column (a reward column in the table) or expr (the spec computes it)")
	fs.IntVar(&cfg.Horizon, "horizon", cfg.Horizon, "the spec's steps per episode")
	fs.Float64Var(&cfg.InvalidPenalty, "penalty", cfg.InvalidPenalty, "the spec's reward of an invalid move")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same files")
	name := fs.String("name", "", "the spec's name (default: OUT's base name without its extension)")
	specOut := fs.String("spec-out", "", "where to write the spec (default: OUT without its extension + .spec.yaml)")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	out := pos[0]
	if dataset.DetectFormat(out, []byte("a,b\n")) != dataset.FormatCSV {
		return usagef("OUT %s: a sweep table is CSV; give it a .csv name", out)
	}
	if cfg.Grid, err = synth.ParseGrid(*grid); err != nil {
		return usagef("--grid: %v", err)
	}
	if cfg.RowsMin, cfg.RowsMax, err = parseRange(*rows); err != nil {
		return usagef("--rows-per-state: %v", err)
	}
	if cfg.Reward, err = synth.ParseSweepReward(*reward); err != nil {
		return usagef("--reward: %v", err)
	}
	cfg.Name = *name
	if cfg.Name == "" {
		cfg.Name = strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
	}
	spec := *specOut
	if spec == "" {
		spec = strings.TrimSuffix(out, filepath.Ext(out)) + ".spec.yaml"
	}
	if filepath.Clean(spec) == filepath.Clean(out) {
		return usagef("--spec-out %s: the same file as OUT", spec)
	}
	if err := sweepUsage(cfg.Validate()); err != nil {
		return err
	}
	rep, err := writeSweep(out, spec, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintln(c.stdout, rep)
	return nil
}

// sweepUsage turns a SweepConfig field out of range into a usage error naming
// the field's flag.
func sweepUsage(err error) error { return configUsage(err, sweepFlags) }

// configUsage turns a synth config's field out of range into a usage error
// naming the field's flag in flags.
func configUsage(err error, flags map[string]string) error {
	var ce *synth.ConfigError
	if errors.As(err, &ce) {
		if f, ok := flags[ce.Field]; ok {
			return usagef("--%s: %v", f, err)
		}
	}
	return err
}

// parseRange parses "N" or "N-M".
func parseRange(s string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = strconv.Atoi(a); err == nil {
		hi = lo
		if isRange {
			hi, err = strconv.Atoi(b)
		}
	}
	if err != nil {
		return 0, 0, fmt.Errorf("want N or N-M, got %q", s)
	}
	return lo, hi, nil
}

func runGenSuite(c *cli, args []string) error {
	fs := c.newFlags(command{name: "gen suite", args: "DIR",
		summary: "write the learners' benchmark: every suite table as DIR/NAME.csv with DIR/NAME.spec.yaml"})
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	dir := pos[0]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var reps []sweepReport
	for _, st := range synth.Suite() {
		rep, err := writeSweep(filepath.Join(dir, st.Name+".csv"), filepath.Join(dir, st.Name+".spec.yaml"), st.Config)
		if err != nil {
			return err
		}
		reps = append(reps, rep)
		if !*asJSON {
			fmt.Fprintln(c.stdout, rep)
		}
	}
	if *asJSON {
		return writeJSON(c.stdout, map[string]any{"dir": dir, "tables": reps})
	}
	return nil
}
