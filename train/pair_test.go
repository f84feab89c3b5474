package train

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// pairCounter is a pair's work for tests: each part records the job it
// saw and how often it ran.
type pairCounter struct {
	job  int
	seen [2]int
	runs [2]int
}

func (c *pairCounter) work(part int) {
	c.seen[part] = c.job
	c.runs[part]++
}

// checkRun runs job j and checks that both parts ran once for it before
// run returned.
func (c *pairCounter) checkRun(t *testing.T, p *pair, j int) {
	t.Helper()
	c.job = j
	p.run()
	if c.seen != [2]int{j, j} || c.runs != [2]int{j, j} {
		t.Fatalf("after job %d: parts saw jobs %v and ran %v times", j, c.seen, c.runs)
	}
}

func TestPairRunsBothParts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		force    pairForce
		maxprocs int // 0: as is
	}{
		{"serial", pairSerial, 0},
		{"parallel", pairParallel, 0},
		{"auto", pairAuto, 0},
		{"parallel/GOMAXPROCS=1", pairParallel, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.maxprocs > 0 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tc.maxprocs))
			}
			var c pairCounter
			p := newPair(c.work)
			p.force = tc.force
			for j := 1; j <= 3*pairWindow; j++ {
				c.checkRun(t, p, j)
			}
		})
	}
}

// TestPairHelperComesAndGoes runs jobs separated by pauses around the
// helper's idle wait, so that the helper parks while jobs are posted, and
// checks that every job is done exactly once, that the helper parks once
// the pair is left alone, and that it ends once the pair is dropped.
func TestPairHelperComesAndGoes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS 2 or more for a helper")
	}
	settle := func(what string, done func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !done(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s after 10 s", what)
			}
			runtime.GC()
		}
	}
	before := runtime.NumGoroutine()
	func() {
		var c pairCounter
		p := newPair(c.work)
		p.force = pairParallel
		rng := rand.New(rand.NewPCG(1, 2))
		for j := 1; j <= 200; j++ {
			c.checkRun(t, p, j)
			time.Sleep(time.Duration(rng.Float64() * 2 * float64(idleWait)))
		}
		settle("the helper still spins", func() bool { return !p.alive.Load() })
		c.checkRun(t, p, 201)
	}()
	settle("the dropped pair's helper still runs", func() bool { return runtime.NumGoroutine() <= before })
}

func TestPairDoesNotAllocate(t *testing.T) {
	var c pairCounter
	for _, tc := range []struct {
		name  string
		force pairForce
		pause time.Duration // before each run: longer than idleWait parks the helper
	}{
		{"parallel", pairParallel, 0},
		{"auto", pairAuto, 0},
		{"parallel, helper parked", pairParallel, 2 * idleWait},
	} {
		p := newPair(c.work)
		p.force = tc.force
		runs := 1000
		if tc.pause > 0 {
			runs = 20
		}
		if n := testing.AllocsPerRun(runs, func() { time.Sleep(tc.pause); p.run() }); n != 0 {
			t.Errorf("%s: run allocates %.1f times", tc.name, n)
		}
	}
}

// TestPairChooser feeds the chooser windows whose time depends on the way
// they ran, the faster way changing over time, and checks that it keeps to
// the faster way but for a few probes, follows a load that starts within a
// few windows and one that stops within pairProbeMax windows, and is not
// sent the slower way by spikes: windows slowed 3× at random, whichever
// way they ran.
func TestPairChooser(t *testing.T) {
	const fast, slow = 60 * time.Microsecond, 100 * time.Microsecond
	type stage struct {
		windows         int
		parallel, alone time.Duration // a run's time each way
		spikes          float64       // the share of windows slowed 3×
	}
	for _, tc := range []struct {
		name   string
		stages []stage
	}{
		{"parallel faster", []stage{{1000, fast, slow, 0}}},
		{"sequence faster", []stage{{1000, 2 * slow, slow, 0}}},
		{"load starts, then stops", []stage{{400, fast, slow, 0}, {400, 2 * slow, slow, 0}, {400, fast, slow, 0}}},
		{"parallel faster, spikes", []stage{{1000, fast, slow, 0.1}}},
		{"sequence faster, spikes", []stage{{1000, 2 * slow, slow, 0.1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c pairChooser
			rng := rand.New(rand.NewPCG(9, 9))
			for i, st := range tc.stages {
				wantSeq := st.alone < st.parallel
				settle := 4 // windows to follow a change of the faster way
				if i > 0 && !wantSeq {
					settle = pairProbeMax + 4
				}
				var wrong int
				for w := range st.windows {
					seq := c.sequential()
					if seq != wantSeq {
						if w >= settle {
							wrong++
						}
					}
					d := st.parallel
					if seq {
						d = st.alone
					}
					if rng.Float64() < st.spikes {
						d *= 3
					}
					for range pairWindow {
						c.record(d)
					}
				}
				// A spike in two windows in a row starts a probe: 1% of
				// windows at 10% spikes.
				if most := st.windows/pairProbeMax + 4 + int(2*st.spikes*st.spikes*float64(st.windows)); wrong > most {
					t.Errorf("stage %d: %d windows of %d ran the slower way, want at most %d", i, wrong, st.windows, most)
				}
			}
		})
	}
}
