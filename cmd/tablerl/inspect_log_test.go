package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// TestInspectLog: the demo read as the built-in spec's log, and a spec
// without a log: section refused, naming the key.
func TestInspectLog(t *testing.T) {
	v := runJSON(t, "inspect", "--log")
	if v["transitions"] != 11999.0 || v["episodes"] != 240.0 || v["propensity"] != "behaviour cloning" {
		t.Errorf("transitions %v, episodes %v, propensity %v", v["transitions"], v["episodes"], v["propensity"])
	}
	total := 0.0
	for _, a := range v["actions"].([]any) {
		total += a.(map[string]any)["count"].(float64)
	}
	if total != 11999 || v["pairs_covered"].(float64) > v["pairs_valid"].(float64) {
		t.Errorf("action counts sum to %v, pairs %v of %v", total, v["pairs_covered"], v["pairs_valid"])
	}
	spec := filepath.Join(t.TempDir(), "nolog.yaml")
	noLog, _, _ := strings.Cut(dataset.TeaStoreYAML, "log:")
	if err := os.WriteFile(spec, []byte(noLog), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "inspect", "--log", "--spec", spec)
	if code != 1 || !strings.Contains(stderr, "no log: section") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
