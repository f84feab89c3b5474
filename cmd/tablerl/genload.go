package main

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset/synth"
)

// loadFlags names the flag of each SeriesConfig field.
var loadFlags = map[string]string{
	"Steps": "steps", "StepsPerDay": "steps-per-day", "BaseLoad": "base", "DailyAmplitude": "daily",
	"WeeklyAmplitude": "weekly", "LoadNoise": "noise", "SpikeRate": "spike-rate", "SpikeMinFactor": "spike-min",
	"SpikeMaxFactor": "spike-max", "SpikeMinLen": "spike-len-min", "SpikeMaxLen": "spike-len-max",
}

// runGenLoad writes a generated load series for a spec's load: key.
func runGenLoad(c *cli, args []string) error {
	fs := c.newFlags(command{name: "gen load", args: "OUT",
		summary: "write a load series, one value per step (daily and weekly cycles, noise, spikes that start at once and decay linearly), for a spec's load: key"})
	cfg := synth.DefaultSeriesConfig()
	fs.IntVar(&cfg.Steps, "steps", cfg.Steps, "values to write")
	fs.IntVar(&cfg.StepsPerDay, "steps-per-day", cfg.StepsPerDay, "steps in a day (96: 15 minutes each); the week is 7 days")
	fs.Float64Var(&cfg.BaseLoad, "base", cfg.BaseLoad, "load about which the cycles swing")
	fs.Float64Var(&cfg.DailyAmplitude, "daily", cfg.DailyAmplitude, "relative amplitude of the daily cycle, in [0, 1)")
	fs.Float64Var(&cfg.WeeklyAmplitude, "weekly", cfg.WeeklyAmplitude, "relative amplitude of the weekly cycle, in [0, 1)")
	fs.Float64Var(&cfg.LoadNoise, "noise", cfg.LoadNoise, "σ of the multiplicative (log-normal) noise")
	fs.Float64Var(&cfg.SpikeRate, "spike-rate", cfg.SpikeRate, "spike arrivals per step, in [0, 1] (exponential gaps)")
	fs.Float64Var(&cfg.SpikeMinFactor, "spike-min", cfg.SpikeMinFactor, "least multiplier of the load at a spike's start")
	fs.Float64Var(&cfg.SpikeMaxFactor, "spike-max", cfg.SpikeMaxFactor, "greatest multiplier at a spike's start")
	fs.IntVar(&cfg.SpikeMinLen, "spike-len-min", cfg.SpikeMinLen, "least steps a spike takes to decay (linearly)")
	fs.IntVar(&cfg.SpikeMaxLen, "spike-len-max", cfg.SpikeMaxLen, "most steps a spike takes to decay")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same file")
	column := fs.String("column", "load", "the column's name in the file")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *column == "" {
		return usagef("--column: want a name")
	}
	if err := configUsage(cfg.Validate(), loadFlags); err != nil {
		return err
	}
	if err := synth.WriteSeries(pos[0], *column, cfg); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, map[string]any{"out": pos[0], "steps": cfg.Steps, "steps_per_day": cfg.StepsPerDay, "seed": cfg.Seed})
	}
	fmt.Fprintf(c.stdout, "wrote %s: %d steps, %d a day (seed %d)\n", pos[0], cfg.Steps, cfg.StepsPerDay, cfg.Seed)
	return nil
}
