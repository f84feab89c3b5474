package synth_test

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
)

func TestSeriesShape(t *testing.T) {
	c := synth.DefaultSeriesConfig()
	a, err := synth.Series(c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Series(c)
	c.Seed = 2
	other, _ := synth.Series(c)
	if len(a) != 96 || !slices.Equal(a, b) || slices.Equal(a, other) {
		t.Fatalf("96 values, the same for a seed and not for another: %d, %v, %v", len(a), slices.Equal(a, b), slices.Equal(a, other))
	}
	// Without noise and spikes, the cycles alone: trough at midnight, peak at noon.
	c.LoadNoise, c.SpikeRate = 0, 0
	plain, _ := synth.Series(c)
	for i, v := range plain {
		want := c.BaseLoad * (1 - c.DailyAmplitude*math.Cos(2*math.Pi*float64(i)/96)) * (1 + c.WeeklyAmplitude*math.Sin(2*math.Pi*float64(i)/(7*96)))
		if math.Abs(v-want) > 1e-9*want {
			t.Fatalf("step %d: %g, want %g", i, v, want)
		}
	}
	// Spikes only: a spike starts at once and decays linearly to 1.
	c.DailyAmplitude, c.WeeklyAmplitude, c.SpikeRate, c.SpikeMinLen, c.SpikeMaxLen, c.Steps = 0, 0, 0.05, 4, 4, 400
	sp, _ := synth.Series(c)
	starts := 0
	for i := 1; i+4 < len(sp); i++ {
		// A clean spike: the base load before it and after its 4 steps.
		if sp[i-1] != c.BaseLoad || sp[i] == c.BaseLoad || sp[i+4] != c.BaseLoad {
			continue
		}
		starts++
		f := sp[i] / c.BaseLoad
		if f < c.SpikeMinFactor || f > c.SpikeMaxFactor {
			t.Errorf("step %d: spike factor %g outside [%g, %g]", i, f, c.SpikeMinFactor, c.SpikeMaxFactor)
		}
		for age := 0; age < 4; age++ {
			if want := c.BaseLoad * (1 + (f-1)*(1-float64(age)/4)); math.Abs(sp[i+age]-want) > 1e-9*want {
				t.Errorf("step %d, %d into a spike: %g, want %g (a linear decay)", i+age, age, sp[i+age], want)
			}
		}
	}
	if starts < 5 {
		t.Errorf("%d clean linear spikes in 400 steps at rate 0.05, want several", starts)
	}
	c = synth.DefaultSeriesConfig()
	c.Steps = 0
	if _, err := synth.Series(c); !errors.Is(err, synth.ErrConfig) {
		t.Errorf("0 steps: %v, want ErrConfig", err)
	}
}

func TestWriteSeriesRoundTrip(t *testing.T) {
	for _, name := range []string{"day.csv", "day.txt", "day.parquet"} {
		path := filepath.Join(t.TempDir(), name)
		c := synth.DefaultSeriesConfig()
		if err := synth.WriteSeries(path, "tps", c); err != nil {
			t.Fatal(err)
		}
		got, err := dataset.ReadSeries(path, "tps")
		want, _ := synth.Series(c)
		if err != nil || len(got) != len(want) {
			t.Fatalf("%s: %d values, %v", name, len(got), err)
		}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-9*want[i] {
				t.Fatalf("%s: step %d: %g, want %g", name, i, got[i], want[i])
			}
		}
	}
}
