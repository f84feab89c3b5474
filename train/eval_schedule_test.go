package train

import "testing"

func TestDefaultEvalEvery(t *testing.T) {
	const teaStore, demo, million = 21_168, 12_000, 1_000_000
	for _, tc := range []struct {
		name        string
		total, rows int
		want        int
	}{
		{"teastore, default budget", 750_000, teaStore, 18_750},
		{"teastore, 50k", 50_000, teaStore, 1_250},
		{"demo, 12k", 12_000, demo, 300},
		{"demo, 10 steps", 10, demo, 1},
		{"2^17 rows, 10k", 10_000, 1 << 17, 250},
		{"2^17+1 rows, 10k", 10_000, 1<<17 + 1, 251},      // 40 × 2¹⁷ visits: 39.99 points
		{"1M, default budget", 750_000, million, 125_000}, // 8 visits a step: 6 points
		{"1M, 100k", 100_000, million, 19_074},            // 40 × 2¹⁷ visits: 5 points
		{"1M, 10M", 10_000_000, million, 250_000},         // 8 visits a step allow 80: 40
	} {
		if got := defaultEvalEvery(tc.total, tc.rows); got != tc.want {
			t.Errorf("%s: every %d steps, want %d", tc.name, got, tc.want)
		}
	}
}
