package synth

import (
	"math"
	"math/rand/v2"
)

// measure is what the monitoring logs of one interval: the row's metrics
// before any cell goes missing.
type measure struct {
	inc, out          float64 // offered and served load, tps
	maxSess, currSess int
	cpuUsed, ramUsed  float64 // fractions 0..1
	cost              float64
}

// Constants of the usage and session models. They shape columns that the
// built-in spec only observes, so they are fixed rather than Config fields.
const (
	cpuIdle        = 0.03 // CPU fraction used by an idle service
	cpuNoise       = 0.02 // σ of the additive CPU noise
	ramBase        = 0.20 // RAM fraction of the runtime without heap
	ramPerHeap     = 0.30 // RAM fraction a full 900 MB heap commits
	ramPerUse      = 0.15 // RAM fraction of the working set at full utilization
	ramNoise       = 0.02 // σ of the additive RAM noise
	sessPerTPS     = 0.3  // open sessions per tps offered (Little's law, 0.3 s)
	sessNoise      = 0.1  // σ of the log-normal session noise
	sessPeakSpread = 0.5  // the busiest replica holds up to 1.5× its share
)

// service turns a configuration and an offered load into a measure. It has
// its own random stream, like load.
type service struct {
	cfg *Config
	rng *rand.Rand
}

// capacity returns the noiseless tps the configuration can serve: a power law
// in replicas and cores, saturating in heap.
func (s *service) capacity(c config) float64 {
	k := s.cfg
	return k.CapacityScale *
		math.Pow(float64(c.replicas()), k.ReplicaExp) *
		math.Pow(float64(c.millicores())/1000, k.CPUExp) *
		(1 - math.Exp(-float64(c.heapMB())/k.HeapScale))
}

// cost returns the noiseless cost of an interval: replicas × cores plus a
// smaller replicas × heap term.
func (s *service) cost(c config) float64 {
	k := s.cfg
	re := float64(c.replicas())
	return k.CostPerCore*re*float64(c.millicores())/1000 + k.CostPerGB*re*float64(c.heapMB())/1000
}

// measure logs one interval of configuration c under offered load inc.
func (s *service) measure(c config, inc float64) measure {
	k, r := s.cfg, s.rng
	capacity := s.capacity(c) * math.Exp(k.CapacityNoise*r.NormFloat64())
	// A half-normal loss: the service never serves more than it is offered
	// or than its capacity allows.
	out := math.Min(inc, capacity) * math.Exp(-k.ServeNoise*math.Abs(r.NormFloat64()))
	util := out / capacity

	cpuUsed := clamp01(cpuIdle + (1-cpuIdle)*util + cpuNoise*r.NormFloat64())
	ramUsed := clamp01(ramBase + ramPerHeap*float64(c.heapMB())/900 + ramPerUse*util + ramNoise*r.NormFloat64())

	curr := math.Round(sessPerTPS * inc * math.Exp(sessNoise*r.NormFloat64()))
	peak := math.Ceil(curr / float64(c.replicas()) * (1 + sessPeakSpread*r.Float64()))

	return measure{
		inc:      inc,
		out:      out,
		maxSess:  int(peak),
		currSess: int(curr),
		cpuUsed:  cpuUsed,
		ramUsed:  ramUsed,
		cost:     s.cost(c) * math.Exp(k.CostNoise*r.NormFloat64()),
	}
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
