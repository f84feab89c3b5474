package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// PPO is the proximal policy optimization learner (Schulman et al. 2017)
// with a categorical policy and a separate value network, GAE advantages,
// per-minibatch advantage normalization, ratio clipping, an entropy bonus,
// joint gradient clipping and linear annealing, in the style of CleanRL's
// ppo.py.
//
// A run is a pure function of the Model and the PPOConfig: one goroutine
// owns every random stream, and the policy and value networks, updated on
// two goroutines at once, share nothing but read-only inputs.
type PPO struct {
	m     *tableenv.Model
	cfg   PPOConfig
	norm  obsNormalizer
	batch *tableenv.Batch

	pi, vf       *nn.MLP // policy (logits) and value networks
	piOpt, vfOpt *nn.Adam

	// src drives action sampling and minibatch shuffling; rng wraps it.
	src *rand.PCG
	rng *rand.Rand

	steps, episodes, iters int
	epRet                  []float64 // return so far of each environment's episode
	recent                 returnWindow
	ended                  []float64      // returns of the episodes ended in this rollout
	stats                  PPOUpdateStats // of the last update

	ro *ppoRollout
	up *ppoUpdater
}

// NewPPO returns a PPO learner on m. The policy's input is the raw
// observation standardized with m.ObsMean and m.ObsStd; its output the
// logits of m.NumActions() actions.
func NewPPO(m *tableenv.Model, cfg PPOConfig) (*PPO, error) {
	cfg.Hidden = append([]int(nil), cfg.Hidden...) // the caller's slice stays theirs
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkModel("ppo", m); err != nil {
		return nil, err
	}
	act, _ := cfg.activation()
	d, k := m.ObsDim(), m.NumActions()

	// The learner's stream and the environments' streams (seed+i) are
	// distinct PCG sequences; networks are drawn first from the former.
	src := rand.NewPCG(cfg.Seed, cfg.Seed^0x5851f42d4c957f2d)
	rng := rand.New(src)
	sizes := func(out int) []int {
		s := append([]int{d}, cfg.Hidden...)
		return append(s, out)
	}
	if err := checkNetwork("ppo", "hidden", sizes(k)); err != nil {
		return nil, err
	}
	pi := nn.NewMLP(sizes(k), act, rng, nn.Init{OutputGain: 0.01})
	vf := nn.NewMLP(sizes(1), act, rng, nn.Init{OutputGain: 1})
	pi.SetFMA(true) // several times faster than blas64.Gemm at these widths
	vf.SetFMA(true)
	adam := nn.AdamConfig{LR: cfg.LR, Eps: cfg.AdamEps}

	b := tableenv.NewBatch(m, cfg.NumEnvs, cfg.Seed)
	cfg.prepareEnvs(m, b.Envs...)
	b.Reset()

	p := &PPO{
		m: m, cfg: cfg,
		norm:  newGainNormalizer(m.ObsMean, m.ObsStd, cfg.InputGain),
		batch: b,
		pi:    pi, vf: vf,
		piOpt: nn.NewAdam(len(pi.Params()), adam),
		vfOpt: nn.NewAdam(len(vf.Params()), adam),
		src:   src, rng: rng,
		epRet: make([]float64, cfg.NumEnvs),
		ro:    newPPORollout(cfg.RolloutLen, cfg.NumEnvs, d, k),
	}
	p.ro.bonus = newVisitBonus(m, cfg.CountBonus)
	p.up = newPPOUpdater(p)
	return p, nil
}

// Algo returns "ppo".
func (p *PPO) Algo() string { return "ppo" }

// Config returns the learner's hyperparameters.
func (p *PPO) Config() PPOConfig {
	c := p.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	return c
}

// Steps is the number of environment steps taken.
func (p *PPO) Steps() int { return p.steps }

// StepUnit is a rollout: NumEnvs × RolloutLen steps.
func (p *PPO) StepUnit() (int, string) {
	return p.cfg.batchSize(), fmt.Sprintf("rollouts of %d steps (num_envs × rollout_len)", p.cfg.batchSize())
}

// SetTotalSteps changes the budget the annealing schedules follow.
func (p *PPO) SetTotalSteps(n int) { p.cfg.TotalSteps = n }

// Iterate collects one rollout of RolloutLen steps in each environment and
// trains on it for Epochs passes of minibatches. The learning rate (with
// AnnealLR) and the entropy weight follow the share of TotalSteps spent
// before the iteration; past the budget the learning rate stays 0.
func (p *PPO) Iterate() (Progress, error) {
	// Schedules move linearly with the share of the budget already spent,
	// as CleanRL's (the first iteration uses the full rates).
	frac := 1 - float64(p.steps)/float64(p.cfg.TotalSteps)
	frac = max(frac, 0)
	lr := p.cfg.LR
	if p.cfg.AnnealLR {
		lr *= frac
	}
	p.piOpt.SetLR(lr)
	p.vfOpt.SetLR(lr)
	ent := p.cfg.EntCoefEnd + (p.cfg.EntCoef-p.cfg.EntCoefEnd)*frac

	p.ended = p.ro.collect(p.batch, p.pi, p.vf, p.norm, p.cfg.Gamma, p.rng, p.epRet, p.ended[:0])
	for _, r := range p.ended {
		p.recent.add(r)
	}
	p.episodes += len(p.ended)
	p.steps += p.cfg.batchSize()
	p.ro.gae(p.cfg.Gamma, p.cfg.Lambda)

	st, err := p.up.run(p, ent)
	if err != nil {
		return p.progress(), err
	}
	p.stats = st
	p.iters++
	return p.progress(), nil
}

// UpdateStats returns the statistics of the last iteration's update.
func (p *PPO) UpdateStats() PPOUpdateStats { return p.stats }

func (p *PPO) progress() Progress {
	return Progress{Steps: p.steps, Episodes: p.episodes, MeanReturn: p.recent.mean(), Loss: p.stats.Loss}
}
