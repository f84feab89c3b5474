package tableenv

import (
	"slices"
	"strings"
	"testing"
)

// coverageCSV records replicas 1–3 × cpu 1–2 but for (2, 2) and (3, 1),
// so that some moves of each configuration lead nowhere.
const coverageCSV = `re,cpu,gain
1,1,1
1,2,2
2,1,3
3,2,4
`

// TestMoveIndicators checks the observation's layout, that each move
// indicator is 1 exactly where the move leads to a recorded configuration,
// and the one-hot blocks of the levels.
func TestMoveIndicators(t *testing.T) {
	m := csvModel(t, "coverage", coverageCSV, "knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}]\nreward: {column: gain}\nhorizon: 2\n")
	wantNames := []string{"replicas", "cpu", "recorded:+replicas", "recorded:-replicas", "recorded:+cpu", "recorded:-cpu",
		"replicas=1", "replicas=2", "replicas=3", "cpu=1", "cpu=2"}
	if !slices.Equal(m.ObsNames, wantNames) {
		t.Fatalf("ObsNames %v, want %v", m.ObsNames, wantNames)
	}
	// Per row (= state here): knob levels, then +re −re +cpu −cpu, then
	// replicas and cpu one-hot.
	want := [][]float64{
		{1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0}, // (1,1): +re → (2,1) recorded, +cpu → (1,2) recorded
		{1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 1}, // (1,2): (2,2) missing, −cpu → (1,1)
		{2, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0}, // (2,1): (3,1) missing, −re → (1,1), (2,2) missing
		{3, 2, 0, 0, 0, 0, 0, 0, 1, 0, 1}, // (3,2): (2,2) and (3,1) missing: only the no-op
	}
	for r, w := range want {
		if got := m.Observation(r); !slices.Equal(got, w) {
			t.Errorf("row %d: observation %v, want %v", r, got, w)
		}
		for a := 1; a < m.NumActions(); a++ {
			if ind, valid := m.Observation(r)[2+a-1] == 1, m.Next(m.StateOf(r), a) >= 0; ind != valid {
				t.Errorf("row %d, %s: indicator %v, move valid %v", r, m.ActionNames[a], ind, valid)
			}
		}
	}
	if idx, err := m.ObsIndex([]string{"cpu", "replicas"}); err != nil || !slices.Equal(idx, []int{1, 0}) {
		t.Errorf("ObsIndex(cpu, replicas) = %v, %v; want [1 0]", idx, err)
	}
	if _, err := m.ObsIndex([]string{"heap"}); err == nil || !strings.Contains(err.Error(), `"heap"`) {
		t.Errorf("ObsIndex(heap): %v, want an error naming it", err)
	}
}

// TestStateOfObsWithContext finds every row's state back from its
// observation, whose context stands between the observe columns and the
// move indicators.
func TestStateOfObsWithContext(t *testing.T) {
	m := observeModel(t, "[load, flat]")
	for r := 0; r < m.NumRows(); r++ {
		if s, ok := m.StateOfObs(m.Observation(r)); !ok || s != m.StateOf(r) {
			t.Errorf("row %d: StateOfObs = %d, %v; want %d", r, s, ok, m.StateOf(r))
		}
	}
}

// TestContextOneHot checks the context's one-hot block: one entry per
// recorded context tuple, named by its values, 1 at the row's own.
func TestContextOneHot(t *testing.T) {
	m := observeModel(t, "[]")
	names := m.ObsNames[len(m.ObsNames)-2:]
	if !slices.Equal(names, []string{"region=0", "region=1"}) {
		t.Fatalf("context one-hot names %v", names)
	}
	for r := 0; r < m.NumRows(); r++ {
		o := m.Observation(r)
		region := m.StateContext(m.StateOf(r))[0]
		hot := o[len(o)-2:]
		if hot[int(region)] != 1 || hot[1-int(region)] != 0 {
			t.Errorf("row %d (region %v): one-hot %v", r, region, hot)
		}
	}
}
