package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/train"
	"go.yaml.in/yaml/v3"
)

type trainReport struct {
	Algo          string  `json:"algo"`
	Data          string  `json:"data"`
	Steps         int     `json:"steps"`
	Seconds       float64 `json:"seconds"`
	StartRow      *int    `json:"start_row"`
	GreedyReturn  float64 `json:"greedy_return"`
	OptimalReturn float64 `json:"optimal_return"`
	PctOfOptimal  float64 `json:"pct_of_optimal"`
	Out           string  `json:"out"`
	Policy        string  `json:"policy"`
	Resumed       bool    `json:"resumed"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
}

func runTrain(c *cli, args []string) error {
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
	cfg, err := train.DefaultConfig(algo)
	if err != nil {
		return usageError{err}
	}
	if cfgFile != "" {
		if err := readConfig(cfgFile, algo, cfg); err != nil {
			return err
		}
	}
	fs := c.newFlags(cmd)
	var tf tableFlags
	tf.register(fs)
	fs.String("algo", "ppo", "algorithm: ppo, dqn or qtable")
	fs.String("config", "", "YAML file of hyperparameters (flags override it)")
	fs.String("out", "", "output directory (default runs/<algo>-<time>)")
	fs.Bool("resume", false, "continue the killed run in --out from its checkpoint")
	quiet := fs.Bool("quiet", false, "no progress output")
	steps := stepsField(cfg)
	fs.IntVar(steps, "steps", *steps, "training budget in environment steps")
	seed := seedField(cfg)
	fs.Uint64Var(seed, "seed", *seed, "random seed: the same seed gives a byte-identical policy.json")
	hyperFlags(fs, cfg, "total_steps", "seed", "start_row")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if resume {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name := range set {
			if !contains([]string{"resume", "out", "algo", "quiet", "json", "spec", "format", "start-row"}, name) {
				return usagef("--%s: a resumed run keeps the hyperparameters in %s", name, cfgFile)
			}
		}
	}
	t, m, err := openModel(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	if out == "" {
		out = filepath.Join("runs", fmt.Sprintf("%s-%s", algo, time.Now().Format("20060102-150405")))
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	l, err := train.NewLearner(m, cfg)
	if err != nil {
		return usageError{err}
	}
	if !resume {
		if err := writeConfig(filepath.Join(out, "config.yaml"), algo, cfg); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := c.newProgress(*steps, algo, "steps", *quiet)
	began := time.Now()
	curve, err := train.Run(ctx, m, l, train.RunConfig{Dir: out, TotalSteps: *steps, StartRow: m.Spec.Start.Row, Resume: resume,
		OnProgress: func(r train.Report) {
			status := fmt.Sprintf("%s: return %.3f", algo, r.MeanReturn)
			if n := len(r.Curve); n > 0 {
				status += fmt.Sprintf(", greedy %.3f (%.1f%% of optimal)", r.Curve[n-1].GreedyReturn, r.Curve[n-1].PctOptimal)
			}
			bar.update(r.Steps, status)
		}})
	bar.finish()
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted at step %d; continue with: tablerl train --algo %s --out %s --resume", l.Steps(), algo, out)
	}
	if err != nil {
		return err
	}
	sha, err := dataSHA(pos)
	if err != nil {
		return err
	}
	pf, err := train.Export(m, l, *seed, t.Path, sha)
	if err != nil {
		return err
	}
	policy := filepath.Join(out, "policy.json")
	g := l.Greedy()
	if err := pf.Save(policy); err != nil {
		return err
	}
	if err := train.WriteDecisionsCSV(filepath.Join(out, "decision.csv"), m, train.Decisions(m, g)); err != nil {
		return err
	}
	if err := train.WriteCurveCSV(filepath.Join(out, "curve.csv"), curve); err != nil {
		return err
	}
	last := curve[len(curve)-1]
	optimal := last.GreedyReturn * 100 / last.PctOptimal
	if err := train.WriteCurvePNG(filepath.Join(out, "curve.png"), curve, optimal, fmt.Sprintf("%s on %s", algo, filepath.Base(t.Path))); err != nil {
		return err
	}
	rep := trainReport{Algo: algo, Data: t.Path, Steps: l.Steps(), Seconds: time.Since(began).Seconds(),
		GreedyReturn: last.GreedyReturn, OptimalReturn: optimal, PctOfOptimal: last.PctOptimal,
		Out: out, Policy: policy, Resumed: resume, PeakRSSMB: peakRSSMB()}
	if !m.Spec.Start.Random() {
		r := m.Spec.Start.Row
		rep.StartRow = &r
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "%s: %d steps in %.1fs; greedy policy's exact return %.4f = %.2f%% of the optimum %.4f, %s\n",
		algo, rep.Steps, rep.Seconds, rep.GreedyReturn, rep.PctOfOptimal, rep.OptimalReturn, startText(m))
	fmt.Fprintf(c.stdout, "wrote %s/{policy.json, decision.csv, curve.csv, curve.png, config.yaml, %s}\n", out, train.CheckpointName)
	return nil
}

// readConfig decodes a YAML file of hyperparameters into cfg; unknown keys are errors.
func readConfig(path, algo string, cfg any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var doc struct {
		Algo   string    `yaml:"algo"`
		Params yaml.Node `yaml:"params"`
	}
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if doc.Algo != "" && doc.Algo != algo {
		return fmt.Errorf("%s: algo: the file is for %s, not %s", path, doc.Algo, algo)
	}
	// Node.Decode does not refuse unknown keys: decode the params strictly again.
	b, err := yaml.Marshal(&doc.Params)
	if err != nil {
		return err
	}
	pd := yaml.NewDecoder(bytes.NewReader(b))
	pd.KnownFields(true)
	if err := pd.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: params: %w", path, err)
	}
	return nil
}

// writeConfig saves the hyperparameters used, as readConfig reads them.
func writeConfig(path, algo string, cfg any) error {
	b, err := yaml.Marshal(map[string]any{"algo": algo, "params": cfg})
	if err != nil {
		return err
	}
	return train.WriteFileAtomic(path, b)
}

// savedAlgo reads the algorithm of a run's saved config.
func savedAlgo(path string) (string, error) {
	b, err := os.ReadFile(path)
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

// field returns a pointer to the config field with the given yaml tag.
func field[T any](cfg any, tag string) *T {
	v := reflect.ValueOf(cfg).Elem()
	for i := 0; i < v.NumField(); i++ {
		if strings.Split(v.Type().Field(i).Tag.Get("yaml"), ",")[0] == tag {
			if p, ok := v.Field(i).Addr().Interface().(*T); ok {
				return p
			}
		}
	}
	panic(fmt.Sprintf("tablerl: %T has no %s field", cfg, tag)) // every learner config has them
}

func stepsField(cfg any) *int   { return field[int](cfg, "total_steps") }
func seedField(cfg any) *uint64 { return field[uint64](cfg, "seed") }

// dataSHA fingerprints DATA (or the embedded demo).
func dataSHA(pos []string) (string, error) {
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
