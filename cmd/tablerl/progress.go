package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows long work on stderr: a progress bar when stderr is a
// terminal, a plain line every few seconds otherwise, nothing when quiet.
type progress struct {
	w        io.Writer
	bar      *progressbar.ProgressBar
	total    int
	start    time.Time
	lastLine time.Time
	every    time.Duration
	quiet    bool
	unit     string // what total counts: steps, episodes
}

func (c *cli) newProgress(total int, what, unit string, quiet bool) *progress {
	now := time.Now()
	p := &progress{w: c.stderr, total: total, start: now, lastLine: now, every: 5 * time.Second, quiet: quiet, unit: unit}
	if !quiet && c.stderrIsTTY {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(c.stderr),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	return p
}

// update sets the work done and a status text (recent return, % of optimum).
func (p *progress) update(done int, status string) {
	if p.quiet {
		return
	}
	if p.bar != nil {
		p.bar.Describe(status)
		p.bar.Set(done)
		return
	}
	if now := time.Now(); now.Sub(p.lastLine) >= p.every || done >= p.total {
		p.lastLine = now
		secs := now.Sub(p.start).Seconds()
		rate := float64(done) / max(secs, 1e-9)
		fmt.Fprintf(p.w, "%8d/%d %s  %6.0f %s/s  %5.1fs  %s\n", done, p.total, p.unit, rate, p.unit, secs, status)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
