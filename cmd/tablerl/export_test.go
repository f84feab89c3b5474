package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/train/onnx"
)

// TestExport trains a DQN and a tabular-Q policy briefly, then exports each
// in every format: a network's ONNX model, decision table and normalized
// policy file are the bytes train wrote; a tabular policy has no ONNX form,
// and train writes none for it.
func TestExport(t *testing.T) {
	dir := t.TempDir()
	dqn, qt := filepath.Join(dir, "dqn"), filepath.Join(dir, "qtable")
	runJSON(t, "train", "--algo", "dqn", "--steps", "1500", "--learning-starts", "200", "--out", dqn, "--quiet")
	runJSON(t, "train", "--algo", "qtable", "--steps", "2000", "--out", qt, "--quiet")

	written, err := os.ReadFile(filepath.Join(dqn, "policy.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := onnx.Unmarshal(written)
	if err != nil {
		t.Fatal(err)
	}
	if in, out := m.Graph.Inputs, m.Graph.Outputs; len(in) != 1 || in[0].Name != "obs" || len(out) != 2 || out[0].Name != "scores" || out[1].Name != "action" {
		t.Fatalf("policy.onnx: inputs %+v, outputs %+v", in, out)
	}
	if _, err := os.Stat(filepath.Join(qt, "policy.onnx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("train wrote a policy.onnx for a tabular policy (%v)", err)
	}

	for _, tc := range []struct{ run, format, file string }{
		{dqn, "onnx", "policy.onnx"},
		{dqn, "csv", "decision.csv"},
		{dqn, "json", "policy.json"},
		{qt, "csv", "decision.csv"},
		{qt, "json", "policy.json"},
	} {
		want, err := os.ReadFile(filepath.Join(tc.run, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := run(t, "export", filepath.Join(tc.run, "policy.json"), "--format", tc.format)
		if code != 0 || !bytes.Equal([]byte(stdout), want) {
			t.Errorf("export %s --format %s: exit %d (%s); output equals train's %s: %v", tc.run, tc.format, code, stderr, tc.file, stdout == string(want))
		}
		out := filepath.Join(dir, filepath.Base(tc.run)+"."+tc.format)
		v := runJSON(t, "export", filepath.Join(tc.run, "policy.json"), "--format", tc.format, "--out", out)
		got, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(got, want) || v["bytes"] != float64(len(want)) {
			t.Errorf("export --out %s: %d bytes (%v), report %v; want train's %s", out, len(got), err, v, tc.file)
		}
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", filepath.Join(qt, "policy.json"), "--format", "onnx"}, 1, "no ONNX form: a qtable policy is a table"},
		{[]string{"export", filepath.Join(dqn, "policy.json")}, 2, "give --format: onnx, csv or json"},
		{[]string{"export", filepath.Join(dqn, "policy.json"), "--format", "onx"}, 2, `did you mean "onnx"?`},
		{[]string{"export", filepath.Join(dqn, "policy.json"), "--format", "csv", "--json"}, 2, "give --out FILE"},
		{[]string{"export"}, 2, "missing POLICY"},
		{[]string{"export", filepath.Join(dir, "none.json"), "--format", "csv"}, 1, "none.json"},
		{[]string{"export", filepath.Join(dqn, "policy.json"), filepath.Join(dqn, "decision.csv"), "--format", "csv"}, 1, "decision.csv:1: column"},
	} {
		code, _, stderr := run(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("tablerl %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}
