package teastore

import (
	"os"
	"path/filepath"
	"testing"
)

// Find returns the path of the TeaStore table, or "" and the reason it was not found.
func Find() (path, why string) {
	if p := os.Getenv("TABLERL_TEASTORE"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", "TABLERL_TEASTORE=" + p + ": " + err.Error()
		}
		return p, ""
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err.Error()
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "teastore_data.csv")
			if _, err := os.Stat(p); err != nil {
				return "", "the TeaStore table is not at " + p + " and TABLERL_TEASTORE is unset"
			}
			return p, ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "no go.mod above the working directory"
		}
		dir = parent
	}
}

// Path returns the TeaStore table's path or skips the test, printing why.
func Path(tb testing.TB) string {
	tb.Helper()
	p, why := Find()
	if p == "" {
		tb.Skipf("skipping: needs the TeaStore table (%s)", why)
	}
	return p
}
