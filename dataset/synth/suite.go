package synth

// SuiteTable is one named shape of the learners' benchmark.
type SuiteTable struct {
	Name   string
	Config SweepConfig
}

// Suite returns the learners' benchmark: sweep tables of different shapes,
// each with its spec, for measuring whether a learner reaches the exact
// optimum from its defaults on tables it was not tuned on. Every table has at
// most 3,000 states but load8-9x9x9-full (5,832). The shapes, with their
// recorded states (Config.States):
//
//	flat-3x6x6          108 states: 3×6×6 grid, no load levels, full coverage, reward column, horizon 20, penalty −0.5
//	flat-9x9x9          292 states: 9×9×9, no load levels, 40% coverage, reward expression, horizon 50, penalty −5
//	replicas-12-l8       96 states: replicas only (12 levels), 8 load levels, full coverage, column, horizon 30, penalty −1
//	replicas-cpu-9x9-l12 583 states: 9×9 (replicas, cpu), 12 load levels, 60% coverage, expression, horizon 40, penalty −2
//	load4-3x6x6         432 states: 3×6×6, 4 load levels, full coverage, column, horizon 25, penalty −1
//	load8-5x5x5-sparse  150 states: 5×5×5, 8 load levels, 15% coverage, expression, horizon 50, penalty −5
//	load6-6x6x6        1296 states: 6×6×6, 6 load levels, full coverage, expression, horizon 30, penalty −3
//	load10-7x7x7       1715 states: 7×7×7, 10 load levels, 50% coverage, expression, horizon 35, penalty −0.5
//	load12-9x9x9-sparse 2624 states: 9×9×9, 12 load levels, 30% coverage, column, horizon 50, penalty −5
//	load8-9x9x9-full   5832 states: 9×9×9, 8 load levels, full coverage, column, horizon 50, penalty −2
//
// Without load levels the reward's optimum is one configuration; with them
// it moves up the grid as the load grows, so a policy must read the context.
// Sparse coverage leaves holes that are invalid moves. Each table has its own
// seed, 1 to 10 in this order.
func Suite() []SuiteTable {
	shapes := []struct {
		name      string
		grid      []int
		loads     int
		coverage  float64
		reward    SweepReward
		horizon   int
		penalty   float64
		rowsRange [2]int
	}{
		{"flat-3x6x6", []int{3, 6, 6}, 0, 1, RewardColumn, 20, -0.5, [2]int{3, 8}},
		{"flat-9x9x9", []int{9, 9, 9}, 0, 0.4, RewardExpr, 50, -5, [2]int{3, 12}},
		{"replicas-12-l8", []int{12}, 8, 1, RewardColumn, 30, -1, [2]int{6, 6}},
		{"replicas-cpu-9x9-l12", []int{9, 9}, 12, 0.6, RewardExpr, 40, -2, [2]int{3, 8}},
		{"load4-3x6x6", []int{3, 6, 6}, 4, 1, RewardColumn, 25, -1, [2]int{3, 12}},
		{"load8-5x5x5-sparse", []int{5, 5, 5}, 8, 0.15, RewardExpr, 50, -5, [2]int{3, 8}},
		{"load6-6x6x6", []int{6, 6, 6}, 6, 1, RewardExpr, 30, -3, [2]int{3, 6}},
		{"load10-7x7x7", []int{7, 7, 7}, 10, 0.5, RewardExpr, 35, -0.5, [2]int{3, 8}},
		{"load12-9x9x9-sparse", []int{9, 9, 9}, 12, 0.3, RewardColumn, 50, -5, [2]int{3, 8}},
		{"load8-9x9x9-full", []int{9, 9, 9}, 8, 1, RewardColumn, 50, -2, [2]int{3, 6}},
	}
	out := make([]SuiteTable, len(shapes))
	for i, s := range shapes {
		c := DefaultSweepConfig()
		c.Name, c.Seed, c.Grid, c.Loads, c.Coverage = s.name, uint64(i+1), s.grid, s.loads, s.coverage
		c.Reward, c.Horizon, c.InvalidPenalty = s.reward, s.horizon, s.penalty
		c.RowsMin, c.RowsMax = s.rowsRange[0], s.rowsRange[1]
		out[i] = SuiteTable{Name: s.name, Config: c}
	}
	return out
}
