package eval

import (
	"github.com/tablerl/tablerl/tableenv"
)

// RunConfig says how to play a policy.
type RunConfig struct {
	Episodes int
	Seed     uint64
	// StartRow fixes the start row; a negative value leaves it to the spec.
	StartRow int
	// OnStep, if set, is called after every step (for step-by-step output).
	OnStep func(s StepRecord)
}

// StepRecord is one step of an episode as OnStep sees it.
type StepRecord struct {
	Episode, Step int
	Action        int
	Reward        float64
	Return        float64 // cumulative reward of the episode so far
	Info          tableenv.Info
	Env           *tableenv.Env
}

// Result holds the returns of played episodes.
type Result struct {
	Policy  string
	Returns []float64 // one per episode
	// Invalid counts steps that hit an unrecorded configuration; Steps counts all.
	Invalid, Steps int
	// MetricSums sum each metric column over valid steps' drawn rows (NaN
	// cells skipped); MetricCounts count the cells summed.
	MetricSums   []float64
	MetricCounts []int
}

// episodeSeed derives episode i's seed from the run's seed: a splitmix64 step,
// so neighbouring episodes get unrelated streams.
func episodeSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Run plays cfg.Episodes episodes of p in environments over m. Episode i uses
// the same environment seed for every policy (common random numbers) and
// gives the policy its own seed through Begin.
func Run(m *tableenv.Model, p Policy, cfg RunConfig) *Result {
	env := m.NewEnv(0)
	if cfg.StartRow >= 0 {
		env.SetStart(cfg.StartRow)
	}
	nm := len(m.MetricNames)
	res := &Result{Policy: p.Name(), Returns: make([]float64, cfg.Episodes),
		MetricSums: make([]float64, nm), MetricCounts: make([]int, nm)}
	for ep := 0; ep < cfg.Episodes; ep++ {
		s := episodeSeed(cfg.Seed, ep)
		obs, info := env.Reset(envSeed(s))
		p.Begin(s ^ 0xa5a5a5a5a5a5a5a5)
		var ret float64
		for step := 1; ; step++ {
			a := p.Act(env, obs, info)
			var r float64
			var trunc bool
			obs, r, _, trunc, info = env.Step(a)
			ret += r
			res.Steps++
			if !info.Valid {
				res.Invalid++
			} else {
				for j, v := range info.Metrics {
					if v == v { // not NaN
						res.MetricSums[j] += v
						res.MetricCounts[j]++
					}
				}
			}
			if cfg.OnStep != nil {
				cfg.OnStep(StepRecord{Episode: ep, Step: step, Action: a, Reward: r, Return: ret, Info: info, Env: env})
			}
			if trunc {
				break
			}
		}
		res.Returns[ep] = ret
	}
	return res
}

// EpisodeStart is the row episode ep of a Run with this seed starts from: the
// spec's start row, or the row the episode's seed draws.
func EpisodeStart(m *tableenv.Model, seed uint64, ep int) int {
	if !m.Spec.Start.Random() {
		return m.Spec.Start.Row
	}
	env := m.NewEnv(0)
	env.Reset(envSeed(episodeSeed(seed, ep)))
	return env.Row()
}

// envSeed is the environment's seed for an episode seed s (Reset takes a
// non-negative int64).
func envSeed(s uint64) int64 { return int64(s >> 1) }
