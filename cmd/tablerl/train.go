package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
	"go.yaml.in/yaml/v3"
)

type trainReport struct {
	Algo            string   `json:"algo"`
	Data            string   `json:"data"`
	Steps           int      `json:"steps"`
	StepsRequested  int      `json:"steps_requested"` // --steps: steps is it rounded up to whole units of work
	Seconds         float64  `json:"seconds"`
	StartRow        *int     `json:"start_row"`
	GreedyReturn    float64  `json:"greedy_return"`
	OptimalReturn   float64  `json:"optimal_return"`
	RandomReturn    float64  `json:"random_return"`
	PctOfOptimal    *float64 `json:"pct_of_optimal"`   // null when the optimum is 0
	NormalizedScore *float64 `json:"normalized_score"` // null when the random policy is optimal
	PolicySteps     int      `json:"policy_steps"`     // when the exported policy was evaluated (keep_best)
	StoppedEarly    bool     `json:"stopped_early"`    // stop_within ended the run
	Out             string   `json:"out"`
	Policy          string   `json:"policy"`
	ONNX            string   `json:"onnx,omitempty"` // the network policy's ONNX model
	Resumed         bool     `json:"resumed"`
	PeakRSSMB       float64  `json:"peak_rss_mb"`
}

func runTrain(c *cli, args []string) error {
	// Signals stop the run wherever it is, loading and writing included.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := commandNamed("train")
	algo := preScan(args, "algo", "ppo")
	out := preScan(args, "out", "")
	resume := contains(args, "--resume") || contains(args, "-resume") || contains(args, "--resume=true")
	cfgFile := preScan(args, "config", "")
	if resume {
		if out == "" {
			return usagef("--resume needs --out DIR, the run to continue")
		}
		cfgFile = filepath.Join(out, "config.yaml") // a resumed run keeps its hyperparameters
		saved, err := savedAlgo(cfgFile)
		if err != nil {
			return err
		}
		algo = saved
	}
	a, err := train.LookupAlgorithm(algo)
	if err != nil {
		return usageError{fmt.Errorf("--algo: %w", err)}
	}
	cfg := a.NewConfig()
	if cfgFile != "" {
		if err := readConfig(cfgFile, algo, cfg); err != nil {
			return err
		}
	}
	fs := c.newFlags(cmd)
	var tf tableFlags
	tf.register(fs)
	fs.String("algo", "ppo", "algorithm: "+orList(train.AlgorithmNames()))
	fs.String("config", "", "YAML file of hyperparameters (flags override it)")
	fs.String("out", "", "output directory (default runs/<algo>-<time>)")
	fs.Bool("resume", false, "continue the killed run in --out from its checkpoint (a larger --steps extends it)")
	force := fs.Bool("force", false, "start afresh in an --out that holds a run, removing its files")
	quiet := fs.Bool("quiet", false, "no progress output")
	hyperFlags(fs, cfg)
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if resume {
		for name := range set {
			if !contains([]string{"resume", "out", "algo", "steps", "quiet", "json", "spec", "format", "start-row"}, name) {
				return usagef("--%s: a resumed run keeps the hyperparameters in %s (only --steps may change)", name, cfgFile)
			}
		}
		if given := fs.Lookup("algo").Value.String(); set["algo"] && given != algo {
			return usagef("--algo %s: the run in %s is a %s run, and --resume keeps its algorithm", given, out, algo)
		}
		if *force {
			return usagef("--force starts afresh, --resume continues: give one")
		}
	}
	t, m, err := c.openModel(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	if lu, ok := cfg.(train.LogUser); ok { // an offline algorithm: it learns from the table's log
		lg, err := tableenv.NewLog(m, t)
		if err != nil {
			return err
		}
		lu.SetLog(lg)
	}
	if out == "" {
		out = filepath.Join("runs", fmt.Sprintf("%s-%s", algo, time.Now().Format("20060102-150405")))
	}
	// The learner first: a bad or oversized configuration leaves no folder.
	l, err := a.NewLearner(m, cfg)
	if err != nil {
		return usageError{err}
	}
	release, err := claimOut(out)
	if err != nil {
		return err
	}
	defer release()
	if !resume {
		if err := checkFresh(out, *force); err != nil {
			return err
		}
	}
	if !resume {
		if err := writeConfig(filepath.Join(out, "config.yaml"), algo, cfg); err != nil {
			return err
		}
	}
	base := cfg.Base()
	planned := train.PlannedSteps(l, base.TotalSteps)
	bar := c.newProgress(planned, algo, "steps", *quiet)
	began := time.Now()
	rc := train.RunConfigFor(cfg, out, m.Spec.Start.Row)
	rc.Resume = resume
	if resume && set["steps"] {
		// Saved once the checkpoint has shown the new budget is not
		// below the steps taken, so that a later --resume goes on to it.
		rc.OnResume = func(int) error { return writeConfig(filepath.Join(out, "config.yaml"), algo, cfg) }
	}
	rc.OnProgress = func(r train.Report) {
		status := fmt.Sprintf("%s: return %.3f", algo, r.MeanReturn)
		if n := len(r.Curve); n > 0 {
			status += fmt.Sprintf(", greedy %.3f (%s of optimal)", r.Curve[n-1].GreedyReturn, percent(r.Curve[n-1].PctOptimal, 1))
		}
		bar.update(r.Steps, status)
	}
	res, err := train.Run(ctx, m, l, rc)
	bar.finish()
	if ctx.Err() != nil {
		return interrupted(algo, out, l.Steps())
	}
	if err != nil {
		return err
	}
	// The outputs are written on another goroutine so that a signal still
	// ends the command at once; each file is written atomically, and a
	// --resume of the finished run writes them all again.
	done := make(chan error, 1)
	go func() { done <- writeTrainOutputs(m, t, base.Seed, res, out, algo) }()
	select {
	case err := <-done:
		if err != nil {
			return err
		}
	case <-ctx.Done():
		return interrupted(algo, out, l.Steps())
	}
	rep := trainReport{Algo: algo, Data: t.Path, Steps: l.Steps(), StepsRequested: base.TotalSteps, Seconds: time.Since(began).Seconds(),
		GreedyReturn: res.PolicyReturn, OptimalReturn: res.Optimal, RandomReturn: res.Random,
		PctOfOptimal: known(res.PctOfOptimal()), NormalizedScore: known(res.NormalizedScore()),
		PolicySteps: res.PolicySteps, StoppedEarly: res.Stopped,
		Out: out, Policy: filepath.Join(out, "policy.json"), Resumed: resume, PeakRSSMB: peakRSSMB()}
	files := "policy.json, decision.csv"
	if res.Policy.Network != nil {
		rep.ONNX = filepath.Join(out, onnxName)
		files = "policy.json, " + onnxName + ", decision.csv"
	}
	if !m.Spec.Start.Random() {
		r := m.Spec.Start.Row
		rep.StartRow = &r
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	// Under a dynamic spec the greedy return is estimated and the optimum is the clairvoyant one.
	exact, optimum := "exact return", "the optimum"
	if m.Dynamic() {
		exact, optimum = "return (256 fixed episodes)", "the clairvoyant optimum"
	}
	fmt.Fprintf(c.stdout, "%s: %d steps in %.1fs; greedy policy's %s %.4f = %s of %s %.4f (normalized score %s), %s\n",
		algo, rep.Steps, rep.Seconds, exact, rep.GreedyReturn, percent(res.PctOfOptimal(), 2), optimum, rep.OptimalReturn,
		number(res.NormalizedScore(), 1), startText(m))
	if u, what := l.StepUnit(); rep.Steps > base.TotalSteps && rep.Steps < base.TotalSteps+u {
		fmt.Fprintf(c.stdout, "--steps %d rounded up to %d: %s trains in whole %s\n", base.TotalSteps, rep.Steps, algo, what)
	}
	if res.Stopped {
		fmt.Fprintf(c.stdout, "stopped early: within %g of the optimum\n", base.StopWithin)
	}
	if base.KeepBest {
		fmt.Fprintf(c.stdout, "kept the best evaluated policy, of step %d\n", res.PolicySteps)
	}
	if m.Dynamic() { // a dynamic spec has no decision table
		files = strings.TrimSuffix(files, ", decision.csv")
	}
	fmt.Fprintf(c.stdout, "wrote %s/{%s, curve.csv, curve.png, config.yaml, %s}\n", out, files, train.CheckpointName)
	return nil
}

// interrupted says where a signal stopped the run and how to go on.
func interrupted(algo, out string, steps int) error {
	if _, err := os.Stat(filepath.Join(out, train.CheckpointName)); err != nil {
		return fmt.Errorf("interrupted at step %d, before the first checkpoint: start the run again", steps)
	}
	return fmt.Errorf("interrupted at step %d; continue with: tablerl train --algo %s --out %s --resume", steps, algo, out)
}

// writeTrainOutputs writes the policy, its decisions and the learning curve;
// the policy and the decisions name the table t and its fingerprint.
func writeTrainOutputs(m *tableenv.Model, t *dataset.Table, seed uint64, res *train.Result, out, algo string) error {
	dataName, sha := t.Path, t.Fingerprint()
	pf := res.PolicyFile(m, seed, dataName, sha)
	g, err := pf.Greedy(m)
	if err != nil {
		return err
	}
	if err := pf.Save(filepath.Join(out, "policy.json")); err != nil {
		return err
	}
	if err := writePolicyONNX(filepath.Join(out, onnxName), m, pf); err != nil {
		return err
	}
	// A dynamic spec's decisions depend on the load and the pending
	// changes, not on the recorded state alone: it has no decision table.
	if !m.Dynamic() {
		if err := train.WriteDecisionsCSV(filepath.Join(out, "decision.csv"), m, train.Decisions(m, g), dataName, sha); err != nil {
			return err
		}
	}
	if err := train.WriteCurveCSV(filepath.Join(out, "curve.csv"), res.Curve); err != nil {
		return err
	}
	return train.WriteCurvePNG(filepath.Join(out, "curve.png"), res.Curve, res.Optimal, fmt.Sprintf("%s on %s", algo, filepath.Base(dataName)))
}

// onnxName is the file train writes a network policy's ONNX model to.
const onnxName = "policy.onnx"

// writePolicyONNX writes a network policy's ONNX model; for a tabular
// policy it removes one a former run in the directory left, so that the
// directory's files are all of this run.
func writePolicyONNX(path string, m *tableenv.Model, pf *train.PolicyFile) error {
	b, err := pf.ONNX(m)
	if errors.Is(err, train.ErrNoONNX) {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err != nil {
		return err
	}
	return train.WriteFileAtomic(path, b)
}

// writeConfig saves the hyperparameters used, as readConfig reads them.
func writeConfig(path, algo string, cfg train.Config) error {
	b, err := yaml.Marshal(map[string]any{"algo": algo, "params": cfg})
	if err != nil {
		return err
	}
	return train.WriteFileAtomic(path, b)
}

// savedAlgo reads the algorithm of a run's saved config.
func savedAlgo(path string) (string, error) {
	b, err := dataset.ReadYAMLFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot resume: %w", err)
	}
	var doc struct {
		Algo string `yaml:"algo"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil || doc.Algo == "" {
		return "", fmt.Errorf("cannot resume: %s names no algorithm (%v)", path, err)
	}
	return doc.Algo, nil
}

// fileSHA is the sha256 of DATA's bytes (or the embedded demo's), the
// fingerprint of a version 1 policy file.
func fileSHA(pos []string) (string, error) {
	if len(pos) == 0 {
		return train.FileSHA256(bytes.NewReader(data.Demo))
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return "", err
	}
	defer f.Close()
	return train.FileSHA256(f)
}

// peakRSSMB is the process's peak resident memory, in MiB (Linux reports KiB).
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
