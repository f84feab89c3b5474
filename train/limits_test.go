package train

import (
	"strings"
	"testing"

	"github.com/tablerl/tablerl/limits"
)

// TestSizeLimits: networks and rollouts over their limits are refused by
// key before any weight or sample is allocated (these sizes would need
// terabytes).
func TestSizeLimits(t *testing.T) {
	m := fuzzModel(t)
	for _, c := range []struct {
		algo string
		edit func(Config)
		want string
	}{
		{"ppo", func(c Config) { c.(*PPOConfig).Hidden = []int{100000, 100000} }, "ppo hidden: over the limit: the network's weights"},
		{"dqn", func(c Config) { c.(*DQNConfig).Hidden = []int{100000, 100000} }, "dqn hidden: over the limit: the network's weights"},
		{"ppo", func(c Config) { c.(*PPOConfig).NumEnvs, c.(*PPOConfig).RolloutLen = 1e6, 1e9 }, "ppo rollout_len: over the limit: num_envs × rollout_len (1000000 × 1000000000) is 1000000000000000"},
		{"ppo", func(c Config) { c.(*PPOConfig).Minibatch = 1e7 }, "ppo minibatch: over the limit"},
		{"dqn", func(c Config) { c.(*DQNConfig).BufferSize = 1e9 }, "dqn buffer_size: over the limit: buffer_size is 1000000000, the limit rollout is"},
		{"dqn", func(c Config) { c.(*DQNConfig).BatchSize = 1e7 }, "dqn batch_size: over the limit"},
		{"dqn", func(c Config) { c.(*DQNConfig).NumEnvs = 1e7 }, "dqn num_envs: over the limit"},
	} {
		a, _ := LookupAlgorithm(c.algo)
		cfg := a.NewConfig()
		c.edit(cfg)
		if _, err := a.NewLearner(m, cfg); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), limits.EnvVar) {
			t.Errorf("%s: error %v, want one containing %q", c.algo, err, c.want)
		}
	}
	// Raised, the same network is built.
	old := limits.Current()
	defer limits.Set(old)
	l := old
	l.NetworkParams = 1e12
	limits.Set(l)
	ppo := DefaultPPOConfig()
	ppo.Hidden = []int{3000, 3000}
	if err := checkNetwork("ppo", "hidden", append(append([]int{m.ObsDim()}, ppo.Hidden...), m.NumActions())); err != nil {
		t.Fatalf("raised limit: %v", err)
	}
}
