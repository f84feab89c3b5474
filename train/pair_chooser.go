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
// every probeEvery windows, or at once when two windows in a row take over
// a quarter longer than the one that confirmed the current way, as when
// other work starts (a single slow window is more often a spike of the
// host's). After a probe it runs one window the current way again (a
// check) and switches only when the probe beat both the check and the
// window before it by over an eighth: the three windows are adjacent, so
// all see the same load, and a spike that slows one of them does not send
// the pair the slower way for the next probeEvery windows. Before the
// check, DQN on load12-9x9x9-sparse ran 23% to 53% of its update runs in
// sequence on an idle machine, and took up to 4 s longer than at once
// throughout.
//
// A probe the current way wins doubles probeEvery, up to pairProbeMax, so
// that under a steady load the slower way costs little; a probe that wins
// switches ways and resets it.
type pairChooser struct {
	seq        bool          // the current window runs in sequence
	phase      chooserPhase  // what the current window is for
	runs       int           // runs in the current window
	spent      time.Duration // their time
	last       time.Duration // the latest window's time the current way
	probe      time.Duration // the latest probe's time
	ref        time.Duration // the window that confirmed the current way
	since      int           // windows since the last probe
	slow       int           // windows in a row over a quarter longer than ref
	probeEvery int           // 0 until the first probe: pairProbeMin
}

// chooserPhase is what a pairChooser's window is for.
type chooserPhase int

const (
	chooserKeep  chooserPhase = iota // the current way
	chooserProbe                     // the other way, once
	chooserCheck                     // the current way again, to compare with the probe
)

const (
	pairWindow   = 192 // runs per window: 64 DQN updates or 192 PPO minibatches, several milliseconds
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
	w := c.spent
	c.spent, c.runs = 0, 0
	switch c.phase {
	case chooserProbe:
		c.probe, c.seq, c.phase = w, !c.seq, chooserCheck
	case chooserCheck:
		c.phase, c.since = chooserKeep, 0
		if 8*c.probe < 7*min(w, c.last) {
			c.seq, c.ref, c.probeEvery = !c.seq, c.probe, pairProbeMin
		} else {
			c.ref, c.probeEvery = w, min(2*c.probeEvery, pairProbeMax)
		}
	default:
		c.last = w
		if 4*w > 5*c.ref {
			c.slow++
		} else {
			c.slow = 0
		}
		if c.probeEvery == 0 { // the first window: try the other way
			c.probeEvery = pairProbeMin
			c.startProbe()
		} else if c.since++; c.since >= c.probeEvery || c.slow >= 2 {
			c.startProbe()
		}
	}
}

// startProbe makes the next window try the other way.
func (c *pairChooser) startProbe() {
	c.seq, c.phase, c.slow = !c.seq, chooserProbe, 0
}
