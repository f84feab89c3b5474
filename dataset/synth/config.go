package synth

import (
	"errors"
	"fmt"
	"math"
)

// Config parametrizes a generated table. The zero value is not valid: start
// from DefaultConfig and change what you need. Rates and times are per
// interval (one row, one minute); loads and capacities are in transactions
// per second. doc.go gives the formulas each field enters.
type Config struct {
	Rows int    // rows to generate, ≥ 1 (default 12000)
	Seed uint64 // seed of every random draw (default 1)

	// Bias is the probability that the exploring agent steps toward the
	// nearest least-visited configuration rather than acting uniformly at
	// random (default 0.25).
	Bias float64

	// Offered load: BaseLoad · daily cycle · weekly cycle · noise · spikes.
	BaseLoad        float64 // offered load about which the cycles swing, tps (default 450)
	DailyAmplitude  float64 // relative amplitude of the daily cycle, in [0, 1) (default 0.6)
	WeeklyAmplitude float64 // relative amplitude of the weekly cycle, in [0, 1) (default 0.15)
	LoadNoise       float64 // σ of the log-normal load noise (default 0.1)
	SpikeRate       float64 // spike arrivals per interval, in [0, 1] (default 1/720: two a day)
	SpikeMinFactor  float64 // least multiplier of the load at a spike's start, ≥ 1 (default 1.5)
	SpikeMaxFactor  float64 // greatest multiplier (default 3)
	SpikeMinLen     int     // least intervals a spike takes to decay, ≥ 1 (default 10)
	SpikeMaxLen     int     // most intervals (default 60)

	// Capacity: CapacityScale · re^ReplicaExp · (cpu/1000)^CPUExp · (1 − exp(−heap/HeapScale)).
	CapacityScale float64 // tps of one replica with one full core and unbounded heap (default 500)
	ReplicaExp    float64 // returns of replicas, in (0, 1] (default 0.8)
	CPUExp        float64 // returns of CPU, in (0, 1] (default 0.7)
	HeapScale     float64 // MB of heap for 63% of the heap-bound capacity (default 300)
	CapacityNoise float64 // σ of the log-normal capacity noise (default 0.05)
	ServeNoise    float64 // σ of the half-normal loss of the load served (default 0.03)

	// Cost: (CostPerCore · re · cpu/1000 + CostPerGB · re · heap/1000) · noise.
	CostPerCore float64 // cost of one replica's core for an interval (default 0.03)
	CostPerGB   float64 // cost of one replica's GB of heap for an interval (default 0.004)
	CostNoise   float64 // σ of the log-normal cost noise (default 0.05)

	// Missing is the probability that an inc_tps or out_tps cell is written
	// as nan, each cell independently, in [0, 1) (default 0.0075).
	Missing float64
}

// DefaultConfig returns the documented defaults: 12000 rows of seed 1,
// loads of roughly 100–1500 tps, costs of 0.003–0.3 per interval as in
// TeaStore's table.
func DefaultConfig() Config {
	return Config{
		Rows: 12000,
		Seed: 1,
		Bias: 0.25,

		BaseLoad:        450,
		DailyAmplitude:  0.6,
		WeeklyAmplitude: 0.15,
		LoadNoise:       0.1,
		SpikeRate:       1.0 / 720,
		SpikeMinFactor:  1.5,
		SpikeMaxFactor:  3,
		SpikeMinLen:     10,
		SpikeMaxLen:     60,

		CapacityScale: 500,
		ReplicaExp:    0.8,
		CPUExp:        0.7,
		HeapScale:     300,
		CapacityNoise: 0.05,
		ServeNoise:    0.03,

		CostPerCore: 0.03,
		CostPerGB:   0.004,
		CostNoise:   0.05,

		Missing: 0.0075,
	}
}

// ErrConfig is wrapped by every error of an invalid Config.
var ErrConfig = errors.New("invalid config")

// Validate reports the first field of c out of its range, wrapping ErrConfig.
func (c Config) Validate() error {
	if c.Rows < 1 {
		return configError("Rows", c.Rows, "at least 1")
	}
	if c.SpikeMinLen < 1 {
		return configError("SpikeMinLen", c.SpikeMinLen, "at least 1")
	}
	if c.SpikeMaxLen < c.SpikeMinLen {
		return configError("SpikeMaxLen", c.SpikeMaxLen, fmt.Sprintf("at least SpikeMinLen (%d)", c.SpikeMinLen))
	}
	if err := checkFloats([]floatRange{
		{"Bias", c.Bias, 0, 1, false, false, "in [0, 1]"},
		{"BaseLoad", c.BaseLoad, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"DailyAmplitude", c.DailyAmplitude, 0, 1, false, true, "in [0, 1)"},
		{"WeeklyAmplitude", c.WeeklyAmplitude, 0, 1, false, true, "in [0, 1)"},
		{"LoadNoise", c.LoadNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"SpikeRate", c.SpikeRate, 0, 1, false, false, "in [0, 1]"},
		{"SpikeMinFactor", c.SpikeMinFactor, 1, math.MaxFloat64, false, false, "at least 1 and finite"},
		{"SpikeMaxFactor", c.SpikeMaxFactor, c.SpikeMinFactor, math.MaxFloat64, false, false, "at least SpikeMinFactor and finite"},
		{"CapacityScale", c.CapacityScale, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"ReplicaExp", c.ReplicaExp, 0, 1, true, false, "in (0, 1]"},
		{"CPUExp", c.CPUExp, 0, 1, true, false, "in (0, 1]"},
		{"HeapScale", c.HeapScale, 0, math.MaxFloat64, true, false, "positive and finite"},
		{"CapacityNoise", c.CapacityNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"ServeNoise", c.ServeNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"CostPerCore", c.CostPerCore, 0, math.MaxFloat64, false, false, "non-negative and finite"},
		{"CostPerGB", c.CostPerGB, 0, math.MaxFloat64, false, false, "non-negative and finite"},
		{"CostNoise", c.CostNoise, 0, maxSigma, false, false, "in [0, 5]"},
		{"Missing", c.Missing, 0, 1, false, true, "in [0, 1)"},
	}); err != nil {
		return err
	}
	// A constant cost column would make the built-in spec's minmax(cost)
	// divide 0 by 0.
	if c.CostPerCore == 0 && c.CostPerGB == 0 {
		return configError("CostPerCore", c.CostPerCore, "positive when CostPerGB is 0")
	}
	return nil
}

// floatRange is the range a float field must be in.
type floatRange struct {
	name   string
	v      float64
	lo, hi float64
	openLo bool // v > lo rather than v ≥ lo
	openHi bool // v < hi rather than v ≤ hi
	want   string
}

// checkFloats reports the first field out of its range. The comparisons are
// written so that NaN fails them.
func checkFloats(fs []floatRange) error {
	for _, f := range fs {
		okLo := f.v >= f.lo
		if f.openLo {
			okLo = f.v > f.lo
		}
		okHi := f.v <= f.hi
		if f.openHi {
			okHi = f.v < f.hi
		}
		if !okLo || !okHi {
			return configError(f.name, f.v, f.want)
		}
	}
	return nil
}

// maxSigma bounds the noise parameters: beyond it exp(σZ) overflows to
// meaningless tables long before it overflows float64.
const maxSigma = 5

// ConfigError is the error of a Config or SweepConfig field out of its range;
// it wraps ErrConfig. Field names the field, so that a command line can name
// its own flag for it.
type ConfigError struct {
	Field string // the struct field ("Rows")
	Value any    // the value given
	Want  string // what was wanted ("at least 1")
}

// Error says which field is wrong and what was wanted:
// "synth: invalid config: Rows = 0, want at least 1".
func (e *ConfigError) Error() string {
	return fmt.Sprintf("synth: %v: %s = %v, want %s", ErrConfig, e.Field, e.Value, e.Want)
}

// Unwrap returns ErrConfig.
func (e *ConfigError) Unwrap() error { return ErrConfig }

func configError(field string, v any, want string) error {
	return &ConfigError{Field: field, Value: v, Want: want}
}
