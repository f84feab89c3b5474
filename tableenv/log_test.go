package tableenv

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/internal/teastore"
)

// TestTeaStoreLog reads the TeaStore table as the log its built-in spec
// describes: one transition per consecutive pair of rows, each action the
// last field of the following row's actionstate.
func TestTeaStoreLog(t *testing.T) {
	tbl, err := dataset.Load(teastore.Path(t), dataset.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	m, err := NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLog(m, tbl)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.T) != 21167 {
		t.Fatalf("transitions = %d, want 21167", len(l.T))
	}
	if l.NumEpisodes() != 424 {
		t.Errorf("episodes = %d, want 424 (episodes of 50 transitions)", l.NumEpisodes())
	}
	text, err := tbl.CellText("actionstate")
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range l.T {
		cell, _ := text(i + 1)
		want, err := strconv.Atoi(cell[strings.LastIndexByte(cell, '-')+1:])
		if err != nil || int(tr.Action) != want || int(tr.Row) != i || int(tr.Next) != i+1 {
			t.Fatalf("transition %d: row %d → %d action %d, actionstate of row %d is %q", i, tr.Row, tr.Next, tr.Action, i+1, cell)
		}
	}
	// One logged transition (row 15509, 1-800-200 → 2-800-200) says no-op
	// where the configuration grew a replica.
	if l.Inconsistent != 1 {
		t.Errorf("inconsistent transitions = %d, want 1", l.Inconsistent)
	}
	if l.Logged {
		t.Error("TeaStore logs no propensities")
	}
}

// logModel builds a one-knob model over rows of (x, a, ep, t, p) and the log
// under the given log: section.
func logModel(t *testing.T, rows, logYAML string) (*Log, error) {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader("x a ep t p nx r\n"+rows), "log.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	spec, err := dataset.ParseSpec([]byte("knobs: [x]\nreward: {column: r}\nhorizon: 3\nlog:\n"+logYAML), "spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	return NewLog(m, tbl)
}

// rows: x moves 1→2→3→2 in episode 1, then 1→1 in episode 2.
const logRows = `1 +x 1 0 0.5 2 0
2 1 1 1 0.5 3 1
3 -x 1 2 0.25 2 2
2 noop 1 3 1 2 1
1 0 2 10 1 1 0
1 0 2 11 1 1 0
`

func TestLogModes(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		actions    string // per transition
		episodes   []int
	}{
		{"column, this row", "  action: {column: a}\n", "0:1 1:1 2:2 3:0 4:0", []int{0, 5}},
		{"inferred", "  action: infer\n", "0:1 1:1 2:2 3:2 4:0", []int{0, 5}},
		{"episode column", "  action: infer\n  episodes: {column: ep}\n", "0:1 1:1 2:2 4:0", []int{0, 3, 4}},
		{"time gap", "  action: {column: a}\n  episodes: {time: t, gap: 1}\n", "0:1 1:1 2:2 4:0", []int{0, 3, 4}},
		{"fixed length", "  action: infer\n  episodes: {length: 2}\n", "0:1 1:1 2:2 3:2 4:0", []int{0, 2, 4, 5}},
		{"next columns", "  action: {column: a}\n  next: {x: nx}\n", "0:1 1:1 2:2 3:0 4:0 5:0", []int{0, 4, 6}},
		{"action on the next row", "  action: {column: a, row: next}\n", "0:1 1:2 2:0 3:0 4:0", []int{0, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := logModel(t, logRows, c.yaml)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tr := range l.T {
				got = append(got, strconv.Itoa(int(tr.Row))+":"+strconv.Itoa(int(tr.Action)))
			}
			if g := strings.Join(got, " "); g != c.actions {
				t.Errorf("transitions %s, want %s", g, c.actions)
			}
			if g := l.Episodes; fmtInts(g) != fmtInts(c.episodes) {
				t.Errorf("episodes %v, want %v", g, c.episodes)
			}
		})
	}
}

func fmtInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, " ")
}

func TestLogPropensity(t *testing.T) {
	l, err := logModel(t, logRows, "  action: {column: a}\n  propensity: p\n")
	if err != nil {
		t.Fatal(err)
	}
	if !l.Logged || l.Propensity(&l.T[2]) != 0.25 {
		t.Errorf("propensity of transition 2 = %v, want the logged 0.25", l.Propensity(&l.T[2]))
	}
	l, err = logModel(t, logRows, "  action: {column: a}\n")
	if err != nil {
		t.Fatal(err)
	}
	// State x=1 is left by +x once (row 0) and by the no-op once (row 4).
	if p := l.Propensity(&l.T[0]); p != 0.5 {
		t.Errorf("behaviour-cloned propensity = %v, want 1/2", p)
	}
}

func TestLogErrors(t *testing.T) {
	for _, c := range []struct{ name, rows, yaml, want string }{
		{"unknown name", "1 +y 1 0 1 1 0\n1 0 1 0 1 1 0\n", "  action: {column: a}\n", `log.action.column: log.txt:2: column 2 (a): invalid log: "+y" is neither an action id nor an action name`},
		{"id out of range", "1 7 1 0 1 1 0\n1 0 1 0 1 1 0\n", "  action: {column: a}\n", "action id 7 is not in 0 to 2"},
		{"pattern", "1 x 1 0 1 1 0\n1 0 1 0 1 1 0\n", "  action: {column: a, pattern: '^(\\d+)$'}\n", `"x" does not match`},
		{"propensity", "1 0 1 0 0 1 0\n1 0 1 0 1 1 0\n", "  action: {column: a}\n  propensity: p\n", "propensity 0 is not in (0, 1]"},
		{"next level", "1 0 1 0 1 5 0\n2 0 1 0 1 1 0\n", "  action: {column: a}\n  next: {x: nx}\n", "x 5 is not a level of the knob"},
		{"two levels", "1 0 1 0 1 1 0\n3 0 1 0 1 1 0\n2 0 1 0 1 1 0\n", "  action: infer\n", "log.txt:2: invalid log: cannot infer the action"},
		{"unknown knob", "1 0 1 0 1 1 0\n", "  action: infer\n  next: {y: nx}\n", `no knob "y"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := logModel(t, c.rows, c.yaml)
			if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrLog) {
				t.Errorf("error %v, want one containing %q wrapping ErrLog", err, c.want)
			}
		})
	}
}
