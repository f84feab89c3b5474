package train

import (
	"math"
	"math/rand/v2"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// ppoRollout is the on-policy data of one iteration: T steps of N
// environments, time-major (sample t·N+i is environment i at step t).
// Buffers are allocated once and reused.
type ppoRollout struct {
	t, n, d int

	obs     []float64 // normalized observations, T·N × d
	actions []int
	logp    []float64 // log π_old(action)
	rewards []float64 // reward, plus γ·V(final obs) where the episode ended, plus any visit bonus
	done    []bool    // the episode ended at this step
	values  []float64 // V(obs)
	adv     []float64 // GAE advantages
	returns []float64 // value targets, adv + values

	// Scratch for one step.
	cur     []float64 // normalized current observations, N × d
	final   []float64 // normalized final observations of ended episodes
	endedAt []int     // environments whose episode ended at the last step
	probs   []float64 // one row of log-probabilities
	stepR   []float64
	stepD   []bool
	lastV   []float64 // V of the observations after the last step
	prev    []int     // the environments' states before the step, kept for the bonus

	bonus *visitBonus // nil: no exploration bonus
}

func newPPORollout(t, n, d, k int) *ppoRollout {
	return &ppoRollout{
		t: t, n: n, d: d,
		obs:     make([]float64, t*n*d),
		actions: make([]int, t*n),
		logp:    make([]float64, t*n),
		rewards: make([]float64, t*n),
		done:    make([]bool, t*n),
		values:  make([]float64, t*n),
		adv:     make([]float64, t*n),
		returns: make([]float64, t*n),
		cur:     make([]float64, n*d),
		final:   make([]float64, n*d),
		endedAt: make([]int, 0, n),
		probs:   make([]float64, k),
		stepR:   make([]float64, n),
		stepD:   make([]bool, n),
		lastV:   make([]float64, n),
		prev:    make([]int, n),
	}
}

// collect fills ro with RolloutLen steps of every environment of b under
// the current policy, sampling actions from rng, and returns the returns of
// the episodes that ended, appended to ended. epRet holds each
// environment's return so far and is updated.
//
// Truncation at the horizon is not termination: the reward of a step that
// ends an episode gets γ·V(final observation) added, so the advantage
// chain can be cut there without pretending the future is worth nothing.
// The visit bonus, if any, goes into the rewards trained on, not into the
// episode returns reported.
func (ro *ppoRollout) collect(b *tableenv.Batch, pi, vf *nn.MLP, z obsNormalizer, gamma float64, rng *rand.Rand, epRet []float64, ended []float64) []float64 {
	n, d := ro.n, ro.d
	k := len(ro.probs)
	for t := 0; t < ro.t; t++ {
		off := t * n
		obs := ro.obs[off*d : (off+n)*d]
		z.apply(obs, b.Obs)
		logits := pi.Forward(matrix(obs, n, d))
		acts := ro.actions[off : off+n]
		for i := range acts {
			nn.LogSoftmax(ro.probs, logits.Data[i*k:(i+1)*k])
			a := ppoSample(ro.probs, rng.Float64())
			acts[i] = a
			ro.logp[off+i] = ro.probs[a]
		}
		if ro.bonus != nil {
			copy(ro.prev, b.States)
		}
		b.Step(acts, ro.stepR, ro.stepD)
		copy(ro.rewards[off:off+n], ro.stepR)
		if ro.bonus != nil {
			for i, a := range acts {
				ro.rewards[off+i] += ro.bonus.move(ro.prev[i], a)
			}
		}
		copy(ro.done[off:off+n], ro.stepD)

		ro.endedAt = ro.endedAt[:0]
		for i, r := range ro.stepR {
			epRet[i] += r
			if ro.stepD[i] {
				ended = append(ended, epRet[i])
				epRet[i] = 0
				z.apply(ro.final[len(ro.endedAt)*d:(len(ro.endedAt)+1)*d], b.FinalObs[i*d:(i+1)*d])
				ro.endedAt = append(ro.endedAt, i)
			}
		}
		if m := len(ro.endedAt); m > 0 {
			v := vf.Forward(matrix(ro.final, m, d))
			for j, i := range ro.endedAt {
				ro.rewards[off+i] += gamma * v.Data[j]
			}
		}
	}
	// Values of every collected observation in one pass, and of the
	// observations the next rollout starts from, for the last bootstrap.
	v := vf.Forward(matrix(ro.obs, ro.t*n, d))
	copy(ro.values, v.Data[:ro.t*n])
	z.apply(ro.cur, b.Obs)
	v = vf.Forward(matrix(ro.cur, n, d))
	copy(ro.lastV, v.Data[:n])
	return ended
}

// ppoSample draws an action from log-probabilities lp by inverting the
// cumulative distribution at u ∈ [0, 1). Rounding can leave the total
// just under 1; the last action with positive probability absorbs it.
func ppoSample(lp []float64, u float64) int {
	var c float64
	last := 0
	for a, l := range lp {
		p := math.Exp(l)
		if p > 0 {
			last = a
		}
		c += p
		if u < c {
			return a
		}
	}
	return last
}

// gae computes the advantages by generalized advantage estimation
// (Schulman et al. 2016) and the value targets. The chain is cut where an
// episode ended, its bootstrap already being in the reward.
func (ro *ppoRollout) gae(gamma, lambda float64) {
	n := ro.n
	for i := 0; i < n; i++ {
		var last float64
		nextV := ro.lastV[i]
		for t := ro.t - 1; t >= 0; t-- {
			j := t*n + i
			cont := 1.0
			if ro.done[j] {
				cont = 0
			}
			delta := ro.rewards[j] + gamma*cont*nextV - ro.values[j]
			last = delta + gamma*lambda*cont*last
			ro.adv[j] = last
			ro.returns[j] = last + ro.values[j]
			nextV = ro.values[j]
		}
	}
}
