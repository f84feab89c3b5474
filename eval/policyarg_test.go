package eval

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

func TestNewPolicyKinds(t *testing.T) {
	tbl, m := ruleModel(t)
	src := Source{Model: m, Table: tbl}
	for arg, want := range map[string]string{
		"random": "random", "noop": "noop", "optimal": "optimal",
		"threshold:high=0.8,low=0.2": "threshold:high=0.8,low=0.2",
		"target:target=0.6,knob=cpu": "target:target=0.6,knob=cpu",
		"hpa=target:target=0.6":      "hpa",
		"keep=noop":                  "keep",
	} {
		p, err := NewPolicy(arg, src)
		if err != nil {
			t.Errorf("%s: %v", arg, err)
			continue
		}
		if p.Name() != want {
			t.Errorf("%s: named %q", arg, p.Name())
		}
	}
	p, _ := NewPolicy("threshold:high=0.8,low=0.2,metric=gain,limit=", src)
	if th := p.(*Threshold); th.High != 0.8 || th.Low != 0.2 || th.Util.Limit != nil || th.Util.At(5) != 3 {
		t.Errorf("threshold parameters not applied: %+v", th)
	}
	p, _ = NewPolicy("target:target=0.6,tolerance=0,knob=cpu", src)
	if tg := p.(*Target); tg.Target != 0.6 || tg.Tolerance != 0 || tg.Knob != 1 || tg.Util.Scale != 0.001 {
		t.Errorf("target parameters not applied: %+v", tg)
	}
}

func TestNewPolicyErrors(t *testing.T) {
	tbl, m := ruleModel(t)
	src := Source{Model: m, Table: tbl}
	for arg, want := range map[string]string{
		"greedy":                     "random | noop",
		"random:x=1":                 "takes no parameters",
		"threshold:hi=0.9":           `unknown key "hi"`,
		"threshold:high":             "not key=value",
		"threshold:high=x":           `high="x" is not a number`,
		"threshold:high=0.2,low=0.5": "low (0.5) must be below high (0.2)",
		"target:target=0":            "target > 0",
		"target:knob=heap":           `no knob "heap" (knobs: replicas, cpu)`,
		"target:metric=ram":          `"ram"`,
		"x=":                         `"x="`,
		"hpa=target:tolerance=-1":    "tolerance ≥ 0",
		"radnom":                     `"radnom" (did you mean "random"?)`,
		"treshold":                   `(did you mean "threshold"?)`,
		"threshold:hihg=0.9":         `unknown key "hihg" (did you mean "high"?)`,
		"target:knob=replica":        `no knob "replica" (did you mean "replicas"?)`,
	} {
		_, err := NewPolicy(arg, src)
		if !errors.Is(err, ErrPolicyArg) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want ErrPolicyArg saying %q", arg, err, want)
		}
	}
}

func TestDecisions(t *testing.T) {
	tbl, m := ruleModel(t)
	good := "cpu,replicas,action,share\n500,1,+replicas,1\n500,2,noop,1\n500,3,-replicas,1\n1000,1,+cpu,1\n1000,2,-cpu,1\n1000,3,noop,1\n"
	path := filepath.Join(t.TempDir(), "decisions.csv")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := NewPolicy(path, Source{Model: m, Table: tbl})
	if err != nil {
		t.Fatal(err)
	}
	for row, want := range []string{"+replicas", "noop", "-replicas", "+cpu", "-cpu", "noop"} {
		if got := m.ActionNames[act(m, p, row)]; got != want {
			t.Errorf("row %d: %s, want %s", row, got, want)
		}
	}
	for name, c := range map[string]struct{ text, want string }{
		"no action column": {"replicas,cpu\n1,500\n", `d.csv:1: bad decision table: no column "action"`},
		"not a number":     {strings.Replace(good, "500,2,", "500,two,", 1), `d.csv:3: column 2: bad decision table: replicas "two" is not a number`},
		"unknown action":   {strings.Replace(good, "+cpu", "+ram", 1), `d.csv:5: column 3: bad decision table: unknown action "+ram"`},
		"not recorded":     {good + "700,1,noop,1\n", "d.csv:8: bad decision table: configuration 1,700 is not recorded"},
		"twice":            {good + "500,1,noop,1\n", "d.csv:8: bad decision table: configuration 1,500 given twice (first on line 2)"},
		"missing":          {strings.Replace(good, "1000,3,noop,1\n", "", 1), "d.csv: bad decision table: no row for recorded configuration 3,1000"},
		"ragged":           {good + "1,2\n", "d.csv:8: column 1: bad decision table: wrong number of fields"},
		"empty":            {"", "d.csv: empty file"},
	} {
		_, err := ReadDecisions(strings.NewReader(c.text), "d.csv", m)
		var pe *dataset.ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a *ParseError saying %q", name, err, c.want)
		}
	}
}

// TestRulesOnOtherTables: a table without TeaStore's cpu.1 and cpu columns
// has no default utilization; naming any numeric column works.
func TestRulesOnOtherTables(t *testing.T) {
	tbl, m := csvTable(t, "grid", gridCSV, gridSpec)
	src := Source{Model: m, Table: tbl}
	if _, err := NewPolicy("threshold", src); !errors.Is(err, ErrPolicyArg) || !strings.Contains(err.Error(), "give metric=") {
		t.Errorf("no default metric: %v", err)
	}
	p, err := NewPolicy("threshold:metric=r,high=5,low=0", src)
	if err != nil {
		t.Fatal(err)
	}
	if th := p.(*Threshold); th.Knob != 0 || th.Util.Limit != nil || th.Util.At(2) != 8 {
		t.Errorf("threshold on r: knob %d, limit %v, utilization of row 2 %v", th.Knob, th.Util.Limit, th.Util.At(2))
	}
}
