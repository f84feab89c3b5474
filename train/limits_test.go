package train

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/train/nn"
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

// TestPolicyMarshalRefusesNaN: a diverged policy is an error naming it,
// not encoding/json's bare "unsupported value".
func TestPolicyMarshalRefusesNaN(t *testing.T) {
	m := fuzzModel(t)
	p := Export(m, tinyLearner(t, m, "qtable"), 1, "fuzz.txt", "sha")
	p.QTable[0].Q[0] = math.NaN()
	if _, err := p.Marshal(); !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "qtable policy is NaN: the training diverged") {
		t.Fatalf("error %v", err)
	}
}

// TestPolicyInputsMismatch: a policy file whose network takes another
// number of inputs than it names (or, naming none, than the observation)
// is refused when loaded, not a panic on its first observation.
func TestPolicyInputsMismatch(t *testing.T) {
	m := fuzzModel(t)
	for _, names := range [][]string{nil, {"re", "cpu"}} {
		p := Export(m, tinyLearner(t, m, "ppo"), 1, "fuzz.txt", "sha")
		p.ObsNames = names
		p.ObsMean, p.ObsStd = []float64{0, 0, 0}, []float64{1, 1, 1}
		p.Network = &nn.Snapshot{Sizes: []int{3, m.NumActions()}, Activation: p.Network.Activation, Params: make([]float64, 4*m.NumActions())}
		if _, err := p.Greedy(m); !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "normalization has 3 means") {
			t.Errorf("names %v: error %v", names, err)
		}
	}
	// Sizes whose product wraps around to the parameters' count.
	s := nn.Snapshot{Sizes: []int{1 << 32, 1 << 32, 1}, Activation: "relu", Params: nil}
	if _, err := nn.FromSnapshot(s); err == nil {
		t.Fatal("an overflowing architecture accepted")
	}
}
