package synth_test

import (
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

func TestCoverage(t *testing.T) {
	for _, tc := range []struct {
		rows    int
		seeds   []uint64
		min     int // fewest configurations with rows
		max     int // most
		comment string
	}{
		{12000, []uint64{1, 2, 3}, 729, 729, "the demo's length covers the grid"},
		{5000, []uint64{1, 2, 3, 4, 5}, 729, 729, "so does 5000"},
		{200, []uint64{1, 2}, 1, 200, "a short table is sparse"},
		{1, []uint64{1}, 1, 1, "one row, one configuration"},
	} {
		for _, seed := range tc.seeds {
			cfg := synth.DefaultConfig()
			cfg.Rows, cfg.Seed = tc.rows, seed
			_, rows := parse(t, generate(t, cfg))
			if got := coverage(rows); got < tc.min || got > tc.max {
				t.Errorf("%d rows, seed %d: %d configurations, want %d–%d (%s)", tc.rows, seed, got, tc.min, tc.max, tc.comment)
			}
		}
	}
}
