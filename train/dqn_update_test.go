package train

import (
	"bytes"
	"math"
	"runtime"
	"testing"
)

// dqnUpdateCases are the update's paths: dueling or not, double or not,
// Polyak or periodic targets, clipping or none, CQL's penalty, and batch
// sizes that split unevenly or leave a part empty.
var dqnUpdateCases = []struct {
	name string
	edit func(*DQNConfig)
	cql  float64 // d.cqlAlpha
}{
	{"d3qn", func(*DQNConfig) {}, 0},
	{"plain", func(c *DQNConfig) { c.Double, c.Dueling = false, false }, 0},
	{"double only", func(c *DQNConfig) { c.Dueling = false }, 0},
	{"dueling only", func(c *DQNConfig) { c.Double = false }, 0},
	{"hard target, no clip", func(c *DQNConfig) { c.Tau, c.TargetUpdate, c.MaxGradNorm = 0, 7, 0 }, 0},
	{"batch 33", func(c *DQNConfig) { c.BatchSize = 33 }, 0},
	{"batch 1", func(c *DQNConfig) { c.BatchSize = 1 }, 0},
	{"cql", func(*DQNConfig) {}, 0.5},
}

// TestDQNUpdateWaysAgree trains with the update's parts run in sequence,
// at once, as the pair chooses and under GOMAXPROCS=1, and checks that all
// four end in byte-identical states.
func TestDQNUpdateWaysAgree(t *testing.T) {
	m := dqnTinyModel(t)
	for _, tc := range dqnUpdateCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := dqnTinyConfig()
			cfg.TotalSteps = 2000
			tc.edit(&cfg)
			run := func(force pairForce, maxprocs int) []byte {
				if maxprocs > 0 {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(maxprocs))
				}
				d, err := NewDQN(m, cfg)
				if err != nil {
					t.Fatal(err)
				}
				d.cqlAlpha = tc.cql
				d.par.force = force
				dqnRun(t, d, cfg.TotalSteps)
				return dqnMarshal(t, d)
			}
			want := run(pairSerial, 0)
			for _, way := range []struct {
				name     string
				force    pairForce
				maxprocs int
			}{{"parallel", pairParallel, 0}, {"auto", pairAuto, 0}, {"GOMAXPROCS=1", pairAuto, 1}} {
				if !bytes.Equal(run(way.force, way.maxprocs), want) {
					t.Errorf("%s: the state differs from the serial update's", way.name)
				}
			}
		})
	}
}

// TestDQNUpdatePartsMatchWholeBatch checks the parts of an update against
// the whole minibatch through one share of each network: their losses add
// up to its loss, the mean over all BatchSize rows, and their gradients to
// its gradient, up to rounding.
func TestDQNUpdatePartsMatchWholeBatch(t *testing.T) {
	m := dqnTinyModel(t)
	for _, tc := range dqnUpdateCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := dqnTinyConfig()
			tc.edit(&cfg)
			d, err := NewDQN(m, cfg)
			if err != nil {
				t.Fatal(err)
			}
			d.cqlAlpha = tc.cql
			dqnRun(t, d, cfg.LearningStarts+500)

			d.replay.sample(d.rng, d.idx)
			d.runPhase(phaseRows)
			d.runPhase(phaseSum)
			loss, grad := d.partLoss[0]+d.partLoss[1], d.online.Grads()
			whole, wholeTarget := d.online.Clone(), d.target.Clone()
			want := d.rowsPart(0, len(d.idx), whole, wholeTarget)

			if math.Abs(loss-want) > 1e-12*(1+math.Abs(want)) {
				t.Errorf("the parts' losses add up to %v, the whole minibatch's is %v", loss, want)
			}
			var scale float64
			for _, g := range whole.Grads() {
				scale = max(scale, math.Abs(g))
			}
			if scale == 0 {
				t.Fatal("the whole minibatch's gradient is zero")
			}
			for i, g := range whole.Grads() {
				if math.Abs(grad[i]-g) > 1e-12*scale {
					t.Fatalf("gradient %d: the parts add up to %v, the whole minibatch gives %v", i, grad[i], g)
				}
			}
		})
	}
}
