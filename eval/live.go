package eval

import (
	"errors"
	"fmt"
	"math"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// ErrUnrecorded marks a live configuration a policy of recorded states (the
// optimal policy, a decision table) has no decision for.
var ErrUnrecorded = errors.New("configuration not recorded in the table")

// LivePolicy is a Policy that also decides from a live situation — what
// the service looks like now — instead of a table environment's row.
// Every policy NewPolicy builds is one. Like Policy, it may keep working
// buffers: use one per goroutine.
type LivePolicy interface {
	Policy
	// LiveInputs says what a live decision needs beyond the configuration
	// and context.
	LiveInputs() LiveInputs
	// DecideLive returns the action at placement p of live situation l
	// (p.Obs is set when LiveInputs asks for the observation), with its
	// per-action scores if the policy has them.
	DecideLive(m *tableenv.Model, p *tableenv.Placement, l tableenv.Live) (int, Scores, error)
}

// LiveInputs are what a live decision reads: the observation (and with it
// the spec's observe columns) and other metrics by name.
type LiveInputs struct {
	Observation bool
	Metrics     []string
}

// Scores are a policy's per-action scores, in action order: Kind is
// "probability" (PPO, with the network's Logits beside), "q_value" (DQN,
// tabular Q) or "" (none).
type Scores struct {
	Kind   string
	Values []float64
	Logits []float64
}

// ScoreProbability is the kind of a policy network's action probabilities.
const ScoreProbability = "probability"

// Decision is a policy's answer to a live situation.
type Decision struct {
	Action     int
	ActionName string
	// Target is the configuration the action leads to, in the table's
	// units; TargetRecorded says whether the table recorded it (a move off
	// the grid keeps the configuration and is not recorded).
	Target         []float64
	TargetRecorded bool
	Scores         Scores
	// Placement is where the live situation was placed: the levels and
	// context taken, and the values snapped to reach them.
	Placement *tableenv.Placement
}

// Decide places the live situation l in m and asks p for its action. A
// value p cannot use is a *tableenv.LiveError naming its field; a policy of
// recorded states asked about an unrecorded one fails with ErrUnrecorded.
func Decide(m *tableenv.Model, p LivePolicy, l tableenv.Live) (*Decision, error) {
	in := p.LiveInputs()
	pl, err := m.Place(l, in.Observation)
	if err != nil {
		return nil, err
	}
	a, sc, err := p.DecideLive(m, pl, l)
	if err != nil {
		return nil, err
	}
	target, rec := m.Target(pl, a)
	return &Decision{Action: a, ActionName: m.ActionNames[a], Target: target, TargetRecorded: rec, Scores: sc, Placement: pl}, nil
}

// recordedState is p's state, or ErrUnrecorded naming the configuration.
func recordedState(m *tableenv.Model, p *tableenv.Placement, policy string) (int, error) {
	if !p.Recorded {
		return 0, fmt.Errorf("%w: %s decides only in recorded configurations, and %v (context %v) is not one", ErrUnrecorded, policy, p.Config, p.Context)
	}
	return p.State, nil
}

func (p *Random) LiveInputs() LiveInputs { return LiveInputs{} }
func (p *Random) DecideLive(m *tableenv.Model, _ *tableenv.Placement, _ tableenv.Live) (int, Scores, error) {
	return p.rng.IntN(m.NumActions()), Scores{}, nil
}

func (Noop) LiveInputs() LiveInputs { return LiveInputs{} }
func (Noop) DecideLive(*tableenv.Model, *tableenv.Placement, tableenv.Live) (int, Scores, error) {
	return 0, Scores{}, nil
}

func (*Optimal) LiveInputs() LiveInputs { return LiveInputs{} }

// DecideLive is the optimal action with a whole episode ahead.
func (p *Optimal) DecideLive(m *tableenv.Model, pl *tableenv.Placement, _ tableenv.Live) (int, Scores, error) {
	s, err := recordedState(m, pl, p.Name())
	if err != nil {
		return 0, Scores{}, err
	}
	return p.Solution.Action(s, m.Horizon()), Scores{}, nil
}

func (*Decisions) LiveInputs() LiveInputs { return LiveInputs{} }
func (d *Decisions) DecideLive(m *tableenv.Model, pl *tableenv.Placement, _ tableenv.Live) (int, Scores, error) {
	s, err := recordedState(m, pl, d.Name())
	if err != nil {
		return 0, Scores{}, err
	}
	return d.Actions[s], Scores{}, nil
}

func (*Greedy) LiveInputs() LiveInputs { return LiveInputs{Observation: true} }

// DecideLive acts on the live observation, with the policy's scores when
// it is a train.Scorer: a network's logits become probabilities.
func (g *Greedy) DecideLive(_ *tableenv.Model, pl *tableenv.Placement, _ tableenv.Live) (int, Scores, error) {
	sc, ok := g.Policy.(train.Scorer)
	if !ok || sc.ScoreKind() == "" {
		return g.Policy.Act(pl.Obs), Scores{}, nil
	}
	a, vals := sc.ActScores(nil, pl.Obs)
	if len(vals) == 0 {
		return a, Scores{}, nil
	}
	if sc.ScoreKind() != train.ScoreLogit {
		return a, Scores{Kind: sc.ScoreKind(), Values: vals}, nil
	}
	return a, Scores{Kind: ScoreProbability, Values: softmax(vals), Logits: vals}, nil
}

// softmax turns logits into probabilities, stably.
func softmax(logits []float64) []float64 {
	hi := math.Inf(-1)
	for _, x := range logits {
		hi = math.Max(hi, x)
	}
	out := make([]float64, len(logits))
	var sum float64
	for i, x := range logits {
		out[i] = math.Exp(x - hi)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func (p *Threshold) LiveInputs() LiveInputs { return LiveInputs{Metrics: p.Util.liveMetrics()} }

// DecideLive is the rule on the live utilization.
func (p *Threshold) DecideLive(m *tableenv.Model, pl *tableenv.Placement, l tableenv.Live) (int, Scores, error) {
	u, err := p.Util.Live(l)
	if err != nil {
		return 0, Scores{}, err
	}
	return p.move(m, pl.Levels, p.Decide(u)), Scores{}, nil
}

func (p *Target) LiveInputs() LiveInputs { return LiveInputs{Metrics: p.Util.liveMetrics()} }

// DecideLive is the rule on the live utilization, from the nearest level.
func (p *Target) DecideLive(m *tableenv.Model, pl *tableenv.Placement, l tableenv.Live) (int, Scores, error) {
	u, err := p.Util.Live(l)
	if err != nil {
		return 0, Scores{}, err
	}
	return p.act(m, pl.Levels, u), Scores{}, nil
}

func (l *labelled) LiveInputs() LiveInputs { return l.LivePolicy.LiveInputs() }
