package tableenv

// LogDescription summarizes a Log for inspect --log.
type LogDescription struct {
	Transitions int `json:"transitions"`
	Episodes    int `json:"episodes"`
	// EpisodeLength is the shortest and longest episode, in transitions.
	EpisodeLength [2]int `json:"episode_length"`
	// Actions counts the transitions per action, in action order.
	Actions []ActionCount `json:"actions"`
	// StatesVisited is the number of recorded states the log acts in.
	StatesVisited int `json:"states_visited"`
	States        int `json:"states"`
	// PairsCovered is the number of (state, action) pairs the log has a
	// transition for, of PairsValid pairs whose move the model records and
	// Pairs in all.
	PairsCovered int `json:"pairs_covered"`
	PairsValid   int `json:"pairs_valid"`
	Pairs        int `json:"pairs"`
	// Inconsistent counts transitions whose next state is not where the
	// model says their action leads.
	Inconsistent int `json:"inconsistent"`
	// Propensity is "logged" (a propensity column) or "behaviour cloning"
	// (estimated as each state's share of its logged actions).
	Propensity string `json:"propensity"`
	// MeanReturn is the logged episodes' mean return (Log.MeanReturn).
	MeanReturn float64 `json:"mean_return"`
}

// ActionCount is one action's number of logged transitions.
type ActionCount struct {
	Action string `json:"action"`
	Count  int    `json:"count"`
}

// Describe summarizes the log.
func (l *Log) Describe() LogDescription {
	m := l.m
	d := LogDescription{Transitions: len(l.T), Episodes: l.NumEpisodes(), States: m.NumStates(),
		Pairs: m.NumStates() * m.nActions, Inconsistent: l.Inconsistent, Propensity: "behaviour cloning", MeanReturn: l.MeanReturn()}
	if l.Logged {
		d.Propensity = "logged"
	}
	d.EpisodeLength = [2]int{len(l.T), 0}
	for e := 0; e < l.NumEpisodes(); e++ {
		n := len(l.Episode(e))
		d.EpisodeLength[0], d.EpisodeLength[1] = min(d.EpisodeLength[0], n), max(d.EpisodeLength[1], n)
	}
	counts := make([]int, m.nActions)
	for s := 0; s < m.NumStates(); s++ {
		if l.StateCount(s) > 0 {
			d.StatesVisited++
		}
		for a := 0; a < m.nActions; a++ {
			n := l.Count(s, a)
			counts[a] += n
			if n > 0 {
				d.PairsCovered++
			}
			if m.Next(s, a) >= 0 {
				d.PairsValid++
			}
		}
	}
	for a, n := range counts {
		d.Actions = append(d.Actions, ActionCount{Action: m.ActionNames[a], Count: n})
	}
	return d
}

// MeanReturn is the mean over the log's episodes of their summed rewards:
// what the behaviour earned, over episodes of the log's lengths.
func (l *Log) MeanReturn() float64 {
	var sum float64
	for _, t := range l.T {
		sum += t.Reward
	}
	return sum / float64(l.NumEpisodes())
}
