package tableenv

import (
	"math/bits"
	"math/rand/v2"
)

// NoSeed passed to Reset keeps the environment's random stream going.
const NoSeed = -1

// Info describes the row behind an observation.
type Info struct {
	Row   int  // the drawn row (after an invalid move: the row still in force)
	State int  // the (configuration, context) state
	Valid bool // false when the move hit an unrecorded configuration or left the grid
	// Metrics are the row's metric columns, in Model.MetricNames order (a view).
	Metrics []float64
}

// Env is one environment over a Model, with gymnasium's semantics. It is not
// safe for concurrent use; make one per goroutine (they share the Model).
type Env struct {
	m     *Model
	rng   rand.PCG
	row   int
	state int
	steps int
	start int     // fixed start row, or -1
	limit int     // steps after which an episode is truncated: the horizon or less (SetEpisodeSteps)
	dyn   *dynEnv // a dynamic spec's state (dynenv.go); nil for a plain spec
}

// NewEnv returns an environment seeded with seed, starting where the spec says.
func (m *Model) NewEnv(seed uint64) *Env {
	e := &Env{m: m, start: m.Spec.Start.Row, limit: m.Spec.Horizon}
	if m.dyn != nil {
		e.dyn = newDynEnv(m)
	}
	e.seed(seed)
	return e
}

// Model is the model the environment steps in.
func (e *Env) Model() *Model { return e.m }

func (e *Env) seed(s uint64) { e.rng.Seed(s, s^0x9e3779b97f4a7c15) }

// SetStart fixes the start row (row < 0: drawn uniformly each episode).
func (e *Env) SetStart(row int) { e.start = row }

// SetEpisodeSteps truncates episodes after n steps when n is below the
// horizon (n ≤ 0 or at least the horizon: after the horizon, as by default).
// A learner uses it for its training episodes: more episodes, so more of
// them start at uniformly drawn rows, and a truncated episode is
// bootstrapped, not scored, so its values still look the horizon ahead.
func (e *Env) SetEpisodeSteps(n int) {
	e.limit = e.m.Spec.Horizon
	if n > 0 && n < e.limit {
		e.limit = n
	}
}

// EpisodeSteps is the number of steps after which an episode is truncated.
func (e *Env) EpisodeSteps() int { return e.limit }

// intn draws uniformly from [0, n) (Lemire's method, unbiased).
func (e *Env) intn(n int) int {
	hi, lo := bits.Mul64(e.rng.Uint64(), uint64(n))
	if lo < uint64(n) {
		thresh := -uint64(n) % uint64(n)
		for lo < thresh {
			hi, lo = bits.Mul64(e.rng.Uint64(), uint64(n))
		}
	}
	return int(hi)
}

// Reset starts an episode and returns its first observation (a view: do not
// modify). A seed ≥ 0 reseeds the environment, as gymnasium's reset(seed=);
// NoSeed continues its stream.
func (e *Env) Reset(seed int64) ([]float64, Info) {
	if seed >= 0 {
		e.seed(uint64(seed))
	}
	if e.dyn != nil {
		return e.resetDyn()
	}
	e.row = e.start
	if e.row < 0 {
		e.row = e.intn(e.m.nRows)
	}
	e.state = int(e.m.rowState[e.row])
	e.steps = 0
	return e.m.Observation(e.row), e.info(true)
}

// Step applies action a (0 ≤ a < NumActions) and returns the observation (a
// view), the reward, terminated (always false: a recorded service does not
// end) and truncated (the horizon is reached).
func (e *Env) Step(a int) (obs []float64, reward float64, terminated, truncated bool, info Info) {
	if e.dyn != nil {
		return e.stepDyn(a)
	}
	m := e.m
	next := int(m.next[e.state*m.nActions+a])
	valid := next >= 0
	if valid {
		lo, hi := m.rowStart[next], m.rowStart[next+1]
		e.row = int(m.rowsByState[int(lo)+e.intn(int(hi-lo))])
		e.state = next
		reward = m.reward[e.row]
	} else {
		reward = m.Spec.InvalidPenalty
	}
	e.steps++
	return m.Observation(e.row), reward, false, e.steps >= e.limit, e.info(valid)
}

func (e *Env) info(valid bool) Info {
	return Info{Row: e.row, State: e.state, Valid: valid, Metrics: e.m.Metrics(e.row)}
}

// State is the current (configuration, context) state.
func (e *Env) State() int { return e.state }

// Row is the current row.
func (e *Env) Row() int { return e.row }

// Steps is the number of steps taken in the current episode.
func (e *Env) Steps() int { return e.steps }

// Intn draws from the environment's own stream, for a random policy that must
// stay in step with the environment's draws (common random numbers).
func (e *Env) Intn(n int) int { return e.intn(n) }
