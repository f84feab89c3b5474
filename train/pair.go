package train

import (
	"runtime"
	"sync/atomic"
	"time"
	"weak"
)

// pair runs jobs in two parts at once: part 0 on the calling goroutine,
// part 1 on a helper goroutine. It is for the learners' minibatch updates
// (DQN's halves of a minibatch, PPO's policy and value gradients), whose
// parts take tens of microseconds: on this project's 2-vCPU virtual
// machines waking a parked thread was measured at tens of microseconds as
// well, so a goroutine per part (or a channel hand-off per job) ran no
// faster than one core. The helper spins instead, waiting for the next job
// for up to idleWait before it parks; the next run wakes it. A parked
// helper holds no reference to its pair, so a pair its owner drops is
// collected, and its cleanup ends the helper: a pair needs no Close.
//
// Part 1 goes to whichever goroutine claims it first: the caller, done
// with part 0, claims it if the helper has not, as when the helper's
// thread has lost its core to another process or is still waking, so that
// a late helper delays nothing. Which goroutine runs a part must therefore
// not change what it computes: the parts write disjoint memory and do not
// read each other's output. So run may also do both parts itself, the
// same arithmetic in sequence: with GOMAXPROCS below 2, and whenever the
// chooser has measured that to be faster, as when other processes keep
// both cores busy.
type pair struct {
	work    func(part int)
	force   pairForce
	choose  pairChooser
	box     *pairBox
	started bool // box's goroutine runs; only run touches it

	posted  atomic.Uint64 // jobs run has posted
	claimed atomic.Uint64 // jobs whose part 1 is claimed
	done    atomic.Uint64 // jobs whose part 1 the helper has done
	alive   atomic.Bool   // the helper spins for jobs, or has been woken to
	waiting atomic.Uint64 // the job whose part 1 run sleeps on wake for, or 0
	wake    chan struct{} // capacity 1: the helper's message that part 1 is done
}

// pairBox is where a pair's helper parks between spells of spinning. It
// holds only a weak pointer to the pair, so that a parked helper does not
// keep a dropped pair alive.
type pairBox struct {
	start chan struct{}      // capacity 1: a run's wake-up; closed by the pair's cleanup
	pair  weak.Pointer[pair] // the pair
}

// Spin budgets. idleWait is several times what DQN does between two jobs
// of the helper, such as collecting a vector step or doing a part 1 the
// helper was late to claim; waitSpin bounds how long run spins for a part
// 1 the helper is late finishing, say because its thread lost its core,
// before it sleeps and leaves the core to that thread. Spinning
// goroutines look at the clock and let others on their P run every
// checkEvery atomic loads, a few microseconds.
const (
	idleWait   = 500 * time.Microsecond
	waitSpin   = 50 * time.Microsecond
	checkEvery = 1 << 12
)

func newPair(work func(part int)) *pair {
	p := &pair{work: work, box: &pairBox{start: make(chan struct{}, 1)}, wake: make(chan struct{}, 1)}
	p.box.pair = weak.Make(p)
	runtime.AddCleanup(p, func(b *pairBox) { close(b.start) }, p.box)
	return p
}

// pairForce overrides the chooser, for tests and benchmarks.
type pairForce int

const (
	pairAuto     pairForce = iota // the chooser's pick
	pairSerial                    // both parts on the caller
	pairParallel                  // part 1 posted to the helper
)

// run calls work(0) and work(1), concurrently when it can, and returns
// when both have returned.
func (p *pair) run() {
	if p.force == pairSerial || runtime.GOMAXPROCS(0) < 2 {
		p.work(0)
		p.work(1)
		return
	}
	if p.force == pairParallel {
		p.parallel()
		return
	}
	start := time.Now()
	if p.choose.sequential() {
		p.work(0)
		p.work(1)
	} else {
		p.parallel()
	}
	p.choose.record(time.Since(start))
}

// parallel is run with part 1 posted to the helper.
func (p *pair) parallel() {
	n := p.posted.Add(1)
	if !p.alive.Load() && p.alive.CompareAndSwap(false, true) {
		// The helper has given up spinning: it is parked in the box or
		// on its way there, and the box's buffer is empty.
		if !p.started {
			p.started = true
			go pairHelper(p.box)
		}
		p.box.start <- struct{}{}
	}
	p.work(0)
	if p.claimed.CompareAndSwap(n-1, n) {
		p.work(1)
		return
	}
	var since time.Time
	for i := 1; p.done.Load() != n; i++ {
		if i%checkEvery == 0 && spun(&since, waitSpin) {
			break
		}
	}
	if p.done.Load() == n {
		return
	}
	// Sleep until the helper, which checks waiting after finishing,
	// sends. If it finished meanwhile, exactly one of the two swaps
	// waiting back: the helper, which then sends, or run, which returns.
	// Waiting holds the job, so that a helper slow to check after an
	// earlier job does not wake run.
	p.waiting.Store(n)
	if p.done.Load() == n && p.waiting.CompareAndSwap(n, 0) {
		return
	}
	<-p.wake
}

// pairHelper is a pair's helper goroutine: woken, it serves jobs until
// none comes for idleWait, then parks in the box again, until the box is
// closed.
func pairHelper(box *pairBox) {
	for range box.start {
		if p := box.pair.Value(); p != nil {
			p.serve()
		}
	}
}

// serve claims and does part 1 of the jobs posted until none comes for
// idleWait.
func (p *pair) serve() {
	for {
		n, ok := p.next()
		if !ok {
			return
		}
		if !p.claimed.CompareAndSwap(n-1, n) {
			continue // run took it
		}
		p.work(1)
		p.done.Store(n)
		if p.waiting.Load() == n && p.waiting.CompareAndSwap(n, 0) {
			p.wake <- struct{}{}
		}
	}
}

// next spins until a job's part 1 is left unclaimed and returns the job's
// number, or reports false after idleWait without one, alive given up.
//
// Before giving up for good the helper checks for a job posted by a run
// that saw alive still set, and so woke nobody: it takes alive back to
// serve that job, unless a later run has taken alive and woken the
// helper, in which case the helper finds the wake-up in the box at once.
func (p *pair) next() (uint64, bool) {
	for {
		var since time.Time
		for i := 1; ; i++ {
			if n := p.posted.Load(); n != p.claimed.Load() {
				return n, true
			}
			if i%checkEvery == 0 && spun(&since, idleWait) {
				break
			}
		}
		p.alive.Store(false)
		if p.posted.Load() == p.claimed.Load() || !p.alive.CompareAndSwap(false, true) {
			return 0, false
		}
	}
}

// spun is a spinning goroutine's periodic check: it lets other goroutines
// on its P run, then reports whether the spin, which started at the first
// check (*since zero until then), has lasted d.
func spun(since *time.Time, d time.Duration) bool {
	runtime.Gosched()
	if since.IsZero() {
		*since = time.Now()
		return false
	}
	return time.Since(*since) >= d
}
