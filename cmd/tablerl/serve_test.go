package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeArguments: serve's mistakes are usage errors (exit 2) or, for a
// file that does not load, failures (exit 1), each naming what is wrong.
func TestServeArguments(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve"}, 2, "missing POLICY"},
		{[]string{"serve", "threshold"}, 2, "needs --data"},
		{[]string{"serve", "rules.csv"}, 2, "needs --data"},
		{[]string{"serve", "--addr", "", "--grpc-addr", "", "p.json"}, 2, "--addr or --grpc-addr"},
		{[]string{"serve", "--body-limit", "0", "p.json"}, 2, "--body-limit"},
		{[]string{"serve", "a/policy.json", "b/a/policy.json"}, 2, "two policies named"},
		{[]string{"serve", "bad name=p.json"}, 2, "policy name"},
		{[]string{"serve", filepath.Join(dir, "missing.json")}, 1, "missing.json: no such file"},
		{[]string{"serve", broken}, 1, "not a policy file"},
		{[]string{"serve", "--data", "demo", "threshold:knob=gpus"}, 2, `no knob "gpus"`},
		{[]string{"serve", "--data", "demo", "--addr", "256.0.0.1:1", "--grpc-addr", "", "optimal"}, 1, "--addr"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("tablerl %v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.want)
		}
	}
}
