package tableenv

// Batch steps N environments together, as gymnasium's vector environments do:
// an environment whose episode ends is reset at once, and its last
// observation is kept in FinalObs for bootstrapping.
type Batch struct {
	Envs []*Env
	// Obs holds the N current observations, row-major N × ObsDim.
	Obs []float64
	// FinalObs holds, for each environment whose episode ended at the last
	// Step, the observation it ended on (the next one in Obs is a new episode's).
	FinalObs []float64
	// States are the environments' current states, Rows their current rows.
	States []int
	Rows   []int
	// FinalRows holds, like FinalObs, the row an ended episode ended on.
	FinalRows []int
}

// NewBatch returns n environments over m, environment i seeded with seed+i.
func NewBatch(m *Model, n int, seed uint64) *Batch {
	b := &Batch{
		Envs:      make([]*Env, n),
		Obs:       make([]float64, n*m.ObsDim()),
		FinalObs:  make([]float64, n*m.ObsDim()),
		States:    make([]int, n),
		Rows:      make([]int, n),
		FinalRows: make([]int, n),
	}
	for i := range b.Envs {
		b.Envs[i] = m.NewEnv(seed + uint64(i))
	}
	return b
}

// SetEpisodeSteps sets every environment's episode length (Env.SetEpisodeSteps).
func (b *Batch) SetEpisodeSteps(n int) {
	for _, e := range b.Envs {
		e.SetEpisodeSteps(n)
	}
}

// Len is the number of environments.
func (b *Batch) Len() int { return len(b.Envs) }

// Reset starts a new episode in every environment (continuing their streams).
func (b *Batch) Reset() {
	d := b.dim()
	for i, e := range b.Envs {
		obs, info := e.Reset(NoSeed)
		copy(b.Obs[i*d:(i+1)*d], obs)
		b.States[i], b.Rows[i] = info.State, info.Row
	}
}

// Sync sets Obs, States and Rows from the environments, as after restoring
// their saved state.
func (b *Batch) Sync() {
	d := b.dim()
	for i, e := range b.Envs {
		copy(b.Obs[i*d:(i+1)*d], e.observation())
		b.States[i], b.Rows[i] = e.State(), e.Row()
	}
}

func (b *Batch) dim() int { return b.Envs[0].m.ObsDim() }

// Step applies actions[i] to environment i and writes its reward and whether
// its episode ended (truncated) into rewards[i] and done[i]; ended episodes
// are reset. It does not allocate.
func (b *Batch) Step(actions []int, rewards []float64, done []bool) {
	d := b.dim()
	for i, e := range b.Envs {
		obs, r, term, trunc, info := e.Step(actions[i])
		rewards[i] = r
		done[i] = term || trunc
		if done[i] {
			copy(b.FinalObs[i*d:(i+1)*d], obs)
			b.FinalRows[i] = info.Row
			obs, info = e.Reset(NoSeed)
		}
		copy(b.Obs[i*d:(i+1)*d], obs)
		b.States[i], b.Rows[i] = info.State, info.Row
	}
}
