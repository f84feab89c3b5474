package train

// Scorer is a Greedy that shows what it maximizes: one score per action,
// whose largest (the lowest action on ties) is Act's action. A live
// decision reports them, so an operator sees how clear the choice was.
type Scorer interface {
	Greedy
	// Scores appends the scores of every action for a raw observation to
	// dst and returns it; it returns dst unchanged when there are none.
	Scores(dst, obs []float64) []float64
	// ScoreKind names the scores: ScoreLogit or ScoreQ ("" when none).
	ScoreKind() string
}

// The kinds of score a Scorer gives.
const (
	ScoreLogit = "logit"   // a policy network's logits (PPO)
	ScoreQ     = "q_value" // action values (DQN, tabular Q)
)

var (
	_ Scorer = (*MLPGreedy)(nil)
	_ Scorer = (*DQNGreedy)(nil)
	_ Scorer = (*TableGreedy)(nil)
	_ Scorer = (*selectedInputs)(nil)
)

// Scores appends the policy network's logits for obs: Act's argmax.
func (g *MLPGreedy) Scores(dst, obs []float64) []float64 {
	d := len(g.x)
	g.norm.apply(g.x, obs[:d])
	out := g.net.Forward(matrix(g.x, 1, d))
	return append(dst, out.Data[:out.Cols]...)
}

// ScoreKind is ScoreLogit.
func (*MLPGreedy) ScoreKind() string { return ScoreLogit }

// Scores appends the Q-values of obs (QValues).
func (g *DQNGreedy) Scores(dst, obs []float64) []float64 { return g.QValues(dst, obs) }

// ScoreKind is ScoreQ.
func (*DQNGreedy) ScoreKind() string { return ScoreQ }

// Scores appends the Q-values of the observation's state; none for an
// observation of no recorded state (where Act takes the no-op).
func (g *TableGreedy) Scores(dst, obs []float64) []float64 {
	s, ok := g.m.StateOfObs(obs)
	if !ok {
		return dst
	}
	na := g.m.NumActions()
	return append(dst, g.table[s*na:(s+1)*na]...)
}

// ScoreKind is ScoreQ.
func (*TableGreedy) ScoreKind() string { return ScoreQ }

// Scores are the wrapped policy's scores of its inputs taken from obs.
func (s *selectedInputs) Scores(dst, obs []float64) []float64 {
	sc, ok := s.g.(Scorer)
	if !ok {
		return dst
	}
	s.buf = s.gather(s.buf[:0], obs)
	return sc.Scores(dst, s.buf)
}

// ScoreKind is the wrapped policy's.
func (s *selectedInputs) ScoreKind() string {
	if sc, ok := s.g.(Scorer); ok {
		return sc.ScoreKind()
	}
	return ""
}
