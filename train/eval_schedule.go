package train

// The default learning-curve schedule bounds the evaluations' cost relative
// to training's. An exact evaluation (GreedyReturn) visits every row of the
// table: a policy forward per distinct observation and the induction over
// rows, together about a twentieth of a PPO training step's time per row.
// A run's evaluations may visit evalRowsPerStep rows per training step, or
// 40 tables of evalSmallTable rows whatever the budget (seconds of work).
// So a table of up to evalSmallTable rows (TeaStore's 21168, the demo's
// 12000) or of up to evalRowsPerStep/40 of the budget in rows keeps its 40
// points; a larger one gets as many as the visits allow — 6 for the default
// PPO budget of 750k steps on 1M rows — and evaluating costs at most about
// half as much as training.
const (
	evalRowsPerStep = 8
	evalSmallTable  = 1 << 17
)

// defaultEvalEvery is RunConfig.EvalEvery's default for a budget of total
// steps on a table of n rows: total/40 (40 points over the run), or longer
// when 40 evaluations would visit more rows than the schedule allows.
func defaultEvalEvery(total, n int) int {
	every := max(1, total/40)
	rows := int64(n)
	visits := max(evalRowsPerStep*int64(total), 40*evalSmallTable) // rows the evaluations may visit
	if 40*rows <= visits {
		return every
	}
	// visits/rows evaluations: one every total·rows/visits steps.
	return max(every, int((int64(total)*rows+visits-1)/visits))
}
