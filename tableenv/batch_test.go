package tableenv

import (
	"slices"
	"testing"
)

// TestBatchRows checks that a Batch tracks each environment's row, the row an
// ended episode ended on included, alongside its observations, and that Sync
// rebuilds them from the environments.
func TestBatchRows(t *testing.T) {
	m := observeModel(t, "[load, flat]")
	const n = 3
	b := NewBatch(m, n, 1)
	b.Reset()
	solo := make([]*Env, n) // the same environments stepped one by one
	for i := range solo {
		solo[i] = m.NewEnv(1 + uint64(i))
		solo[i].Reset(NoSeed)
	}
	acts, rewards, done := make([]int, n), make([]float64, n), make([]bool, n)
	d := m.ObsDim()
	ended := 0
	for step := range 10 {
		for i := range acts {
			acts[i] = (step + i) % m.NumActions()
		}
		b.Step(acts, rewards, done)
		for i, e := range solo {
			obs, r, _, trunc, info := e.Step(acts[i])
			if r != rewards[i] || trunc != done[i] {
				t.Fatalf("step %d env %d: reward %v done %v, alone %v %v", step, i, rewards[i], done[i], r, trunc)
			}
			if trunc {
				ended++
				if b.FinalRows[i] != info.Row || !slices.Equal(b.FinalObs[i*d:(i+1)*d], obs) {
					t.Fatalf("step %d env %d: final row %d, alone %d", step, i, b.FinalRows[i], info.Row)
				}
				e.Reset(NoSeed)
			}
			if b.Rows[i] != e.Row() || b.States[i] != e.State() || !slices.Equal(b.Obs[i*d:(i+1)*d], m.Observation(e.Row())) {
				t.Fatalf("step %d env %d: row %d state %d, alone %d %d", step, i, b.Rows[i], b.States[i], e.Row(), e.State())
			}
		}
	}
	if ended == 0 {
		t.Fatal("no episode ended: the test does not cover FinalRows")
	}
	rows := slices.Clone(b.Rows)
	clear(b.Rows)
	clear(b.Obs)
	b.Sync()
	if !slices.Equal(b.Rows, rows) || !slices.Equal(b.Obs[:d], m.Observation(rows[0])) {
		t.Errorf("Sync gave rows %v, want %v", b.Rows, rows)
	}
}
