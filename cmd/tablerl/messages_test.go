package main

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestUsageGoesToStderr: help asked for is on stdout with exit 0; usage
// shown for a mistake is on stderr with exit 2, stdout left empty.
func TestUsageGoesToStderr(t *testing.T) {
	for _, c := range []struct {
		args      []string
		code      int
		stdout    string // a prefix of stdout; "" wants it empty
		stderr    string // in stderr; "" wants it empty
		stdoutLen int
	}{
		{[]string{}, 2, "", "usage: tablerl COMMAND", 0},
		{[]string{"--help"}, 0, "tablerl: learn", "", 0},
		{[]string{"help"}, 0, "tablerl: learn", "", 0},
		{[]string{"tarin"}, 2, "", `unknown command "tarin" (did you mean "train"?)`, 0},
		{[]string{"--steps", "5"}, 2, "", "the command comes first", 0},
		{[]string{"train", "--stpes", "5"}, 2, "", "unknown flag --stpes (did you mean --steps?)", 0},
		{[]string{"train", "--bogus-flag"}, 2, "", "unknown flag --bogus-flag\n", 0},
		{[]string{"train", "--help"}, 0, "usage: tablerl train", "", 0},
		{[]string{"inspect", "-h"}, 0, "usage: tablerl inspect", "", 0},
		{[]string{"plot", "curve", "-help"}, 0, "usage: tablerl plot curve", "", 0},
		{[]string{"eval", "--polcy", "random"}, 2, "", "did you mean --policy?", 0},
		{[]string{"train", "--algo", "dqm"}, 2, "", `--algo: unknown algorithm "dqm" (did you mean "dqn"?)`, 0},
		{[]string{"eval", "--policy", "radnom"}, 2, "", `(did you mean "random"?)`, 0},
		{[]string{"replay", "--policy", "treshold"}, 2, "", `(did you mean "threshold"?)`, 0},
		{[]string{"plot", "heatmp"}, 2, "", `unknown kind "heatmp" (did you mean "heatmap"?)`, 0},
		{[]string{"plot", "heatmap", "--x", "replica"}, 2, "", `unknown knob "replica" (did you mean "replicas"?)`, 0},
		{[]string{"convert"}, 2, "", "missing IN OUT: tablerl convert [flags] IN OUT", 0},
		{[]string{"convert", "a.csv"}, 2, "", `too few arguments: tablerl convert [flags] IN OUT; got only ["a.csv"]`, 0},
		{[]string{"gen"}, 2, "", "missing OUT: tablerl gen [flags] OUT", 0},
		{[]string{"plot", "curve"}, 2, "", "missing CURVE.csv", 0},
		{[]string{"version", "x"}, 2, "", `unexpected argument "x": tablerl version takes none`, 0},
	} {
		code, out, errs := run(t, c.args...)
		if code != c.code {
			t.Errorf("tablerl %q: exit %d, want %d (stderr %q)", c.args, code, c.code, errs)
		}
		if c.stdout == "" && out != "" || !strings.HasPrefix(out, c.stdout) {
			t.Errorf("tablerl %q: stdout %.80q, want it to begin %q", c.args, out, c.stdout)
		}
		if c.stderr == "" && errs != "" || !strings.Contains(errs, c.stderr) {
			t.Errorf("tablerl %q: stderr %q, want it to say %q", c.args, errs, c.stderr)
		}
		if strings.Contains(errs, "argument(s)") || strings.Contains(errs, "[]") {
			t.Errorf("tablerl %q: a raw argument count in %q", c.args, errs)
		}
	}
}

// TestMissingFileMessages: a missing file says so, a directory says so.
func TestMissingFileMessages(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"inspect", missing}, missing + ": no such file\n"},
		{[]string{"inspect", dir}, dir + ": is a directory\n"},
		{[]string{"inspect", "--spec", missing}, "no such file\n"},
		{[]string{"inspect", "--spec", dir}, "is a directory\n"},
		{[]string{"plot", "curve", missing}, missing + ": no such file\n"},
		{[]string{"plot", "curve", dir}, dir + ": is a directory\n"},
		{[]string{"eval", "--policy", filepath.Join(dir, "p.json")}, "no such file\n"},
		{[]string{"eval", "--policy", filepath.Join(dir, "d.csv")}, "no such file\n"},
		{[]string{"train", "--config", missing + ".yaml"}, "no such file\n"},
	} {
		code, _, errs := run(t, c.args...)
		if code != 1 || !strings.HasSuffix(errs, c.want) || strings.Contains(errs, "corrupt") || strings.Contains(errs, "or directory") {
			t.Errorf("tablerl %q: exit %d, stderr %q; want exit 1 ending %q", c.args, code, errs, c.want)
		}
	}
}

func TestVersion(t *testing.T) {
	v := runJSON(t, "version")
	if v["go"] != runtime.Version() || v["module"] != "github.com/tablerl/tablerl" {
		t.Errorf("version --json = %v; want go %s and the module's path", v, runtime.Version())
	}
	code, out, _ := run(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "tablerl ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	// The fields come from the build information as go build stamps it.
	bi := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/tablerl/tablerl", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123abc"},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}}
	got, _ := json.Marshal(buildVersion(bi))
	want := `{"module":"github.com/tablerl/tablerl","version":"v1.2.3","revision":"0123abc","time":"2026-01-02T03:04:05Z","modified":true,"go":"go1.99"}`
	if string(got) != want {
		t.Errorf("buildVersion = %s, want %s", got, want)
	}
	if got := buildVersion(nil); got.Version != "(unknown)" || got.Revision != "" {
		t.Errorf("buildVersion(nil) = %+v", got)
	}
}
