package train

import (
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
)

// maxRingFloats bounds the observation ring of DQN under a dynamic spec
// (1 GiB of float64).
const maxRingFloats = 1 << 27

// obsRing holds DQN's observations under a dynamic spec. There the
// observation is no longer a function of the drawn row (it carries the
// load series and the pending changes), so the replay's transitions refer
// to slots of this ring instead of rows. Each step writes at most two
// slots per environment (its next observation, and a new episode's first),
// and a transition lives for BufferSize transitions, so 2·BufferSize +
// 4·NumEnvs slots keep every referenced observation alive.
type obsRing struct {
	data []float64 // slots × dim, normalized; DQN.obs aliases it
	dim  int
	pos  int   // the next slot written
	cur  []int // the slot of each environment's current observation
	z    obsNormalizer
}

func newObsRing(m *tableenv.Model, cfg DQNConfig) (*obsRing, error) {
	d := m.ObsDim()
	slots := 2*cfg.BufferSize + 4*cfg.NumEnvs
	if d > 0 && slots > maxRingFloats/d {
		return nil, paramError("dqn", "buffer_size", fmt.Sprintf("%d transitions of %d observations need more than %d stored values under a dynamic spec", cfg.BufferSize, d, maxRingFloats))
	}
	return &obsRing{data: make([]float64, slots*d), dim: d, cur: make([]int, cfg.NumEnvs), z: newDivNormalizer(m.ObsMean, m.ObsStd)}, nil
}

func (r *obsRing) slots() int { return len(r.data) / r.dim }

// put stores obs normalized in the next slot and returns the slot.
func (r *obsRing) put(obs []float64) int {
	s := r.pos
	r.z.apply(r.data[s*r.dim:(s+1)*r.dim], obs)
	if r.pos++; r.pos == r.slots() {
		r.pos = 0
	}
	return s
}

// reset stores every environment's current observation.
func (r *obsRing) reset(b *tableenv.Batch) {
	for i := range r.cur {
		r.cur[i] = r.put(b.Obs[i*r.dim : (i+1)*r.dim])
	}
}

// advance stores environment i's observations after a step and returns the
// slot of the observation its transition leads to (the one its episode
// ended on, if it ended).
func (r *obsRing) advance(b *tableenv.Batch, i int, ended bool) int {
	next := -1
	if ended {
		next = r.put(b.FinalObs[i*r.dim : (i+1)*r.dim])
	}
	r.cur[i] = r.put(b.Obs[i*r.dim : (i+1)*r.dim])
	if next < 0 {
		next = r.cur[i]
	}
	return next
}

// restore checks and takes a checkpoint's ring.
func (r *obsRing) restore(data []float64, pos int, cur []int) error {
	if len(data) != len(r.data) || pos < 0 || pos >= r.slots() || len(cur) != len(r.cur) {
		return errors.New("train: dqn checkpoint's observation ring does not match its configuration")
	}
	for _, c := range cur {
		if c < 0 || c >= r.slots() {
			return errors.New("train: dqn checkpoint's observation ring is out of range")
		}
	}
	copy(r.data, data)
	copy(r.cur, cur)
	r.pos = pos
	return nil
}
