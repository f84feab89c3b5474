package eval

import (
	"math/rand/v2"

	"github.com/tablerl/tablerl/tableenv"
)

// Policy chooses actions in a table environment.
type Policy interface {
	// Name labels the policy in reports.
	Name() string
	// Begin is called at the start of each episode with a seed of its own, so
	// that a stochastic policy's choices are reproducible episode by episode.
	Begin(seed uint64)
	// Act returns the action for the environment's current state; obs and info
	// are those the environment returned last.
	Act(env *tableenv.Env, obs []float64, info tableenv.Info) int
}

// Random chooses uniformly among the actions.
type Random struct{ rng *rand.Rand }

// NewRandom returns the uniformly random policy.
func NewRandom() *Random { return &Random{rng: rand.New(rand.NewPCG(0, 0))} }

func (*Random) Name() string        { return "random" }
func (p *Random) Begin(seed uint64) { p.rng = rand.New(rand.NewPCG(seed, 0x5eed)) }
func (p *Random) Act(env *tableenv.Env, _ []float64, _ tableenv.Info) int {
	return p.rng.IntN(env.Model().NumActions())
}

// Optimal follows the exact optimal policy of a tableenv.Solution: it knows
// the state and the steps left, which is all the optimum depends on.
type Optimal struct{ Solution *tableenv.Solution }

func (*Optimal) Name() string { return "optimal" }
func (*Optimal) Begin(uint64) {}
func (p *Optimal) Act(env *tableenv.Env, _ []float64, _ tableenv.Info) int {
	return p.Solution.Action(env.State(), env.Model().Horizon()-env.Steps())
}

// Greedy adapts a deterministic policy over observations — a trained
// policy — to a Policy.
type Greedy struct {
	Label  string
	Policy interface{ Act(obs []float64) int }
}

func (g *Greedy) Name() string { return g.Label }
func (*Greedy) Begin(uint64)   {}
func (g *Greedy) Act(_ *tableenv.Env, obs []float64, _ tableenv.Info) int {
	return g.Policy.Act(obs)
}
