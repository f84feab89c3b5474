package train

import (
	"math/rand/v2"
	"testing"
)

func TestReplayBufferWraps(t *testing.T) {
	b := newReplayBuffer(3)
	if b.cap() != 3 || b.size != 0 {
		t.Fatalf("new buffer: cap %d size %d, want 3 and 0", b.cap(), b.size)
	}
	for i := 0; i < 5; i++ {
		b.add(i, i%2, float64(i), i+10, i == 4)
	}
	if b.size != 3 || b.pos != 2 {
		t.Fatalf("after 5 adds: size %d pos %d, want 3 and 2", b.size, b.pos)
	}
	// Slots hold transitions 3, 4, 2: the two oldest were overwritten.
	for slot, want := range []int{3, 4, 2} {
		tr := b.t[slot]
		if int(tr.row) != want || int(tr.next) != want+10 || tr.reward != float64(want) ||
			int(tr.action) != want%2 || tr.done != (want == 4) {
			t.Errorf("slot %d holds %+v, want transition %d", slot, tr, want)
		}
	}
}

func TestReplayBufferSamplesStoredOnly(t *testing.T) {
	b := newReplayBuffer(100)
	for i := 0; i < 7; i++ {
		b.add(i, 0, 0, i, false)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	idx := make([]int, 1000)
	b.sample(rng, idx)
	seen := map[int]bool{}
	for _, i := range idx {
		if i < 0 || i >= 7 {
			t.Fatalf("sampled index %d of a buffer holding 7", i)
		}
		seen[i] = true
	}
	if len(seen) != 7 {
		t.Errorf("1000 draws reached %d of 7 transitions", len(seen))
	}
}

func TestReplayBufferStateRoundTrip(t *testing.T) {
	for _, n := range []int{0, 2, 4, 9} { // empty, partly filled, just full, wrapped
		b := newReplayBuffer(4)
		for i := 0; i < n; i++ {
			b.add(i%5, i%3, float64(i)/2, (i+1)%5, i%4 == 0)
		}
		c := newReplayBuffer(4)
		if err := c.setState(b.state(), 5, 3); err != nil {
			t.Fatalf("%d adds: %v", n, err)
		}
		if c.pos != b.pos || c.size != b.size {
			t.Errorf("%d adds: restored pos %d size %d, want %d %d", n, c.pos, c.size, b.pos, b.size)
		}
		// The next add must land in the same slot in both.
		b.add(1, 1, 1, 1, false)
		c.add(1, 1, 1, 1, false)
		for i := 0; i < b.size; i++ {
			if b.t[i] != c.t[i] {
				t.Errorf("%d adds: slot %d differs after restore", n, i)
			}
		}
	}
}

func TestReplayBufferRejectsBadState(t *testing.T) {
	b := newReplayBuffer(4)
	for i := 0; i < 3; i++ {
		b.add(i, 1, 0, i, false)
	}
	good := b.state()
	for name, mut := range map[string]func(s *replayState){
		"capacity":     func(s *replayState) { s.Cap = 5 },
		"position":     func(s *replayState) { s.Pos = 1 },
		"size":         func(s *replayState) { s.Size = 5 },
		"short column": func(s *replayState) { s.Reward = s.Reward[:2] },
		"row range":    func(s *replayState) { s.Row = []int32{0, 9, 1} },
		"action range": func(s *replayState) { s.Action = []uint8{0, 7, 1} },
	} {
		s := good
		mut(&s)
		if err := newReplayBuffer(4).setState(s, 5, 3); err == nil {
			t.Errorf("%s: accepted a bad state", name)
		}
	}
}
