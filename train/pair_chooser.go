package train

import "time"

// pairChooser decides, window by window, whether a pair runs its parts at
// once or in sequence, by the wall time its runs took in each way: on an
// idle 2-core machine at once is faster, but when other processes keep
// both cores busy the two parts wait for each other's thread to get a
// core, and in sequence is faster. It keeps to the faster way, trying the
// other for one window in every pairProbeEvery. The choice changes only
// who computes a part, never what is computed.
type pairChooser struct {
	seq        bool             // the current window runs in sequence
	runs       int              // runs in the current window
	spent      time.Duration    // their time
	last       [2]time.Duration // the latest window's time, at once and in sequence; 0 not yet measured
	sinceProbe int              // windows since the last try of the other way
}

const (
	pairWindow     = 192 // runs per window: 64 DQN updates, several milliseconds
	pairProbeEvery = 32
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
	c.last[cur], c.spent, c.runs = c.spent, 0, 0
	if other := 1 - cur; c.last[other] == 0 || c.sinceProbe >= pairProbeEvery {
		c.seq, c.sinceProbe = other == 1, 0
		return
	}
	c.sinceProbe++
	c.seq = c.last[1] < c.last[0]
}
