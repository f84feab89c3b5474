package tableenv

import (
	"bytes"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// logSections are the log: sections FuzzNewLog reads its tables under.
var logSections = []string{
	"{action: {column: a}}",
	"{action: {column: a, pattern: '(\\d+)$', row: next}, episodes: {column: ep}}",
	"{action: infer, episodes: {time: t, gap: 1}}",
	"{action: {column: a}, next: {x: nx}, propensity: p, episodes: {length: 2}}",
}

// FuzzNewLog reads arbitrary tables as logs: an error or a log whose
// transitions are consistent, never a panic.
func FuzzNewLog(f *testing.F) {
	for i, rows := range []string{logRows, "1 1 1 0 1 1 0\n", "1 x 1 0 0.5 3 0\n2 +x 1 1 1 2 1\n", "1 0 1 0 1 1 0\n3 0 1 5 1 1 0\n"} {
		f.Add(uint8(i), []byte(rows))
	}
	f.Fuzz(func(t *testing.T, mode uint8, rows []byte) {
		tbl, err := dataset.Read(bytes.NewReader(append([]byte("x a ep t p nx r\n"), rows...)), "fuzz.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
		if err != nil {
			return
		}
		defer tbl.Release()
		spec, err := dataset.ParseSpec([]byte("knobs: [x]\nreward: {column: r}\nlog: "+logSections[int(mode)%len(logSections)]+"\n"), "fuzz.yaml")
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewModel(tbl, spec)
		if err != nil {
			return
		}
		l, err := NewLog(m, tbl)
		if err != nil {
			return
		}
		if l.Episodes[len(l.Episodes)-1] != len(l.T) {
			t.Fatalf("episodes %v end elsewhere than at %d", l.Episodes, len(l.T))
		}
		for _, tr := range l.T {
			if int(tr.Action) >= m.NumActions() || int(tr.Next) >= m.NumRows() || int(tr.NextState) != m.StateOf(int(tr.Next)) {
				t.Fatalf("transition %+v", tr)
			}
		}
		_ = l.Describe()
	})
}
