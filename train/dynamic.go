package train

import (
	"errors"

	"github.com/tablerl/tablerl/tableenv"
)

// ErrDynamic marks a learner that cannot train under a dynamic spec (load:,
// delay:, change_cost: or actions:): DQN's replay memory and the Q-table
// hold table rows and states, which do not carry the load's position or
// the pending changes. PPO learns from the observations themselves.
var ErrDynamic = errors.New("does not train on a spec with load:, delay:, change_cost: or actions: (use ppo)")

// dynamicEpisodes is how many episodes estimate a greedy policy's return
// under a dynamic spec.
const dynamicEpisodes = 256

// dynamicGreedyReturn estimates g's expected return under a dynamic spec
// from dynamicEpisodes episodes with fixed seeds, so the estimate is the
// same on every call for the same policy: the exact row-by-row value
// (GreedyReturn) has no finite form once the observation carries the load
// series and pending changes.
func dynamicGreedyReturn(m *tableenv.Model, g Greedy, startRow int) float64 {
	env := m.NewEnv(0)
	if startRow >= 0 {
		env.SetStart(startRow)
	}
	var sum float64
	for ep := 0; ep < dynamicEpisodes; ep++ {
		obs, _ := env.Reset(int64(ep) + 1)
		for {
			var r float64
			var trunc bool
			obs, r, _, trunc, _ = env.Step(g.Act(obs))
			sum += r
			if trunc {
				break
			}
		}
	}
	return sum / dynamicEpisodes
}
