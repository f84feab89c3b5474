package train

import (
	"slices"
	"testing"
)

func TestSizedWidths(t *testing.T) {
	for _, tc := range []struct {
		base   []int
		states int
		want   []int
	}{
		{[]int{64, 64}, 0, []int{64, 64}},
		{[]int{64, 64}, 729, []int{64, 64}},
		{[]int{64, 64}, 1296, []int{64, 64}},
		{[]int{64, 64}, 1715, []int{80, 80}},
		{[]int{64, 64}, 2624, []int{80, 80}},
		{[]int{64, 64}, 5832, []int{96, 96}},
		{[]int{64, 32}, 32 * 729, []int{128, 64}},
		{[]int{64, 32}, 1_000_000, []int{128, 64}}, // capped at MaxWidthScale
		{[]int{3}, 729, []int{16}},                 // at least one step
		{nil, 5832, []int{}},
	} {
		if got := SizedWidths(tc.base, tc.states); !slices.Equal(got, tc.want) {
			t.Errorf("SizedWidths(%v, %d) = %v, want %v", tc.base, tc.states, got, tc.want)
		}
	}
}

// TestDQNSizedHidden checks that DQN's default hidden widths are sized
// from the table, on the config the registry's caller keeps (and writes
// to config.yaml), and that explicit widths are kept.
func TestDQNSizedHidden(t *testing.T) {
	m := teaStoreModel(t)
	a, err := LookupAlgorithm("dqn")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hidden, want []int
	}{
		{nil, SizedWidths(DefaultDQNConfig().BaseHidden, m.NumStates())},
		{[]int{16, 24}, []int{16, 24}},
	} {
		cfg := a.NewConfig()
		dc := cfg.(*DQNConfig)
		dc.Hidden = tc.hidden
		l, err := a.NewLearner(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.(*DQN).Config().Hidden; !slices.Equal(got, tc.want) || !slices.Equal(dc.Hidden, tc.want) {
			t.Errorf("hidden %v: the learner has %v and the config %v, want %v", tc.hidden, got, dc.Hidden, tc.want)
		}
	}
}
