package synth

import "math"

// Values of the knobs a sweep grid leaves out, and the step of each knob's
// levels in the table's units.
const (
	fixedMillicores = 500
	fixedHeapMB     = 500
	sweepStep       = 100 // millicores per CPU level, MB per heap level
)

// sweepConfig is one configuration of a sweep grid in the table's units.
type sweepConfig struct {
	replicas, millicores, heapMB int
}

// knob is the value of knob k (in KnobNames order) in the table's units.
func (c sweepConfig) knob(k int) int {
	return [...]int{c.replicas, c.millicores, c.heapMB}[k]
}

// sweepModel holds what a SweepConfig fixes about the service: the
// normalization of the capacity and the cost the reward is scaled by.
type sweepModel struct {
	cfg      *SweepConfig
	largest  sweepConfig
	capScale float64 // tps per unit of shape
	costRef  float64 // the largest configuration's cost
}

func newSweepModel(cfg *SweepConfig) *sweepModel {
	m := &sweepModel{cfg: cfg}
	top := make([]int, len(cfg.Grid))
	for k, n := range cfg.Grid {
		top[k] = n - 1
	}
	m.largest = m.config(top)
	m.capScale = cfg.Headroom * cfg.LoadMax / m.shape(m.largest)
	m.costRef = m.cost(m.largest)
	return m
}

// config returns the configuration at 0-based levels, one per grid knob.
func (m *sweepModel) config(levels []int) sweepConfig {
	c := sweepConfig{replicas: 1, millicores: fixedMillicores, heapMB: fixedHeapMB}
	for k, l := range levels {
		switch k {
		case 0:
			c.replicas = l + 1
		case 1:
			c.millicores = (l + 1) * sweepStep
		case 2:
			c.heapMB = (l + 1) * sweepStep
		}
	}
	return c
}

// shape is the capacity up to scale: diminishing returns in replicas and
// cores, saturating in heap.
func (m *sweepModel) shape(c sweepConfig) float64 {
	k := m.cfg
	return math.Pow(float64(c.replicas), k.ReplicaExp) *
		math.Pow(float64(c.millicores)/1000, k.CPUExp) *
		(1 - math.Exp(-float64(c.heapMB)/k.HeapScale))
}

// capacity is the noiseless tps configuration c serves at most.
func (m *sweepModel) capacity(c sweepConfig) float64 { return m.capScale * m.shape(c) }

// cost is the noiseless cost of an interval.
func (m *sweepModel) cost(c sweepConfig) float64 {
	k := m.cfg
	return float64(c.replicas) * (k.CostPerCore*float64(c.millicores)/1000 + k.CostPerGB*float64(c.heapMB)/1000)
}

// reward is the reward of a row: the fraction of the offered load served,
// less the cost scaled so that the largest configuration costs CostWeight.
func (m *sweepModel) reward(offered, served, cost float64) float64 {
	return served/offered - m.cfg.CostWeight*cost/m.costRef
}

// TrueReward is the noiseless reward of the configuration at 0-based levels
// (one per grid knob) under expected load tps: what the rows of that state
// scatter about. More load needs more capacity, so the best configuration
// moves up the grid with the load.
func (c SweepConfig) TrueReward(levels []int, tps float64) float64 {
	m := newSweepModel(&c)
	conf := m.config(levels)
	return m.reward(tps, math.Min(tps, m.capacity(conf)), m.cost(conf))
}

// LoadLevels returns the expected tps of each load level, ascending: Loads
// values spread evenly over [LoadMin, LoadMax] and rounded, or the one load
// (LoadMin+LoadMax)/2 when Loads is 0.
func (c SweepConfig) LoadLevels() []float64 {
	if c.Loads == 0 {
		return []float64{math.Round((c.LoadMin + c.LoadMax) / 2)}
	}
	out := make([]float64, c.Loads)
	for i := range out {
		out[i] = math.Round(c.LoadMin + float64(i)*(c.LoadMax-c.LoadMin)/float64(c.Loads-1))
	}
	return out
}
