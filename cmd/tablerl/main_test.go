package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/internal/teastore"
)

// run runs the command line in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb}
	code = c.main(args)
	return code, out.String(), errb.String()
}

// runJSON runs a command with --json and decodes its one JSON object.
func runJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := run(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("tablerl %v: exit %d: %s", args, code, errs)
	}
	var v map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("tablerl %v --json: %v\n%s", args, err, out)
	}
	if dec.More() {
		t.Fatalf("tablerl %v --json printed more than one JSON object", args)
	}
	return v
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "ragged.csv")
	os.WriteFile(bad, []byte("a,b\n1,2\n3\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{}, 2, ""},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"inspect", "--no-such-flag"}, 2, "no-such-flag"},
		{[]string{"inspect", "a", "b"}, 2, `unexpected argument "b": tablerl inspect takes [DATA]`},
		{[]string{"sample", "--episodes", "0"}, 2, "episodes"},
		{[]string{"inspect", "--format", "xls"}, 2, "format"},
		{[]string{"inspect", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
		{[]string{"inspect", bad}, 1, "ragged.csv:3"},
		{[]string{"inspect", "--spec", filepath.Join(dir, "nospec.yaml")}, 1, "nospec.yaml"},
		{[]string{"inspect", "--start-row", "99999999"}, 2, "start-row"},
		{[]string{"convert", "only-one"}, 2, "argument"},
		{[]string{"gen", "--rows", "0", filepath.Join(dir, "x.txt")}, 2, "rows"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("tablerl %v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.want)
		}
	}
	for _, cmd := range commands() {
		code, out, _ := run(t, cmd.name, "--help")
		if code != 0 || !strings.Contains(out, "usage: tablerl "+cmd.name) {
			t.Errorf("tablerl %s --help: exit %d, %q", cmd.name, code, out)
		}
	}
}

func TestDemoDefaults(t *testing.T) {
	v := runJSON(t, "inspect")
	for _, k := range []string{"rows", "columns", "configs", "optimal_return", "random_return"} {
		if _, ok := v[k]; !ok {
			t.Errorf("inspect --json lacks %q", k)
		}
	}
	if v["optimal_return"].(float64) <= v["random_return"].(float64) {
		t.Errorf("demo: optimal %v not above random %v", v["optimal_return"], v["random_return"])
	}
	s := runJSON(t, "sample", "--episodes", "20", "-v")
	if n := len(s["steps"].([]any)); n != 20*50 {
		t.Errorf("sample -v --json: %d steps, want 1000", n)
	}
}

func TestTeaStoreInspect(t *testing.T) {
	path := teastore.Path(t)
	v := runJSON(t, "inspect", path, "--start-row", "558")
	if v["rows"].(float64) != 21168 || len(v["columns"].([]any)) != 17 || v["configs"].(float64) != 729 {
		t.Errorf("rows %v, columns %d, configs %v; want 21168, 17, 729", v["rows"], len(v["columns"].([]any)), v["configs"])
	}
	env := v["environment"].(map[string]any)["rows_per_config"].(map[string]any)
	if env["min"].(float64) != 6 || env["max"].(float64) != 65 {
		t.Errorf("rows per config %v", env)
	}
	if got := v["optimal_return"].(float64); math.Abs(got-13.9615) > 0.001 {
		t.Errorf("optimal_return %v, want 13.9615", got)
	}
	if got := v["random_return"].(float64); math.Abs(got-(-48.016)) > 0.001 {
		t.Errorf("random_return %v, want -48.016", got)
	}
	v = runJSON(t, "inspect", path)
	if got := v["optimal_return"].(float64); math.Abs(got-17.9299) > 0.001 {
		t.Errorf("random-start optimal_return %v, want 17.9299", got)
	}
}

// TestTeaStoreSample is the sanity run: 2,000 random episodes from
// row 558 average within their CI of the exact −48.016.
func TestTeaStoreSample(t *testing.T) {
	path := teastore.Path(t)
	v := runJSON(t, "sample", path, "--episodes", "2000", "--start-row", "558", "--seed", "1")
	mean, ci := v["mean_return"].(float64), v["ci95"].(float64)
	if math.Abs(mean-(-48.016)) > ci {
		t.Errorf("mean %.3f ± %.3f does not cover −48.016", mean, ci)
	}
	for _, k := range []string{"episodes", "mean_return", "ci95", "random_return", "optimal_return"} {
		if _, ok := v[k]; !ok {
			t.Errorf("sample --json lacks %q", k)
		}
	}
}

func TestSameSeedSameOutput(t *testing.T) {
	_, a, _ := run(t, "sample", "--episodes", "30", "--seed", "7", "-v")
	_, b, _ := run(t, "sample", "--episodes", "30", "--seed", "7", "-v")
	_, c, _ := run(t, "sample", "--episodes", "30", "--seed", "8", "-v")
	if a != b {
		t.Error("the same --seed gave different output")
	}
	if a == c {
		t.Error("different seeds gave the same output")
	}
}

func TestConvertAndGen(t *testing.T) {
	dir := t.TempDir()
	gen := genTable(t, dir, "gen.txt", 3000)
	pq := filepath.Join(dir, "gen.parquet")
	csv := filepath.Join(dir, "gen.csv")
	for _, c := range [][]string{{"convert", gen, pq}, {"convert", pq, csv}} {
		if code, _, errs := run(t, c...); code != 0 {
			t.Fatalf("%v: %s", c, errs)
		}
	}
	a := runJSON(t, "inspect", gen)
	b := runJSON(t, "inspect", csv)
	for _, k := range []string{"rows", "configs", "optimal_return", "random_return"} {
		if a[k] != b[k] {
			t.Errorf("%s: %v from whitespace, %v after whitespace → Parquet → CSV", k, a[k], b[k])
		}
	}
}

// TestTrainAndEval: train writes its outputs, a hyperparameter flag overrides
// the --config file and is saved in config.yaml, and eval reads the policy.
func TestTrainAndEval(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hp.yaml")
	os.WriteFile(cfg, []byte("algo: qtable\nparams:\n  gamma: 0.8\n  iterate_steps: 5000\n"), 0o644)
	out := filepath.Join(dir, "run")
	v := runJSON(t, "train", "--algo", "qtable", "--config", cfg, "--gamma", "0.85", "--steps", "20000", "--out", out, "--quiet")
	for _, k := range []string{"algo", "steps", "seconds", "greedy_return", "pct_of_optimal", "policy"} {
		if _, ok := v[k]; !ok {
			t.Errorf("train --json lacks %q", k)
		}
	}
	for _, f := range []string{"policy.json", "decision.csv", "curve.csv", "curve.png", "config.yaml", "checkpoint.bin"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("train did not write %s", f)
		}
	}
	saved, _ := os.ReadFile(filepath.Join(out, "config.yaml"))
	if !strings.Contains(string(saved), "gamma: 0.85") || !strings.Contains(string(saved), "iterate_steps: 5000") {
		t.Errorf("config.yaml does not hold the values used:\n%s", saved)
	}
	e := runJSON(t, "eval", "--policy", filepath.Join(out, "policy.json"), "--policy", "optimal", "--episodes", "50")
	ps := e["policies"].([]any)
	if len(ps) != 2 || ps[0].(map[string]any)["name"] != filepath.Join(out, "policy.json") {
		t.Errorf("eval policies = %v", ps)
	}
	os.WriteFile(cfg, []byte("algo: qtable\nparams:\n  gama: 0.8\n"), 0o644)
	if code, _, errs := run(t, "train", "--algo", "qtable", "--config", cfg, "--out", filepath.Join(dir, "x")); code == 0 || !strings.Contains(errs, "gama") {
		t.Errorf("an unknown hyperparameter key: exit %d, %q", code, errs)
	}
}
