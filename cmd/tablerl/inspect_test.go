package main

import (
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
