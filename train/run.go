package train

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
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
	// Resume continues from Dir's checkpoint instead of starting afresh.
	Resume bool
	// OnProgress, if set, is called after every iteration.
	OnProgress func(Report)
}

// Report is what the driver knows after an iteration.
type Report struct {
	Progress
	TotalSteps int
	// Curve is the learning curve so far (the last point is the newest evaluation).
	Curve   []CurvePoint
	Optimal float64 // the exact optimal return from the evaluation start
}

// CurvePoint is one evaluation of the learning curve.
type CurvePoint struct {
	Step         int     `csv:"step" json:"step"`
	MeanReturn   float64 `csv:"mean_episode_return" json:"mean_episode_return"`
	GreedyReturn float64 `csv:"greedy_return" json:"greedy_return"`
	PctOptimal   float64 `csv:"pct_of_optimal" json:"pct_of_optimal"`
	Loss         float64 `csv:"loss" json:"loss"`
}

// CheckpointName is the checkpoint's file name in RunConfig.Dir.
const CheckpointName = "checkpoint.bin"

// checkpointMagic starts a checkpoint file, with its format version.
const checkpointMagic = "tablerl-ckpt-v1\n"

// ErrCheckpoint marks a checkpoint that cannot be resumed from.
var ErrCheckpoint = errors.New("cannot resume from checkpoint")

// Run drives l until it has taken cfg.TotalSteps steps, evaluating the greedy
// policy exactly along the way and checkpointing atomically. When ctx is
// cancelled it stops at the next iteration boundary, having checkpointed what
// it did up to its last checkpoint; a later Run with Resume continues and ends
// with the same policy as an uninterrupted run.
func Run(ctx context.Context, m *tableenv.Model, l Learner, cfg RunConfig) ([]CurvePoint, error) {
	if cfg.TotalSteps < 1 {
		return nil, fmt.Errorf("train: total steps must be at least 1, got %d", cfg.TotalSteps)
	}
	if cfg.EvalEvery <= 0 {
		cfg.EvalEvery = defaultEvalEvery(cfg.TotalSteps, m.NumRows())
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 10
	}
	optimal := tableenv.Solve(m).OptimalReturn(cfg.StartRow)
	var curve []CurvePoint
	ckpt := filepath.Join(cfg.Dir, CheckpointName)
	if cfg.Resume {
		var err error
		if curve, err = readCheckpoint(ckpt, l); err != nil {
			return nil, err
		}
	}
	nextEval := cfg.EvalEvery
	if len(curve) > 0 {
		nextEval = curve[len(curve)-1].Step + cfg.EvalEvery
	}
	var p Progress
	for it := 1; l.Steps() < cfg.TotalSteps; it++ {
		if err := ctx.Err(); err != nil {
			return curve, err
		}
		var err error
		if p, err = l.Iterate(); err != nil {
			return curve, err
		}
		if p.Steps >= nextEval || p.Steps >= cfg.TotalSteps {
			g := GreedyReturn(m, l.Greedy(), cfg.StartRow)
			curve = append(curve, CurvePoint{Step: p.Steps, MeanReturn: p.MeanReturn, GreedyReturn: g,
				PctOptimal: pct(g, optimal), Loss: p.Loss})
			for nextEval <= p.Steps {
				nextEval += cfg.EvalEvery
			}
		}
		if cfg.Dir != "" && (it%cfg.CheckpointEvery == 0 || p.Steps >= cfg.TotalSteps) {
			if err := writeCheckpoint(ckpt, l, curve); err != nil {
				return curve, err
			}
		}
		if cfg.OnProgress != nil {
			cfg.OnProgress(Report{Progress: p, TotalSteps: cfg.TotalSteps, Curve: curve, Optimal: optimal})
		}
	}
	return curve, nil
}

// pct is 100 × got / optimal: the share of the optimum earned.
func pct(got, optimal float64) float64 {
	if optimal == 0 {
		return 0
	}
	return 100 * got / optimal
}

// writeCheckpoint saves the learner and the curve: magic, the algorithm, the
// curve as JSON and the learner's state, each length-prefixed.
func writeCheckpoint(path string, l Learner, curve []CurvePoint) error {
	state, err := l.MarshalBinary()
	if err != nil {
		return err
	}
	cj, err := json.Marshal(curve)
	if err != nil {
		return err
	}
	b := []byte(checkpointMagic)
	for _, part := range [][]byte{[]byte(l.Algo()), cj, state} {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(part)))
		b = append(b, part...)
	}
	return WriteFileAtomic(path, b)
}

func readCheckpoint(path string, l Learner) ([]CurvePoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	if len(b) < len(checkpointMagic) || string(b[:len(checkpointMagic)]) != checkpointMagic {
		return nil, fmt.Errorf("%w %s: not a tablerl checkpoint (or another format version)", ErrCheckpoint, path)
	}
	b = b[len(checkpointMagic):]
	var parts [][]byte
	for i := 0; i < 3; i++ {
		if len(b) < 8 {
			return nil, fmt.Errorf("%w %s: truncated", ErrCheckpoint, path)
		}
		n := binary.LittleEndian.Uint64(b)
		b = b[8:]
		if n > uint64(len(b)) {
			return nil, fmt.Errorf("%w %s: truncated", ErrCheckpoint, path)
		}
		parts = append(parts, b[:n])
		b = b[n:]
	}
	if algo := string(parts[0]); algo != l.Algo() {
		return nil, fmt.Errorf("%w %s: it is a %s run, not %s", ErrCheckpoint, path, algo, l.Algo())
	}
	var curve []CurvePoint
	if err := json.Unmarshal(parts[1], &curve); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	if err := l.UnmarshalBinary(parts[2]); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	return curve, nil
}
