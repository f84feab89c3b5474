package train

import "time"

// pairChooser decides, window by window, whether a pair runs its parts at
// once or in sequence, by the wall time its runs took each way: on an
// idle 2-core machine at once is faster, but when other processes keep
// the cores busy the two parts wait for each other's thread to get a
// core, and in sequence is faster. The choice changes only who computes a
// part, never what is computed.
//
// It keeps to the faster way and tries the other for one window (a probe)
// every probeEvery windows, or at once when a window takes over a quarter
// longer than the one that confirmed the current way, as when other work
// starts. A probe the current way wins doubles probeEvery, up to
// pairProbeMax, so that under a steady load the slower way costs little;
// a probe that wins switches ways and resets it.
type pairChooser struct {
	seq        bool             // the current window runs in sequence
	probing    bool             // the current window tries the other way
	runs       int              // runs in the current window
	spent      time.Duration    // their time
	last       [2]time.Duration // the latest window's time, at once and in sequence
	ref        time.Duration    // the window that confirmed the current way
	since      int              // windows since the last probe
	probeEvery int              // 0 until the first probe: pairProbeMin
}

const (
	pairWindow   = 192 // runs per window: 64 DQN updates, several milliseconds
	pairProbeMin = 32
	pairProbeMax = 128
)

// sequential reports whether the next run should do both parts on the
// caller.
func (c *pairChooser) sequential() bool { return c.seq }

// record counts a run that took d and, at the end of a window, picks the
// way of the next.
func (c *pairChooser) record(d time.Duration) {
	c.spent += d
	if c.runs++; c.runs < pairWindow {
		return
	}
	cur := 0
	if c.seq {
		cur = 1
	}
	w := c.spent
	c.last[cur], c.spent, c.runs = w, 0, 0
	switch {
	case c.probeEvery == 0: // the first window: try the other way
		c.probeEvery = pairProbeMin
		c.probe()
	case c.probing:
		c.probing, c.since = false, 0
		if other := c.last[1-cur]; w < other {
			c.ref, c.probeEvery = w, pairProbeMin
		} else {
			c.seq, c.ref = !c.seq, other
			c.probeEvery = min(2*c.probeEvery, pairProbeMax)
		}
	default:
		if c.since++; c.since >= c.probeEvery || 4*w > 5*c.ref {
			c.probe()
		}
	}
}

// probe makes the next window try the other way.
func (c *pairChooser) probe() {
	c.seq, c.probing = !c.seq, true
}
