package synth_test

import (
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

// TestSuite checks that the suite covers what the benchmark needs, and that
// the doc comment's state counts are the tables'.
func TestSuite(t *testing.T) {
	states := map[string]int{
		"flat-3x6x6": 108, "flat-9x9x9": 292, "replicas-12-l8": 96, "replicas-cpu-9x9-l12": 583,
		"load4-3x6x6": 432, "load8-5x5x5-sparse": 150, "load6-6x6x6": 1296, "load10-7x7x7": 1715,
		"load12-9x9x9-sparse": 2624, "load8-9x9x9-full": 5832,
	}
	suite := synth.Suite()
	if len(suite) < 8 {
		t.Fatalf("%d tables, want at least 8", len(suite))
	}
	var (
		large, flat, loaded, sparse, full, fewKnobs, column, expr int
		names                                                     = map[string]bool{}
	)
	for _, st := range suite {
		c := st.Config
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", st.Name, err)
		}
		if names[st.Name] || st.Name != c.Name {
			t.Errorf("%s: name repeated or not the spec's (%s)", st.Name, c.Name)
		}
		names[st.Name] = true
		if want, ok := states[st.Name]; !ok || c.States() != want {
			t.Errorf("%s: %d states, the doc says %d", st.Name, c.States(), want)
		}
		if c.States() > 3000 {
			large++
		}
		if c.Horizon < 20 || c.Horizon > 50 || c.InvalidPenalty < -5 || c.InvalidPenalty > -0.5 ||
			c.Loads != 0 && (c.Loads < 4 || c.Loads > 12) || c.Coverage < 0.15 {
			t.Errorf("%s: horizon %d, penalty %g, %d loads, coverage %g outside the suite's ranges",
				st.Name, c.Horizon, c.InvalidPenalty, c.Loads, c.Coverage)
		}
		count := func(n *int, cond bool) {
			if cond {
				*n++
			}
		}
		count(&flat, c.Loads == 0)
		count(&loaded, c.Loads > 0)
		count(&sparse, c.Coverage <= 0.6)
		count(&full, c.Coverage == 1)
		count(&fewKnobs, len(c.Grid) < 3)
		count(&column, c.Reward == synth.RewardColumn)
		count(&expr, c.Reward == synth.RewardExpr)
	}
	if large > 1 {
		t.Errorf("%d tables over 3,000 states, want at most 1", large)
	}
	for what, n := range map[string]int{"without loads": flat, "with loads": loaded, "sparse": sparse, "full": full,
		"of 1–2 knobs": fewKnobs, "with a reward column": column, "with a reward expression": expr} {
		if n == 0 {
			t.Errorf("no table %s", what)
		}
	}
}
