package tableenv

// Place puts the environment at row r after steps steps of an episode and
// returns the row's Info, as if a step had just arrived there: for asking a
// policy what it would do at a logged row (off-policy evaluation) without
// stepping.
func (e *Env) Place(r, steps int) Info {
	e.row, e.state, e.steps = r, int(e.m.rowState[r]), steps
	return e.info(true)
}
