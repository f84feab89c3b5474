package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/train"
)

// isPNG fails unless path starts as a PNG does (eval's tests decode them).
func isPNG(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s: not a PNG (%d bytes, %v)", path, len(b), err)
	}
}

func TestPlotHeatmap(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "h.png")
	v := runJSON(t, "plot", "heatmap", "--x", "heap", "--y", "replicas", "--agg", "mean", "--out", out)
	if v["kind"] != "heatmap" || v["out"] != out || v["x"] != "heap" || v["y"] != "replicas" || v["agg"] != "mean" {
		t.Errorf("plot heatmap --json: %v", v)
	}
	if over := v["over"].([]any); len(over) != 1 || over[0] != "cpu" {
		t.Errorf("over = %v, want [cpu]", over)
	}
	z := v["z"].([]any)
	if len(z) != 9 || len(z[0].([]any)) != 9 || len(v["x_levels"].([]any)) != 9 {
		t.Errorf("z is %d rows; want the demo's 9 × 9 levels", len(z))
	}
	isPNG(t, out)

	// The defaults: the first two knobs, the best over the third.
	out = filepath.Join(dir, "default.png")
	v = runJSON(t, "plot", "heatmap", "--out", out)
	if v["x"] != "replicas" || v["y"] != "cpu" || v["agg"] != "max" {
		t.Errorf("defaults: x %v, y %v, agg %v; want replicas, cpu, max", v["x"], v["y"], v["agg"])
	}
	isPNG(t, out)
	code, stdout, errs := run(t, "plot", "heatmap", "--out", out, "--x", "cpu", "--y", "heap")
	if code != 0 || !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("plot heatmap: exit %d, %q %q", code, stdout, errs)
	}
}

func TestPlotCurve(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "curve.csv")
	curve := []train.CurvePoint{
		{Step: 100, MeanReturn: -30, GreedyReturn: -10, PctOptimal: -50},
		{Step: 200, MeanReturn: 5, GreedyReturn: 18, PctOptimal: 90},
	}
	if err := train.WriteCurveCSV(in, curve); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "c.png")
	v := runJSON(t, "plot", "curve", in, "--out", out)
	if v["kind"] != "curve" || v["points"].(float64) != 2 || v["optimal_from"] != "pct_of_optimal" ||
		math.Abs(v["optimal"].(float64)-20) > 1e-9 {
		t.Errorf("plot curve --json: %v; want 2 points and the optimum 20 recovered", v)
	}
	isPNG(t, out)
	v = runJSON(t, "plot", "curve", "--optimal", "25", in, "--out", out)
	if v["optimal"].(float64) != 25 || v["optimal_from"] != "flag" {
		t.Errorf("--optimal 25: %v", v)
	}
}

func TestPlotErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	nopct := filepath.Join(dir, "nopct.csv")
	os.WriteFile(nopct, []byte("step,mean_episode_return,greedy_return\n1,2,3\n"), 0o644)
	out := filepath.Join(dir, "out.png")
	for _, c := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"plot"}, 2, "kind"},
		{[]string{"plot", "pie"}, 2, `"pie"`},
		{[]string{"plot", "--out", out, "heatmap"}, 2, "kind comes first"},
		{[]string{"plot", "heatmap", "--x", "memory", "--out", out}, 2, "replicas, cpu, heap"},
		{[]string{"plot", "heatmap", "--x", "cpu", "--y", "cpu", "--out", out}, 2, "both axes"},
		{[]string{"plot", "heatmap", "--agg", "median", "--out", out}, 2, "median"},
		{[]string{"plot", "heatmap", "--out", ""}, 2, "--out"},
		{[]string{"plot", "heatmap", "--out", filepath.Join(dir, "no", "such", "h.png")}, 1, "no directory"},
		{[]string{"plot", "curve", "--out", out}, 2, "missing CURVE.csv: tablerl plot curve [flags] CURVE.csv"},
		{[]string{"plot", "curve", filepath.Join(dir, "missing.csv"), "--out", out}, 1, "missing.csv"},
		{[]string{"plot", "curve", empty, "--out", out}, 1, "empty.csv"},
		{[]string{"plot", "curve", nopct, "--out", out}, 2, "--optimal"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("tablerl %v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed plot left %s behind", out)
	}
	for _, kind := range []string{"heatmap", "curve"} {
		code, stdout, _ := run(t, "plot", kind, "--help")
		if code != 0 || !strings.Contains(stdout, "usage: tablerl plot "+kind) || !strings.Contains(stdout, "-out") {
			t.Errorf("plot %s --help: exit %d, %q", kind, code, stdout)
		}
	}
	if code, stdout, _ := run(t, "plot", "--help"); code != 0 || !strings.Contains(stdout, "heatmap") || !strings.Contains(stdout, "curve") {
		t.Errorf("plot --help: exit %d, %q", code, stdout)
	}
}
