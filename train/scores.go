package train

// Scorer is a Greedy that shows what it maximizes: one score per action,
// whose largest (the lowest action on ties) is Act's action. A live
// decision reports them, so an operator sees how clear the choice was.
type Scorer interface {
	Greedy
	// ActScores returns Act's action for a raw observation and appends the
	// scores of every action to dst, from one evaluation of the policy;
	// it returns dst unchanged when there are none.
	ActScores(dst, obs []float64) (int, []float64)
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

// ActScores is Act's action with the policy network's logits.
func (g *MLPGreedy) ActScores(dst, obs []float64) (int, []float64) {
	d := len(g.x)
	g.norm.apply(g.x, obs[:d])
	out := g.net.Forward(matrix(g.x, 1, d))
	row := out.Data[:out.Cols]
	return Argmax(row), append(dst, row...)
}

// ScoreKind is ScoreLogit.
func (*MLPGreedy) ScoreKind() string { return ScoreLogit }

// ActScores is Act's action with the Q-values (QValues) of one forward pass.
func (g *DQNGreedy) ActScores(dst, obs []float64) (int, []float64) {
	g.norm.apply(g.x.Data, obs)
	out := g.net.Forward(g.x)
	return dqnArgmax(out, 0, g.dueling), g.qValues(dst, out.Data)
}

// ScoreKind is ScoreQ.
func (*DQNGreedy) ScoreKind() string { return ScoreQ }

// ActScores is Act's action with the Q-values of the observation's state;
// none for an observation of no recorded state (where Act takes the no-op).
func (g *TableGreedy) ActScores(dst, obs []float64) (int, []float64) {
	s, ok := g.m.StateOfObs(obs)
	if !ok {
		return 0, dst
	}
	na := g.m.NumActions()
	row := g.table[s*na : (s+1)*na]
	return Argmax(row), append(dst, row...)
}

// ScoreKind is ScoreQ.
func (*TableGreedy) ScoreKind() string { return ScoreQ }

// ActScores is the wrapped policy's, on its inputs taken from obs.
func (s *selectedInputs) ActScores(dst, obs []float64) (int, []float64) {
	sc, ok := s.g.(Scorer)
	if !ok {
		return s.Act(obs), dst
	}
	s.buf = s.gather(s.buf[:0], obs)
	return sc.ActScores(dst, s.buf)
}

// ScoreKind is the wrapped policy's.
func (s *selectedInputs) ScoreKind() string {
	if sc, ok := s.g.(Scorer); ok {
		return sc.ScoreKind()
	}
	return ""
}
