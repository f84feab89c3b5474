package synth_test

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

// TeaStore's header, names repeated as TeaStore repeats them.
var teaStoreHeader = strings.Fields("re heap cpu inc_tps out_tps max_sess curr_sess cpu ram cost goodness reward re heap cpu actionstate Qvalue")

// Column indices of the parsed rows.
const (
	colRe = iota
	colHeap
	colCPU
	colInc
	colOut
	colMaxSess
	colCurrSess
	colCPUUsed
	colRAM
	colCost
	colGoodness
	colReward
	colNextRe
	colNextHeap
	colNextCPU
	colActionState
	colQValue
)

// generate returns the table of cfg, failing the test on error.
func generate(t *testing.T, cfg synth.Config) []byte {
	t.Helper()
	return written(t, "Generate", func(w io.Writer) error { return synth.Generate(w, cfg) })
}

// generateSweep returns the sweep table of cfg, failing the test on error.
func generateSweep(t *testing.T, cfg synth.SweepConfig) []byte {
	t.Helper()
	return written(t, "GenerateSweep", func(w io.Writer) error { return synth.GenerateSweep(w, cfg) })
}

// written returns what gen writes, failing the test, which names gen, on error.
func written(t *testing.T, name string, gen func(io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gen(&b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.Bytes()
}

// parse splits a table into its header's fields and its rows' fields, as a
// whitespace reader would.
func parse(t *testing.T, table []byte) (header []string, rows [][]string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(table), "\n"), "\n")
	header = strings.Fields(lines[0])
	for _, l := range lines[1:] {
		rows = append(rows, strings.Fields(l))
	}
	return header, rows
}

// num parses a numeric cell; nan is NaN.
func num(t *testing.T, row []string, col int) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[col], 64)
	if err != nil {
		t.Fatalf("column %d: %v", col, err)
	}
	return v
}

// configKey is the configuration of a row, as "re-heap-cpu".
func configKey(row []string) string {
	return row[colRe] + "-" + row[colHeap] + "-" + row[colCPU]
}

// coverage counts the distinct configurations with rows.
func coverage(rows [][]string) int {
	seen := make(map[string]bool)
	for _, r := range rows {
		seen[configKey(r)] = true
	}
	return len(seen)
}

func isNaN(t *testing.T, row []string, col int) bool {
	t.Helper()
	return math.IsNaN(num(t, row, col))
}
