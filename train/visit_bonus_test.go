package train

import (
	"math"
	"testing"
)

// TestVisitBonus: a valid move earns scale/√n for the n-th entry into its
// state, scale being the weight in reward standard deviations; an invalid
// move earns nothing and counts nothing.
func TestVisitBonus(t *testing.T) {
	m := ppoGridModel(t)
	if newVisitBonus(m, 0) != nil {
		t.Fatal("a zero weight made a bonus")
	}
	v := newVisitBonus(m, 2)
	scale := 2 * m.RewardSD()
	if v == nil || v.scale != scale || !(scale > 0) {
		t.Fatalf("bonus %+v, want scale %v", v, scale)
	}
	// Find a state with a valid and an invalid move.
	s, good, bad := -1, -1, -1
	for st := 0; st < m.NumStates() && (good < 0 || bad < 0); st++ {
		good, bad = -1, -1
		for a := 1; a < m.NumActions(); a++ {
			if m.Next(st, a) >= 0 && good < 0 {
				good = a
			} else if m.Next(st, a) < 0 && bad < 0 {
				bad = a
			}
		}
		s = st
	}
	if good < 0 || bad < 0 {
		t.Fatal("the grid model has no state with both valid and invalid moves")
	}
	next := m.Next(s, good)
	for n := 1; n <= 4; n++ {
		if got, want := v.move(s, good), scale/math.Sqrt(float64(n)); got != want {
			t.Errorf("entry %d: bonus %v, want %v", n, got, want)
		}
		if got := v.move(s, bad); got != 0 {
			t.Errorf("an invalid move earned %v", got)
		}
	}
	if v.n[next] != 4 {
		t.Errorf("count %d, want 4", v.n[next])
	}
	var total uint32
	for _, c := range v.n {
		total += c
	}
	if total != 4 {
		t.Errorf("invalid moves were counted: total %d", total)
	}
}

// TestVisitBonusRestore: counts come back only into a bonus of the same
// table, and a configuration without a bonus takes none.
func TestVisitBonusRestore(t *testing.T) {
	m := ppoGridModel(t)
	v := newVisitBonus(m, 1)
	saved := append([]uint32(nil), v.counts()...)
	saved[0] = 5
	if err := v.restore(saved); err != nil || v.n[0] != 5 {
		t.Fatalf("restore: %v, count %d", err, v.n[0])
	}
	if err := v.restore(saved[1:]); err == nil {
		t.Error("counts of another table were taken")
	}
	var off *visitBonus
	if err := off.restore(nil); err != nil {
		t.Errorf("no bonus, no counts: %v", err)
	}
	if err := off.restore(saved); err == nil {
		t.Error("no bonus took counts")
	}
	if off.counts() != nil {
		t.Error("no bonus has counts")
	}
}
