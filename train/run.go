package train

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"

	"github.com/tablerl/tablerl/tableenv"
)

// RunConfig says how Run drives a learner.
type RunConfig struct {
	// Dir receives the checkpoint (and, from the caller, the exports).
	Dir string
	// TotalSteps is the budget of environment steps.
	TotalSteps int
	// EvalEvery is how many steps apart the greedy policy is evaluated
	// exactly for the learning curve (0: about 40 points over the run, fewer
	// on a table so large that evaluating would cost more than about half
	// the training: see evalRowsPerStep).
	EvalEvery int
	// CheckpointEvery is how many iterations apart the checkpoint is
	// written (0: every 10 iterations). The last one is always written.
	CheckpointEvery int
	// StartRow is where the greedy policy is evaluated from (−1: uniformly drawn row).
	StartRow int
	// KeepBest and StopWithin are BaseConfig's: keep the best evaluated
	// policy rather than the last, and stop once within this fraction of the
	// optimum (0: off). RunConfigFor copies them from a config.
	KeepBest   bool
	StopWithin float64
	// Resume continues from Dir's checkpoint instead of starting afresh.
	// TotalSteps may differ from the checkpointed run's budget: the
	// learner's schedules follow the new budget from there on (so an
	// extended run is not the run trained straight to the new budget,
	// whose schedules were slower from the start); it may not be below the
	// steps taken.
	Resume bool
	// OnResume, if set, is called once the checkpoint is read, with the
	// steps it holds, before training goes on; an error ends the run.
	OnResume func(steps int) error
	// OnProgress, if set, is called after every iteration.
	OnProgress func(Report)
}

// RunConfigFor is a RunConfig with cfg's budget, KeepBest and StopWithin,
// evaluating from startRow, checkpointing into dir.
func RunConfigFor(cfg Config, dir string, startRow int) RunConfig {
	b := cfg.Base()
	return RunConfig{Dir: dir, TotalSteps: b.TotalSteps, StartRow: startRow, KeepBest: b.KeepBest, StopWithin: b.StopWithin}
}

// Report is what the driver knows after an iteration.
type Report struct {
	Progress
	// TotalSteps is the steps the run will end at: the budget rounded up to
	// whole units of the learner's work (PlannedSteps).
	TotalSteps int
	// Curve is the learning curve so far (the last point is the newest evaluation).
	Curve []CurvePoint
	// Optimal and Random are the exact optimal and uniformly random
	// policies' returns from the evaluation start.
	Optimal, Random float64
}

// Result is what Run ends with.
type Result struct {
	Algo  string
	Curve []CurvePoint
	// Optimal and Random are the exact optimal and uniformly random
	// policies' returns from the evaluation start: the yardsticks of the
	// curve's percentages (see tableenv.PctOfOptimal, NormalizedScore).
	Optimal, Random float64
	// Policy is the policy to export: the last evaluated or, with KeepBest,
	// the best; PolicySteps is when it was evaluated and PolicyReturn its
	// exact return.
	Policy       PolicyPayload
	PolicySteps  int
	PolicyReturn float64
	// Stopped says StopWithin ended the run before its budget.
	Stopped bool
}

// PolicyFile is the result's policy as a file; data names the table and
// dataSHA fingerprints it.
func (r *Result) PolicyFile(m *tableenv.Model, seed uint64, data, dataSHA string) *PolicyFile {
	p := NewPolicyFile(m, r.Algo, seed, r.PolicySteps, data, dataSHA)
	p.PolicyPayload = r.Policy
	return p
}

// PctOfOptimal is the exported policy's percentage of the optimum (NaN
// when undefined: an optimum of 0).
func (r *Result) PctOfOptimal() float64 { return tableenv.PctOfOptimal(r.PolicyReturn, r.Optimal) }

// NormalizedScore is the exported policy's normalized score (NaN when the
// random policy is optimal).
func (r *Result) NormalizedScore() float64 {
	return tableenv.NormalizedScore(r.PolicyReturn, r.Random, r.Optimal)
}

// CurvePoint is one evaluation of the learning curve.
type CurvePoint struct {
	Step         int     `csv:"step" json:"step"`
	MeanReturn   float64 `csv:"mean_episode_return" json:"mean_episode_return"`
	GreedyReturn float64 `csv:"greedy_return" json:"greedy_return"`
	// PctOptimal is NaN where undefined (an optimum of 0): NaN in CSV,
	// null in JSON.
	PctOptimal float64 `csv:"pct_of_optimal" json:"pct_of_optimal"`
	Loss       float64 `csv:"loss" json:"loss"`
}

// curvePointJSON is a CurvePoint with its undefined values as null, JSON
// having no NaN.
type curvePointJSON struct {
	Step         int      `json:"step"`
	MeanReturn   *float64 `json:"mean_episode_return"`
	GreedyReturn *float64 `json:"greedy_return"`
	PctOptimal   *float64 `json:"pct_of_optimal"`
	Loss         *float64 `json:"loss"`
}

// MarshalJSON writes an undefined percentage, or any other number that is
// NaN or infinite (a loss that diverged), as null.
func (c CurvePoint) MarshalJSON() ([]byte, error) {
	return json.Marshal(curvePointJSON{Step: c.Step, MeanReturn: orNull(c.MeanReturn), GreedyReturn: orNull(c.GreedyReturn),
		PctOptimal: orNull(c.PctOptimal), Loss: orNull(c.Loss)})
}

// UnmarshalJSON reads null as NaN.
func (c *CurvePoint) UnmarshalJSON(b []byte) error {
	var j curvePointJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*c = CurvePoint{Step: j.Step, MeanReturn: orNaN(j.MeanReturn), GreedyReturn: orNaN(j.GreedyReturn),
		PctOptimal: orNaN(j.PctOptimal), Loss: orNaN(j.Loss)}
	return nil
}

// orNull is v, or nil (JSON's null) where v is not finite.
func orNull(v float64) *float64 {
	if !finite(v) {
		return nil
	}
	return &v
}

// orNaN is *p, or NaN where p is nil (JSON's null).
func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// runState is what Run itself carries across a checkpoint besides the
// curve: the best policy so far (with KeepBest) and whether it stopped early.
type runState struct {
	Best       *PolicyPayload `json:"best,omitempty"`
	BestSteps  int            `json:"best_steps"`
	BestReturn float64        `json:"best_return"`
	Stopped    bool           `json:"stopped"`
}

// Run drives l until it has taken cfg.TotalSteps steps, evaluating the greedy
// policy exactly along the way and checkpointing atomically. When ctx is
// cancelled it stops at the next iteration boundary, having checkpointed what
// it did up to its last checkpoint; a later Run with Resume continues and ends
// with the same policy as an uninterrupted run, the kept best included.
//
// With StopWithin it stops at the first evaluation within that fraction of
// the optimum (tableenv.WithinOptimum); with KeepBest the result's policy is
// the one of the best evaluation (the earliest of equals).
func Run(ctx context.Context, m *tableenv.Model, l Learner, cfg RunConfig) (res *Result, err error) {
	if cfg.TotalSteps < 1 {
		return nil, fmt.Errorf("train: total steps must be at least 1, got %d", cfg.TotalSteps)
	}
	if !(cfg.StopWithin >= 0 && cfg.StopWithin < 1) {
		return nil, fmt.Errorf("train: stop_within must be in [0, 1), got %v", cfg.StopWithin)
	}
	if cfg.EvalEvery <= 0 {
		cfg.EvalEvery = defaultEvalEvery(cfg.TotalSteps, m.NumRows())
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 10
	}
	sol := tableenv.Solve(m)
	res = &Result{Algo: l.Algo(), Optimal: sol.OptimalReturn(cfg.StartRow), Random: sol.RandomReturn(cfg.StartRow)}
	var st runState
	ckpt := filepath.Join(cfg.Dir, CheckpointName)
	if cfg.Resume {
		if res.Curve, st, err = readCheckpoint(ckpt, l); err != nil {
			return nil, err
		}
		// A finished run has taken its budget rounded up to whole units.
		if u, _ := l.StepUnit(); l.Steps() >= cfg.TotalSteps+max(u, 1) {
			return nil, fmt.Errorf("%w %s: the run has taken %d steps, more than the budget of %d", ErrCheckpoint, ckpt, l.Steps(), cfg.TotalSteps)
		}
		l.SetTotalSteps(cfg.TotalSteps)
		if cfg.OnResume != nil {
			if err := cfg.OnResume(l.Steps()); err != nil {
				return nil, err
			}
		}
	}
	planned := PlannedSteps(l, cfg.TotalSteps)
	// Whatever way Run returns, the checkpoint it last started writing is
	// on disk by then, or its error is Run's.
	cw := newCheckpointWriter(ckpt)
	defer func() {
		if werr := cw.wait(); werr != nil && err == nil {
			err = werr
		}
	}()
	// Evaluations fall at the first iteration ending at or past each
	// multiple of EvalEvery: after a resume the next is the first multiple
	// past the last evaluated step, as in an uninterrupted run.
	nextEval := cfg.EvalEvery
	if len(res.Curve) > 0 {
		nextEval = (res.Curve[len(res.Curve)-1].Step/cfg.EvalEvery + 1) * cfg.EvalEvery
	}
	var p Progress
	for it := 1; l.Steps() < cfg.TotalSteps && !st.Stopped; it++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if p, err = l.Iterate(); err != nil {
			return res, err
		}
		if p.Steps >= nextEval || p.Steps >= cfg.TotalSteps {
			g := GreedyReturn(m, l.Greedy(), cfg.StartRow)
			res.Curve = append(res.Curve, CurvePoint{Step: p.Steps, MeanReturn: p.MeanReturn, GreedyReturn: g,
				PctOptimal: tableenv.PctOfOptimal(g, res.Optimal), Loss: p.Loss})
			for nextEval <= p.Steps {
				nextEval += cfg.EvalEvery
			}
			if cfg.KeepBest && (st.Best == nil || g > st.BestReturn) {
				best := l.Policy()
				st.Best, st.BestSteps, st.BestReturn = &best, p.Steps, g
			}
			st.Stopped = tableenv.WithinOptimum(g, res.Random, res.Optimal, cfg.StopWithin)
		}
		last := p.Steps >= cfg.TotalSteps || st.Stopped
		if cfg.Dir != "" && (it%cfg.CheckpointEvery == 0 || last) {
			if err := cw.write(l, res.Curve, st); err != nil {
				return res, err
			}
		}
		if cfg.OnProgress != nil {
			cfg.OnProgress(Report{Progress: p, TotalSteps: planned, Curve: res.Curve, Optimal: res.Optimal, Random: res.Random})
		}
	}
	res.Stopped = st.Stopped
	if st.Best != nil {
		res.Policy, res.PolicySteps, res.PolicyReturn = *st.Best, st.BestSteps, st.BestReturn
		return res, nil
	}
	res.Policy, res.PolicySteps = l.Policy(), l.Steps()
	if n := len(res.Curve); n > 0 {
		res.PolicyReturn = res.Curve[n-1].GreedyReturn
	} else {
		res.PolicyReturn = GreedyReturn(m, l.Greedy(), cfg.StartRow)
	}
	return res, nil
}
