package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectWithoutSpec: inspect describes a table that has no spec — its
// columns' types, ranges and distinct counts — and suggests a spec that
// then works.
func TestInspectWithoutSpec(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "t.csv")
	csv := "replicas,cpu,lat,score,note\n1,500,10,3,a\n1,1000,8,4,b\n2,500,7,5,a\n2,1000,5,6,c\n1,500,11,2,a\n2,1000,6,7,b\n"
	if err := os.WriteFile(data, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	v := runJSON(t, "inspect", data)
	if v["spec"] != nil || v["rows"] != 6.0 {
		t.Errorf("spec %v, rows %v", v["spec"], v["rows"])
	}
	cols := v["columns"].([]any)
	distinct := map[string]float64{}
	for _, c := range cols {
		c := c.(map[string]any)
		distinct[c["name"].(string)] = c["distinct"].(float64)
	}
	if distinct["replicas"] != 2 || distinct["lat"] != 6 || distinct["note"] != 3 {
		t.Errorf("distinct counts %v", distinct)
	}
	spec := v["suggested_spec"].(string)
	for _, want := range []string{"knobs: [replicas, cpu]", "reward: {column: score}", "observe: [lat]"} {
		if !strings.Contains(spec, want) {
			t.Errorf("suggested spec lacks %q:\n%s", want, spec)
		}
	}
	path := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	if v := runJSON(t, "inspect", data, "--spec", path); v["configs"] != 4.0 {
		t.Errorf("inspect with the suggested spec: %d configs, want 4", v["configs"])
	}
	code, out, errs := run(t, "inspect", data)
	if code != 0 || !strings.Contains(out, "distinct") || !strings.Contains(out, "suggested spec") {
		t.Errorf("inspect: exit %d, %q %q", code, out, errs)
	}
	// Other commands still need a spec.
	if code, _, errs := run(t, "sample", data); code != 1 || !strings.Contains(errs, "--spec") {
		t.Errorf("sample without a spec: exit %d, %q", code, errs)
	}
	// A table with no knob-like column says so.
	flat := filepath.Join(dir, "flat.csv")
	os.WriteFile(flat, []byte("a,b\n1,2\n3,4\n"), 0o644)
	if code, out, _ := run(t, "inspect", flat); code != 0 || !strings.Contains(out, "no column looks like a knob") {
		t.Errorf("inspect flat: exit %d, %q", code, out)
	}
}

// TestInspectPolicyLosses: inspect --policy decomposes a trained policy's
// shortfall: the losses by context add up to 100 − its normalized score,
// which equals train's, and the worst states come largest first.
func TestInspectPolicyLosses(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	trained := runJSON(t, "train", "--quiet", "--algo", "qtable", "--steps", "20000", "--out", out)
	v := runJSON(t, "inspect", "--policy", filepath.Join(out, "policy.json"), "--top", "3")
	l := v["losses"].(map[string]any)
	if got, want := l["normalized_score"].(float64), trained["normalized_score"].(float64); math.Abs(got-want) > 1e-9 {
		t.Errorf("normalized %v, train said %v", got, want)
	}
	var points float64
	for _, c := range l["by_context"].([]any) {
		points += c.(map[string]any)["points"].(float64)
	}
	if math.Abs(points-(100-l["normalized_score"].(float64))) > 1e-9 {
		t.Errorf("context points add to %v, want %v", points, 100-l["normalized_score"].(float64))
	}
	worst := l["worst"].([]any)
	if len(worst) != 3 {
		t.Fatalf("%d worst states, want 3", len(worst))
	}
	for i := 1; i < len(worst); i++ {
		if worst[i].(map[string]any)["loss"].(float64) > worst[i-1].(map[string]any)["loss"].(float64) {
			t.Errorf("worst states out of order at %d", i)
		}
	}
	if code, _, stderr := run(t, "inspect", "--policy", filepath.Join(out, "policy.json"), "--top", "-1"); code != 2 || !strings.Contains(stderr, "--top") {
		t.Errorf("--top -1: exit %d, %q", code, stderr)
	}
}
