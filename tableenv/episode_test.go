package tableenv

import "testing"

// TestEpisodeSteps: an episode is truncated after SetEpisodeSteps' steps
// when they are below the horizon, and after the horizon otherwise.
func TestEpisodeSteps(t *testing.T) {
	m := csvModel(t, "load", loadCSV, "knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}]\ncontext: [load]\nreward: {column: gain}\nhorizon: 5\n")
	for _, tc := range []struct{ set, want int }{
		{0, 5}, {-3, 5}, {1, 1}, {2, 2}, {4, 4}, {5, 5}, {9, 5},
	} {
		e := m.NewEnv(1)
		e.SetEpisodeSteps(tc.set)
		if got := e.EpisodeSteps(); got != tc.want {
			t.Errorf("SetEpisodeSteps(%d): EpisodeSteps %d, want %d", tc.set, got, tc.want)
		}
		for ep := range 2 {
			e.Reset(NoSeed)
			for step := 1; step <= tc.want; step++ {
				_, _, term, trunc, _ := e.Step(0)
				if term || trunc != (step == tc.want) {
					t.Fatalf("SetEpisodeSteps(%d), episode %d, step %d: terminated %v, truncated %v", tc.set, ep, step, term, trunc)
				}
			}
		}
	}
}

// TestBatchEpisodeSteps: a batch resets its environments after the
// shortened episodes.
func TestBatchEpisodeSteps(t *testing.T) {
	m := loadModel(t)
	b := NewBatch(m, 3, 7)
	b.SetEpisodeSteps(2)
	b.Reset()
	acts, rew, done := make([]int, 3), make([]float64, 3), make([]bool, 3)
	for step := 1; step <= 6; step++ {
		b.Step(acts, rew, done)
		for i, d := range done {
			if d != (step%2 == 0) {
				t.Fatalf("step %d, environment %d: done %v", step, i, d)
			}
		}
	}
}
