package dataset

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseSpecDynamics(t *testing.T) {
	s, err := ParseSpec([]byte(`knobs: [replicas, cpu]
context: [tps]
reward: {column: r}
load: {file: day.csv, column: v, scale: 2.5, start: {offset: 3}, history: 2, ewma: 0.5, period: {day: 96, week: 672}}
delay: {replicas: 2}
change_cost: {cpu: 0.1}
actions: {step: [1, 2]}
`), filepath.Join("specs", "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	l := s.Load
	if l == nil || l.File != filepath.Join("specs", "day.csv") || l.Column != "v" || l.Factor != 2.5 || l.Offset != 3 ||
		l.History != 2 || l.EWMA != 0.5 || l.Day != 96 || l.Week != 672 {
		t.Errorf("load = %+v", l)
	}
	if !slices.Equal(s.Delay, []int{2, 0}) || !slices.Equal(s.ChangeCost, []float64{0, 0.1}) || !slices.Equal(s.Actions.Steps, []int{1, 2}) || !s.Dynamic() {
		t.Errorf("delay %v, change cost %v, actions %+v, dynamic %v", s.Delay, s.ChangeCost, s.Actions, s.Dynamic())
	}
	for _, tc := range []struct {
		yaml    string
		dynamic bool
	}{{"", false}, {"actions: step\n", false}, {"actions: {step: [1]}\n", false}, {"actions: set\n", true}, {"delay: {a: 0}\n", true}} {
		s, err := ParseSpec([]byte("knobs: [a]\nreward: {column: r}\n"+tc.yaml), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if s.Dynamic() != tc.dynamic {
			t.Errorf("%q: dynamic %v, want %v", tc.yaml, s.Dynamic(), tc.dynamic)
		}
	}
}

func TestParseSpecDynamicsErrors(t *testing.T) {
	const head = "knobs: [a]\nreward: {column: r}\n"
	for _, c := range []struct{ yaml, key string }{
		{"load: {column: x}\n", "load.file"},
		{"load: {file: f, scale: -1}\n", "load.scale"},
		{"load: {file: f, start: {offset: -2}}\n", "load.start.offset"},
		{"load: {file: f, start: first}\n", "load.start"},
		{"load: {file: f, ewma: 0}\n", "load.ewma"},
		{"load: {file: f, history: -1}\n", "load.history"},
		{"load: {file: f, period: {day: 1}}\n", "load.period.day"},
		{"load: {file: f, perod: 4}\n", "load.perod"},
		{"delay: {b: 1}\n", "delay.b"},
		{"delay: {a: 1.5}\n", "delay.a"},
		{"delay: {a: 99}\n", "delay.a"},
		{"change_cost: {a: -1}\n", "change_cost.a"},
		{"actions: jump\n", "actions"},
		{"actions: {step: []}\n", "actions.step"},
		{"actions: {step: [1, 1]}\n", "actions.step[1]"},
		{"actions: {step: [0]}\n", "actions.step[0]"},
	} {
		_, err := ParseSpec([]byte(head+c.yaml), "s.yaml")
		var se *SpecError
		if !errors.As(err, &se) || se.Key != c.key || se.Line != 3 || !errors.Is(err, ErrSpec) || !strings.HasPrefix(err.Error(), "s.yaml:3: ") {
			t.Errorf("%q: got %v, want a spec error at s.yaml:3 naming %s", c.yaml, err, c.key)
		}
	}
}

func TestReadSeries(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, text, column string
		want               []float64
	}{
		{"one.csv", "tps\n1\n2.5\n", "", []float64{1, 2.5}},
		{"bare.txt", "4\n5\n6\n", "", []float64{4, 5, 6}},
		{"two.csv", "t,tps\n0,7\n1,8\n", "tps", []float64{7, 8}},
	} {
		got, err := ReadSeries(write(c.name, c.text), c.column)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	for _, c := range []struct{ name, text, column, want string }{
		{"neg.csv", "tps\n1\n-2\n", "", "neg.csv:3: column 1 (tps): bad load series"},
		{"null.csv", "tps\n1\nNA\n3\n", "", "null.csv:3: column 1 (tps): bad load series"},
		{"wide.csv", "a,b\n1,2\n", "", "2 columns"},
		{"nocol.csv", "a,b\n1,2\n", "c", "no such column"},
		{"text.csv", "a\nx\n", "", "not a number"},
	} {
		_, err := ReadSeries(write(c.name, c.text), c.column)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
}
