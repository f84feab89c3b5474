package synth_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

func TestGenerateDeterministic(t *testing.T) {
	base := synth.DefaultConfig()
	base.Rows = 3000
	other := func(f func(*synth.Config)) synth.Config {
		c := base
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		a, b synth.Config
		same bool
	}{
		{"same config", base, base, true},
		{"other seed", base, other(func(c *synth.Config) { c.Seed = 2 }), false},
		{"seed 0 vs 1", other(func(c *synth.Config) { c.Seed = 0 }), base, false},
		{"other bias", base, other(func(c *synth.Config) { c.Bias = 0.9 }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := generate(t, tc.a), generate(t, tc.b)
			if got := bytes.Equal(a, b); got != tc.same {
				t.Errorf("bytes equal = %v, want %v", got, tc.same)
			}
		})
	}
}

// The load has its own random stream: the agent's parameters must not move it.
func TestLoadIndependentOfAgent(t *testing.T) {
	a := synth.DefaultConfig()
	a.Rows = 2000
	b := a
	b.Bias = 1
	_, ra := parse(t, generate(t, a))
	_, rb := parse(t, generate(t, b))
	diffConfig := false
	for i := range ra {
		if ra[i][colInc] != rb[i][colInc] {
			t.Fatalf("row %d: inc_tps %s with Bias %v, %s with Bias %v", i, ra[i][colInc], a.Bias, rb[i][colInc], b.Bias)
		}
		diffConfig = diffConfig || configKey(ra[i]) != configKey(rb[i])
	}
	if !diffConfig {
		t.Error("the trajectories are the same: the test shows nothing")
	}
}

func TestGenerateRows(t *testing.T) {
	for _, n := range []int{1, 2, 100} {
		c := synth.DefaultConfig()
		c.Rows = n
		out := generate(t, c)
		if got := bytes.Count(out, []byte("\n")); got != n+1 {
			t.Errorf("Rows %d: %d lines, want %d", n, got, n+1)
		}
	}
}

func TestGenerateInvalidConfig(t *testing.T) {
	for _, tc := range []struct {
		field string
		set   func(*synth.Config)
	}{
		{"Rows", func(c *synth.Config) { c.Rows = 0 }},
		{"Rows", func(c *synth.Config) { c.Rows = -5 }},
		{"Bias", func(c *synth.Config) { c.Bias = 1.5 }},
		{"Bias", func(c *synth.Config) { c.Bias = math.NaN() }},
		{"BaseLoad", func(c *synth.Config) { c.BaseLoad = 0 }},
		{"BaseLoad", func(c *synth.Config) { c.BaseLoad = math.Inf(1) }},
		{"DailyAmplitude", func(c *synth.Config) { c.DailyAmplitude = 1 }},
		{"WeeklyAmplitude", func(c *synth.Config) { c.WeeklyAmplitude = -0.1 }},
		{"LoadNoise", func(c *synth.Config) { c.LoadNoise = -1 }},
		{"SpikeRate", func(c *synth.Config) { c.SpikeRate = 2 }},
		{"SpikeMinFactor", func(c *synth.Config) { c.SpikeMinFactor = 0.5 }},
		{"SpikeMaxFactor", func(c *synth.Config) { c.SpikeMaxFactor = 1.2 }},
		{"SpikeMinLen", func(c *synth.Config) { c.SpikeMinLen = 0 }},
		{"SpikeMaxLen", func(c *synth.Config) { c.SpikeMaxLen = 5 }},
		{"CapacityScale", func(c *synth.Config) { c.CapacityScale = -1 }},
		{"ReplicaExp", func(c *synth.Config) { c.ReplicaExp = 0 }},
		{"CPUExp", func(c *synth.Config) { c.CPUExp = 1.1 }},
		{"HeapScale", func(c *synth.Config) { c.HeapScale = 0 }},
		{"CapacityNoise", func(c *synth.Config) { c.CapacityNoise = 6 }},
		{"ServeNoise", func(c *synth.Config) { c.ServeNoise = math.NaN() }},
		{"CostPerCore", func(c *synth.Config) { c.CostPerCore = -0.1 }},
		{"CostPerCore", func(c *synth.Config) { c.CostPerCore, c.CostPerGB = 0, 0 }},
		{"CostPerGB", func(c *synth.Config) { c.CostPerGB = math.Inf(1) }},
		{"CostNoise", func(c *synth.Config) { c.CostNoise = -0.01 }},
		{"Missing", func(c *synth.Config) { c.Missing = 1 }},
	} {
		c := synth.DefaultConfig()
		tc.set(&c)
		var b bytes.Buffer
		err := synth.Generate(&b, c)
		if !errors.Is(err, synth.ErrConfig) {
			t.Errorf("%s: error %v, want ErrConfig", tc.field, err)
			continue
		}
		if !strings.Contains(err.Error(), " "+tc.field+" = ") {
			t.Errorf("%s: error %q does not name the field", tc.field, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", tc.field, b.Len())
		}
	}
	if err := synth.DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig: %v", err)
	}
}

// failWriter fails once n bytes have been written.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestGenerateWriteError(t *testing.T) {
	for _, n := range []int{0, 1000, 200000} {
		err := synth.Generate(&failWriter{n: n}, synth.DefaultConfig())
		if !errors.Is(err, errFull) {
			t.Errorf("failing after %d bytes: error %v, want %v", n, err, errFull)
		}
	}
	if err := synth.Generate(io.Discard, synth.DefaultConfig()); err != nil {
		t.Errorf("io.Discard: %v", err)
	}
}
