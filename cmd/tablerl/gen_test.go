package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

func TestGenSweepUsage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "s.csv")
	for _, c := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"--grid", "9x9x9x9"}, "--grid"},
		{[]string{"--grid", "nine"}, "--grid"},
		{[]string{"--grid", "1x9"}, "--grid"},
		{[]string{"--loads", "1"}, "--loads"},
		{[]string{"--loads", "-3"}, "--loads"},
		{[]string{"--coverage", "0"}, "--coverage"},
		{[]string{"--coverage", "1.5"}, "--coverage"},
		{[]string{"--coverage", "NaN"}, "--coverage"},
		{[]string{"--rows-per-state", "0"}, "--rows-per-state"},
		{[]string{"--rows-per-state", "5-3"}, "--rows-per-state"},
		{[]string{"--rows-per-state", "x"}, "--rows-per-state"},
		{[]string{"--reward", "both"}, "--reward"},
		{[]string{"--horizon", "0"}, "--horizon"},
		{[]string{"--penalty", "-Inf"}, "--penalty"},
		{[]string{"--load-min", "0"}, "--load-min"},
		{[]string{"--load-max", "50"}, "--load-max"},
		{[]string{"--name", "a b"}, "--name"},
		{[]string{"--seed", "-1"}, "seed"},
		{[]string{"--no-such-flag"}, "no-such-flag"},
		{[]string{"--spec-out", out}, "--spec-out"},
	} {
		code, _, errs := run(t, append(append([]string{"gen", "sweep"}, c.args...), out)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("gen sweep %v: exit %d, stderr %q; want exit 2 naming %s", c.args, code, errs, c.want)
		}
	}
	for _, args := range [][]string{
		{"gen", "sweep"}, {"gen", "sweep", out, out}, {"gen", "sweep", filepath.Join(dir, "s.txt")},
		{"gen", "suite"}, {"gen", "suite", dir, dir}, {"gen", "suite", "--grid", "3", dir},
	} {
		if code, _, errs := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errs)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("usage errors left files: %v", files)
	}
	for _, args := range [][]string{{"gen", "sweep", "--help"}, {"gen", "suite", "--help"}} {
		if code, stdout, _ := run(t, args...); code != 0 || !strings.Contains(stdout, "usage: tablerl "+strings.Join(args[:2], " ")) {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
}

// TestGenSweepFiles checks the written pair: named as documented, the same
// bytes for the same seed, a spec the table loads under, nothing half-written.
func TestGenSweepFiles(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--grid", "3x4x4", "--loads", "4", "--coverage", "0.5", "--rows-per-state", "2-4", "--reward", "expr", "--horizon", "20", "--penalty", "-1"}
	write := func(out string, extra ...string) (data, spec []byte) {
		t.Helper()
		v := runJSON(t, append(append([]string{"gen", "sweep"}, append(args, extra...)...), out)...)
		if v["states"] != float64(96) || v["name"] != strings.TrimSuffix(filepath.Base(out), ".csv") {
			t.Errorf("gen sweep --json: %v", v)
		}
		var err error
		if data, err = os.ReadFile(out); err != nil {
			t.Fatal(err)
		}
		if spec, err = os.ReadFile(v["spec"].(string)); err != nil {
			t.Fatal(err)
		}
		return data, spec
	}
	a := filepath.Join(dir, "a", "s.csv")
	b := filepath.Join(dir, "b", "s.csv")
	for _, d := range []string{"a", "b"} {
		os.Mkdir(filepath.Join(dir, d), 0o755)
	}
	da, sa := write(a)
	db, sb := write(b)
	if !bytes.Equal(da, db) || !bytes.Equal(sa, sb) {
		t.Error("the same seed gave different files")
	}
	if dc, _ := write(b, "--seed", "2"); bytes.Equal(da, dc) {
		t.Error("seeds 1 and 2 gave the same table")
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "s.spec.yaml")); err != nil {
		t.Errorf("the default spec file: %v", err)
	}
	env := runJSON(t, "inspect", a, "--spec", filepath.Join(dir, "a", "s.spec.yaml"))
	if env["configs"] != float64(96) {
		t.Errorf("inspect: %v states, want 96", env["configs"])
	}
	// A spec that cannot be written fails (exit 1) and leaves no temporary file.
	code, _, errs := run(t, "gen", "sweep", "--spec-out", filepath.Join(dir, "no", "such", "dir.yaml"), a)
	if code != 1 {
		t.Errorf("unwritable --spec-out: exit %d (%s), want 1", code, errs)
	}
	for _, d := range []string{"a", "b"} {
		files, _ := os.ReadDir(filepath.Join(dir, d))
		var names []string
		for _, f := range files {
			names = append(names, f.Name())
		}
		if !slices.Equal(names, []string{"s.csv", "s.spec.yaml"}) {
			t.Errorf("%s holds %v, want s.csv and s.spec.yaml only", d, names)
		}
	}
}

func TestGenSuite(t *testing.T) {
	dir := t.TempDir()
	v := runJSON(t, "gen", "suite", dir)
	tables := v["tables"].([]any)
	if len(tables) != len(synth.Suite()) {
		t.Fatalf("%d tables, want %d", len(tables), len(synth.Suite()))
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 2*len(tables) {
		t.Errorf("%d files, want a table and a spec for each of %d", len(files), len(tables))
	}
	first := tables[0].(map[string]any)
	env := runJSON(t, "inspect", first["data"].(string), "--spec", first["spec"].(string))
	if env["configs"] != first["states"] {
		t.Errorf("%s: inspect sees %v states, gen wrote %v", first["name"], env["configs"], first["states"])
	}
}
