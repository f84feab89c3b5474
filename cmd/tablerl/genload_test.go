package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gen load writes a series a dynamic spec reads; inspect reports its
// clairvoyant optimum, random value, best static configuration and fallbacks.
func TestGenLoadAndInspectDynamics(t *testing.T) {
	dir := t.TempDir()
	day := filepath.Join(dir, "day.csv")
	if v := runJSON(t, "gen", "load", "--steps", "8", "--steps-per-day", "8", "--seed", "3", day); v["steps"] != 8.0 {
		t.Fatalf("gen load --json: %v", v)
	}
	table := filepath.Join(dir, "sw.csv")
	if code, _, errs := run(t, "gen", "sweep", "--grid", "4", "--loads", "3", "--coverage", "0.8", table); code != 0 {
		t.Fatal(errs)
	}
	spec := filepath.Join(dir, "sw.spec.yaml")
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "horizon: 50", "horizon: 6", 1) + "load: {file: day.csv}\ndelay: {replicas: 1}\n"
	if err := os.WriteFile(spec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	v := runJSON(t, "inspect", "--spec", spec, table)
	d, ok := v["dynamics"].(map[string]any)
	if !ok {
		t.Fatalf("inspect --json has no dynamics: %v", v)
	}
	opt, rnd, static := v["optimal_return"].(float64), v["random_return"].(float64), d["static_return"].(float64)
	if d["series_steps"] != 8.0 || d["fallback_pairs"] != 8.0*4 || !(rnd < static && static <= opt) || d["static_config"] == "" {
		t.Errorf("dynamics %v, optimal %g, random %g", d, opt, rnd)
	}
	if code, _, errs := run(t, "gen", "load", "--spike-len-min", "0", day); code != 2 || !strings.Contains(errs, "--spike-len-min") {
		t.Errorf("a bad --spike-len-min: exit %d, %q", code, errs)
	}
}
