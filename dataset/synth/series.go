package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/tablerl/tablerl/dataset"
)

// SeriesConfig parametrizes a generated load series: the offered load of a
// generated table (daily and weekly cycles, multiplicative log-normal noise,
// spikes that start at once and decay linearly, arriving with exponential
// gaps), one value per step, for a spec's load: key. Its fields mean what
// Config's fields of the same names mean, per step instead of per minute.
type SeriesConfig struct {
	Steps       int    // values to generate, 1 to dataset.MaxSeriesLen (default 96)
	StepsPerDay int    // steps in a day, ≥ 2 (default 96: 15 minutes each)
	Seed        uint64 // seed of every draw (default 1)

	BaseLoad        float64 // default 450
	DailyAmplitude  float64 // default 0.6
	WeeklyAmplitude float64 // default 0.15
	LoadNoise       float64 // default 0.05
	SpikeRate       float64 // spike arrivals per step (default 2/96: two a day)
	SpikeMinFactor  float64 // default 1.5
	SpikeMaxFactor  float64 // default 2.5
	SpikeMinLen     int     // steps a spike takes to decay, at least (default 2)
	SpikeMaxLen     int     // and at most (default 8)
}

// DefaultSeriesConfig is a day of 15-minute steps with two spikes on average.
func DefaultSeriesConfig() SeriesConfig {
	return SeriesConfig{
		Steps: 96, StepsPerDay: 96, Seed: 1,
		BaseLoad: 450, DailyAmplitude: 0.6, WeeklyAmplitude: 0.15, LoadNoise: 0.05,
		SpikeRate: 2.0 / 96, SpikeMinFactor: 1.5, SpikeMaxFactor: 2.5, SpikeMinLen: 2, SpikeMaxLen: 8,
	}
}

// config is the table Config whose load model the series shares.
func (c SeriesConfig) config() Config {
	cfg := DefaultConfig()
	cfg.Seed = c.Seed
	cfg.BaseLoad, cfg.DailyAmplitude, cfg.WeeklyAmplitude, cfg.LoadNoise = c.BaseLoad, c.DailyAmplitude, c.WeeklyAmplitude, c.LoadNoise
	cfg.SpikeRate, cfg.SpikeMinFactor, cfg.SpikeMaxFactor = c.SpikeRate, c.SpikeMinFactor, c.SpikeMaxFactor
	cfg.SpikeMinLen, cfg.SpikeMaxLen = c.SpikeMinLen, c.SpikeMaxLen
	return cfg
}

// Validate reports the first field of c out of its range, wrapping ErrConfig.
func (c SeriesConfig) Validate() error {
	if c.Steps < 1 || c.Steps > dataset.MaxSeriesLen {
		return configError("Steps", c.Steps, fmt.Sprintf("from 1 to %d", dataset.MaxSeriesLen))
	}
	if c.StepsPerDay < 2 {
		return configError("StepsPerDay", c.StepsPerDay, "at least 2")
	}
	return c.config().Validate()
}

// Series generates the load series of c: the same config gives the same
// values.
func Series(c SeriesConfig) ([]float64, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cfg := c.config()
	l := newLoad(&cfg, rand.New(rand.NewPCG(cfg.Seed, streamLoad)), c.StepsPerDay)
	out := make([]float64, c.Steps)
	for t := range out {
		out[t] = l.at(t)
	}
	return out, nil
}

// WriteSeries generates the series of c into path, one value per line under
// the header column, in path's format (dataset.FormatFor), atomically.
func WriteSeries(path, column string, c SeriesConfig) error {
	vals, err := Series(c)
	if err != nil {
		return err
	}
	t, err := dataset.FromColumns(path, []string{column}, [][]float64{vals}, nil)
	if err != nil {
		return err
	}
	defer t.Release()
	return dataset.Write(t, path, dataset.FormatAuto)
}
