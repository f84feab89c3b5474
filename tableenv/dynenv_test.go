package tableenv

import (
	"math"
	"slices"
	"testing"
)

// A change requested under a 1-step delay is pending for one step (in the
// observation) and then in effect (in the state and the reward).
func TestDelayedChange(t *testing.T) {
	m := tinyLoadModel(t, "delay: {replicas: 1}\n")
	if got, want := m.ActionNames, []string{"noop", "+replicas", "-replicas", "+cpu", "-cpu"}; !slices.Equal(got, want) {
		t.Fatalf("actions %q, want %q", got, want)
	}
	pend, err := m.ObsIndex([]string{"pending:replicas@1", "load", "load[-1]", "load[-2]", "load_ewma", "day_sin", "recorded:-replicas"})
	if err != nil {
		t.Fatal(err)
	}
	e := m.NewEnv(1)
	e.SetStart(0) // replicas=1, cpu=1, load 10
	e.SetOffset(0)
	obs, _ := e.Reset(NoSeed)
	if len(obs) != m.ObsDim() || len(m.ObsNames) != m.ObsDim() || len(m.ObsMean) != m.ObsDim() {
		t.Fatalf("observation of %d values, %d names, dim %d", len(obs), len(m.ObsNames), m.ObsDim())
	}
	// The series 1, 3, 2, 3.4 maps its range onto the levels 10..30.
	if l := obs[pend[1]]; l != 10 || obs[pend[2]] != 30 || obs[pend[6]] != 0 {
		t.Errorf("at offset 0: load %g (want 10), load[-1] %g (want 30, the cyclic series' last), recorded:-replicas %g (want 0)", l, obs[pend[2]], obs[pend[6]])
	}
	obs, r1, _, _, info := e.Step(1)
	if lv := m.StateLevels(info.State)[0]; lv != 0 || obs[pend[0]] != 1 {
		t.Errorf("after +replicas: level in effect %d (want 0), pending %g (want 1)", lv, obs[pend[0]])
	}
	if want := m.Reward(int(m.StateRows(info.State)[0])); r1 != want || math.Abs(e.Load()-(10+20*(3-1)/2.4)) > 1e-12 {
		t.Errorf("reward %g, want the in-effect row's %g; load %g", r1, want, e.Load())
	}
	obs, _, _, _, info = e.Step(0)
	if lv := m.StateLevels(info.State)[0]; lv != 1 || obs[pend[0]] != 0 {
		t.Errorf("a step later: level in effect %d (want 1), pending %g (want 0)", lv, obs[pend[0]])
	}
	if got := e.Pending(0, nil); !slices.Equal(got, []int{2, 2}) {
		t.Errorf("pipeline %v, want [2 2]", got)
	}
}

// Fallback: a configuration without rows at the current load level is
// served by its nearest recorded level, and counted.
func TestLoadFallback(t *testing.T) {
	m := tinyLoadModel(t, "")
	fb, total := m.FallbackCount()
	// replicas=1,cpu=1 lacks load 30, to which two of the series' four
	// positions snap (3 → 26.7 and 3.4 → 30); five configurations.
	if fb != 2 || total != 4*5 {
		t.Errorf("fallbacks %d of %d, want 2 of 20", fb, total)
	}
}

func TestActionSetNames(t *testing.T) {
	for _, tc := range []struct {
		extra string
		want  []string
	}{
		{"actions: {step: [1, 2]}\n", []string{"noop", "+replicas", "-replicas", "+2replicas", "-2replicas", "+cpu", "-cpu", "+2cpu", "-2cpu"}},
		{"actions: set\n", []string{"noop", "set:replicas=1,cpu=1", "set:replicas=1,cpu=2", "set:replicas=2,cpu=1", "set:replicas=2,cpu=2", "set:replicas=3,cpu=1"}},
	} {
		if got := tinyLoadModel(t, tc.extra).ActionNames; !slices.Equal(got, tc.want) {
			t.Errorf("%s: actions %q, want %q", tc.extra, got, tc.want)
		}
	}
}

// A dynamic environment saved mid-episode and restored into another goes
// on exactly as the original does.
func TestDynamicSnapshot(t *testing.T) {
	m := tinyLoadModel(t, "delay: {replicas: 2}\nactions: {step: [1, 2]}\n")
	a := m.NewEnv(7)
	a.Reset(NoSeed)
	for _, act := range []int{1, 3, 0, 5} {
		a.Step(act)
	}
	b, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c := m.NewEnv(99)
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		oa, ra, _, ta, _ := a.Step(i % m.NumActions())
		oc, rc, _, tc, _ := c.Step(i % m.NumActions())
		if ra != rc || ta != tc || !slices.Equal(oa, oc) {
			t.Fatalf("step %d after restoring: reward %g vs %g, observation %v vs %v", i, ra, rc, oa, oc)
		}
		if ta {
			a.Reset(NoSeed)
			c.Reset(NoSeed)
		}
	}
	if err := c.UnmarshalBinary(b[:40]); err == nil {
		t.Error("a truncated state: want an error")
	}
}
