package dataset

import (
	"errors"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset/limits"
)

// withLimits sets the limits for one test.
func withLimits(t *testing.T, edit func(*limits.Limits)) {
	t.Helper()
	old := limits.Current()
	t.Cleanup(func() { limits.Set(old) })
	l := old
	edit(&l)
	limits.Set(l)
}

// TestReadLimits: a line, a column count or a cell count over its limit is
// a *ParseError naming the line and the limit, before the input is read on.
func TestReadLimits(t *testing.T) {
	withLimits(t, func(l *limits.Limits) { l.LineBytes, l.Columns, l.Cells = 1<<17, 3, 8 })
	long := strings.Repeat("x", 1<<18)
	for _, c := range []struct {
		name, text, want string
		format           Format
	}{
		{"line", "a b\n1 2\n" + long + "\n", "t:3: over the limit: the line read so far, in bytes,", FormatWhitespace},
		{"header", long, "t:1: over the limit", FormatCSV},
		{"quoted record", "a,b\n\"" + strings.Repeat("\n", 1<<18), "t:2: column 1: over the limit: the quoted record", FormatCSV},
		{"columns", "a b c d\n1 2 3 4\n", "t:1: over the limit: the number of columns is 4, the limit columns is 3", FormatWhitespace},
		{"cells", "a b\n1 2\n3 4\n5 6\n7 8\n9 10\n", "t:6: over the limit: rows × columns is 10, the limit cells is 8", FormatWhitespace},
		{"cells csv", "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n", "t:6: over the limit: rows × columns is 10, the limit cells is 8", FormatCSV},
	} {
		_, err := Read(strings.NewReader(c.text), "t", LoadOptions{Format: c.format})
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, limits.ErrExceeded) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a *ParseError over a limit containing %q", c.name, err, c.want)
		}
	}
	if _, err := Read(strings.NewReader("a b\n1 2\n3 4\n5 6\n7 8\n"), "t", LoadOptions{}); err != nil {
		t.Errorf("at the cell limit: %v", err)
	}
}

// TestParseSpecRefuses: degenerate and non-finite specs are errors naming
// the key and its line.
func TestParseSpecRefuses(t *testing.T) {
	base := "knobs: [{name: r, column: re}, cpu]\nreward: {column: rw}\n"
	for _, c := range []struct{ name, spec, want string }{
		{"knob column twice", "knobs: [re, {name: b, column: re}]\nreward: {column: rw}\n", `s.yaml:1: knobs[1].column: invalid spec: column "re" is already knobs[0].column`},
		{"context is a knob", base + "context: [cpu]\n", `s.yaml:3: context[0]: invalid spec: column "cpu" is already knobs[1].column`},
		{"context twice", base + "context: [l, l]\n", `context[1]: invalid spec: column "l" is already context[0]`},
		{"reward is a knob", "knobs: [re]\nreward: {column: re}\n", `s.yaml:2: reward.column: invalid spec: column "re" is knobs[0].column`},
		{"observe twice", base + "observe:\n  - a\n  - b\n  - a\n", `s.yaml:6: observe[2]: invalid spec: column "a" is already observe[0]`},
		{"metrics twice", base + "metrics: [m, m]\n", `metrics[1]: invalid spec: column "m" is already metrics[0]`},
		{"second document", base + "---\nhorizon: 2\n", `(top level): invalid spec: a second YAML document`},
		{"penalty NaN", base + "invalid_penalty: NaN\n", `s.yaml:3: invalid_penalty: invalid spec: want a finite number, got NaN`},
		{"penalty .inf", base + "invalid_penalty: -.inf\n", `invalid_penalty: invalid spec: want a finite number, got -.inf`},
		{"missing 1e400", "knobs: [re]\nreward: {column: rw, missing: 1e400}\n", `reward.missing: invalid spec: want a finite number, got 1e400`},
		{"horizon limit", base + "horizon: 1000000000000\n", `s.yaml:3: horizon: invalid spec: over the limit: the horizon is 1000000000000`},
		{"knobs 128", "reward: {column: rw}\nknobs: [" + strings.Repeat("k,", 127) + "k]\n", `knobs: invalid spec: at most 127 knobs`},
	} {
		_, err := ParseSpec([]byte(c.spec), "s.yaml")
		var se *SpecError
		if !errors.As(err, &se) || !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a *SpecError containing %q", c.name, err, c.want)
		}
	}
	withLimits(t, func(l *limits.Limits) { l.SpecEntries, l.SpecBytes = 2, 200 })
	for _, c := range []struct{ name, spec, want string }{
		{"entries", base + "observe: [a, b, c]\n", "observe: invalid spec: over the limit: the number of entries is 3, the limit spec_entries is 2"},
		{"bytes", base + "name: " + strings.Repeat("n", 200) + "\n", "s.yaml: invalid spec: over the limit: the spec's size in bytes"},
	} {
		if _, err := ParseSpec([]byte(c.spec), "s.yaml"); !errors.Is(err, limits.ErrExceeded) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
