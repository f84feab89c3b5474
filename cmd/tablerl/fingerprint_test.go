package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/train"
)

// TestFingerprintAcrossFormats: a policy.json and a decision.csv trained on
// a whitespace table are accepted on the same table as CSV (LF and CRLF)
// and Parquet, refused on a table with one value changed (the message
// naming --any-data, which lets them through), and a version 1 policy.json,
// fingerprinted by the file's bytes, is still checked against the bytes.
func TestFingerprintAcrossFormats(t *testing.T) {
	dir := t.TempDir()
	txt := genTable(t, dir, "t.txt", 2000)
	out := filepath.Join(dir, "run")
	runJSON(t, "train", "--algo", "qtable", "--steps", "2000", "--quiet", "--out", out, txt)
	csvPath, pq := filepath.Join(dir, "t.csv"), filepath.Join(dir, "t.parquet")
	for _, c := range [][]string{{"convert", txt, csvPath}, {"convert", txt, pq}} {
		if code, _, errs := run(t, c...); code != 0 {
			t.Fatalf("%v: %s", c, errs)
		}
	}
	raw, _ := os.ReadFile(csvPath)
	crlf := filepath.Join(dir, "crlf.csv")
	os.WriteFile(crlf, bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")), 0o644)
	lines := strings.SplitN(string(raw), "\n", 3)
	fields := strings.Split(lines[1], ",")
	fields[len(fields)-1] += "1" // one cell of the first row, changed
	edited := filepath.Join(dir, "edited.csv")
	os.WriteFile(edited, []byte(lines[0]+"\n"+strings.Join(fields, ",")+"\n"+lines[2]), 0o644)

	policy, decisions := filepath.Join(out, "policy.json"), filepath.Join(out, "decision.csv")
	for _, p := range []string{policy, decisions} {
		for _, data := range []string{txt, csvPath, crlf, pq} {
			if code, _, errs := run(t, "eval", "--episodes", "5", "--quiet", "--policy", p, data); code != 0 {
				t.Errorf("%s on the same table as %s: exit %d: %s", filepath.Base(p), filepath.Base(data), code, errs)
			}
		}
		code, _, errs := run(t, "eval", "--episodes", "5", "--quiet", "--policy", p, edited)
		if code != 1 || !strings.Contains(errs, "--any-data") || !strings.Contains(errs, "trained on "+txt) {
			t.Errorf("%s on edited data: exit %d, %q; want 1 naming the data and --any-data", filepath.Base(p), code, errs)
		}
		if code, _, errs := run(t, "eval", "--episodes", "5", "--quiet", "--any-data", "--policy", p, edited); code != 0 {
			t.Errorf("%s on edited data with --any-data: exit %d: %s", filepath.Base(p), code, errs)
		}
	}

	// A version 1 file: its fingerprint is the sha256 of the bytes it was
	// trained on.
	pf, err := train.LoadPolicy(policy)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(txt)
	sum := sha256.Sum256(b)
	pf.Version, pf.DataSHA256 = 1, hex.EncodeToString(sum[:])
	v1 := filepath.Join(dir, "v1.json")
	if err := pf.Save(v1); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "eval", "--episodes", "5", "--quiet", "--policy", v1, txt); code != 0 {
		t.Errorf("a version 1 policy on its data file: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "eval", "--episodes", "5", "--quiet", "--policy", v1, csvPath); code != 1 || !strings.Contains(errs, "--any-data") {
		t.Errorf("a version 1 policy on another file of its data: exit %d, %q; want 1 (it hashed the bytes)", code, errs)
	}
}

// genTable writes a synthetic table of rows rows (seed 3) into dir as name
// and returns its path.
func genTable(t *testing.T, dir, name string, rows int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if code, _, errs := run(t, "gen", "--rows", strconv.Itoa(rows), "--seed", "3", path); code != 0 {
		t.Fatalf("gen %s: %s", name, errs)
	}
	return path
}
