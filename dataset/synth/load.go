package synth

import (
	"math"
	"math/rand/v2"
)

// minutesPerDay is the day of a generated table, whose intervals are minutes.
const minutesPerDay = 1440

// spike is one burst of load: its factor at the start and the intervals it
// takes to decay back to 1.
type spike struct {
	start  int
	factor float64
	length int
}

// at returns the spike's multiplier of the load at interval t: factor at the
// start, falling linearly to 1 at start+length.
func (s spike) at(t int) float64 {
	age := t - s.start
	if age < 0 || age >= s.length {
		return 1
	}
	return 1 + (s.factor-1)*(1-float64(age)/float64(s.length))
}

// load draws the offered load interval by interval. It has its own random
// stream so that the load trace of a seed does not change with the agent's
// or the service's parameters.
type load struct {
	cfg  *Config
	day  float64 // intervals in a day (the week is seven)
	rng  *rand.Rand
	next float64 // time of the next spike arrival, in intervals
	live []spike // spikes started and not yet decayed
}

func newLoad(cfg *Config, rng *rand.Rand, perDay int) *load {
	l := &load{cfg: cfg, rng: rng, day: float64(perDay)}
	l.next = l.arrival(0)
	return l
}

// arrival returns the time of the next arrival of the Poisson process after
// t: exponential gaps of mean 1/SpikeRate.
func (l *load) arrival(t float64) float64 {
	if l.cfg.SpikeRate == 0 {
		return math.Inf(1)
	}
	return t + l.rng.ExpFloat64()/l.cfg.SpikeRate
}

// at returns the offered load of interval t; t must increase by one per call.
func (l *load) at(t int) float64 {
	c := l.cfg
	// The day starts at its trough (midnight) and peaks at noon; the week
	// starts on its mean and peaks a quarter of the way in.
	daily := 1 - c.DailyAmplitude*math.Cos(2*math.Pi*float64(t)/l.day)
	weekly := 1 + c.WeeklyAmplitude*math.Sin(2*math.Pi*float64(t)/(7*l.day))
	x := c.BaseLoad * daily * weekly * math.Exp(c.LoadNoise*l.rng.NormFloat64())

	// Spikes arriving during (t-1, t] start at t; overlapping spikes do not
	// compound, the strongest one counts.
	for l.next <= float64(t) {
		l.live = append(l.live, spike{
			start:  t,
			factor: c.SpikeMinFactor + (c.SpikeMaxFactor-c.SpikeMinFactor)*l.rng.Float64(),
			length: c.SpikeMinLen + l.rng.IntN(c.SpikeMaxLen-c.SpikeMinLen+1),
		})
		l.next = l.arrival(l.next)
	}
	m := 1.0
	live := l.live[:0]
	for _, s := range l.live {
		if t < s.start+s.length {
			m = math.Max(m, s.at(t))
			live = append(live, s)
		}
	}
	l.live = live
	return x * m
}
