package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childArgs, when set in the environment, makes the test binary run the
// command line it holds (one argument a line) as tablerl and exit: a real
// process to send signals to.
const childArgs = "TABLERL_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childArgs); a != "" {
		c := &cli{stdout: os.Stdout, stderr: os.Stderr}
		os.Exit(c.main(strings.Split(a, "\n")))
	}
	os.Exit(m.Run())
}

// TestTrainStopsOnSIGTERM: SIGTERM ends a training run promptly with exit
// code 1 and a message naming --resume, and the resume finishes the run.
func TestTrainStopsOnSIGTERM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"train", "--algo", "qtable", "--steps", "4000000", "--quiet", "--out", out}
	// Signal once the first checkpoint is written: mid-run, with something to resume.
	c := startChild(t, filepath.Join(out, "checkpoint.bin"), args...)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.exited:
		if code := c.cmd.ProcessState.ExitCode(); code != 1 {
			t.Fatalf("exit code %d after SIGTERM, want 1\n%s", code, c.stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after SIGTERM")
	}
	if msg := c.stderr.String(); !strings.Contains(msg, "interrupted at step") || !strings.Contains(msg, "--resume") {
		t.Fatalf("stderr after SIGTERM = %q, want where it stopped and how to resume", msg)
	}
	if _, err := os.Stat(filepath.Join(out, "policy.json")); err == nil {
		t.Error("an interrupted run wrote policy.json")
	}
	rep := runJSON(t, "train", "--out", out, "--resume", "--quiet")
	if rep["resumed"] != true || rep["steps"] != float64(4000000) {
		t.Errorf("resumed run: resumed %v, steps %v; want true, 4000000", rep["resumed"], rep["steps"])
	}
	if _, err := os.Stat(filepath.Join(out, "policy.json")); err != nil {
		t.Error(err)
	}
}

// TestAllZeroRewards: on a table whose rewards are all 0 the optimum and
// the random return are 0, so every percentage is undefined: train and eval
// finish (the curve plot included) and print null for them in JSON.
func TestAllZeroRewards(t *testing.T) {
	dir := t.TempDir()
	table := filepath.Join(dir, "zero.csv")
	os.WriteFile(table, []byte("a,b,r,x\n1,1,0,0.5\n1,2,0,0.6\n2,1,0,0.7\n2,2,0,0.1\n1,1,0,0.2\n2,2,0,0.9\n"), 0o644)
	spec := filepath.Join(dir, "spec.yaml")
	os.WriteFile(spec, []byte(`name: zero
knobs:
  - {name: a, column: a}
  - {name: b, column: b}
observe: [x]
context: []
metrics: [x]
reward: {column: r, missing: 0}
invalid_penalty: 0
horizon: 5
start: random
`), 0o644)
	for _, algo := range []string{"qtable", "dqn", "ppo"} {
		t.Run(algo, func(t *testing.T) {
			out := filepath.Join(dir, algo)
			rep := runJSON(t, "train", "--algo", algo, "--steps", "3000", "--quiet", "--spec", spec, "--out", out, table)
			for _, k := range []string{"pct_of_optimal", "normalized_score"} {
				if v, ok := rep[k]; !ok || v != nil {
					t.Errorf("train --json %s = %v (present %v), want null", k, v, ok)
				}
			}
			if rep["optimal_return"] != 0.0 || rep["random_return"] != 0.0 {
				t.Errorf("optimal %v, random %v; want 0 and 0", rep["optimal_return"], rep["random_return"])
			}
			isPNG(t, filepath.Join(out, "curve.png"))
			ev := runJSON(t, "eval", "--spec", spec, "--episodes", "20", "--quiet", "--policy", "random",
				"--policy", filepath.Join(out, "policy.json"), table)
			b, _ := json.Marshal(ev["policies"])
			var ps []map[string]any
			json.Unmarshal(b, &ps)
			if len(ps) != 2 {
				t.Fatalf("eval --json policies = %s", b)
			}
			for _, p := range ps {
				if p["pct_of_optimal"] != nil || p["normalized_score"] != nil {
					t.Errorf("eval --json %v: pct_of_optimal %v, normalized_score %v; want null", p["name"], p["pct_of_optimal"], p["normalized_score"])
				}
			}
			code, stdout, stderr := run(t, "eval", "--spec", spec, "--episodes", "20", "--quiet", "--policy", "random", table)
			if code != 0 || !strings.Contains(stdout, "n/a") {
				t.Errorf("eval: exit %d, want 0 and n/a for the undefined percentages:\n%s%s", code, stdout, stderr)
			}
		})
	}
}
