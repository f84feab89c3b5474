package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// FuzzReadDecisions: no decision table makes the reader panic; a rejected one
// is a *ParseError, and an accepted one gives every recorded state a valid
// action. The seed corpus is in testdata/fuzz/FuzzReadDecisions.
func FuzzReadDecisions(f *testing.F) {
	f.Add("replicas,cpu,action\n1,500,noop\n2,500,+cpu\n3,500,-replicas\n1,1000,noop\n2,1000,noop\n3,1000,noop\n")
	f.Fuzz(func(t *testing.T, text string) {
		_, m := ruleModel(t)
		d, err := ReadDecisions(strings.NewReader(text), "fuzz.csv", m)
		if err != nil {
			var pe *dataset.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			return
		}
		for s, a := range d.Actions {
			if a < 0 || a >= m.NumActions() {
				t.Fatalf("state %d: action %d", s, a)
			}
		}
	})
}

// FuzzNewPolicy: no --policy argument makes NewPolicy panic; a rejected one
// wraps ErrPolicyArg (or names a file that is not there).
func FuzzNewPolicy(f *testing.F) {
	for _, s := range []string{"threshold:high=0.9,low=0.1", "target:target=0.6,tolerance=0", "noop", "target:knob=cpu,metric=gain,limit="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		if strings.HasSuffix(strings.ToLower(arg), ".json") || strings.HasSuffix(strings.ToLower(arg), ".csv") {
			return // files: covered by the file readers' own tests and fuzzers
		}
		tbl, m := ruleModel(t)
		p, err := NewPolicy(arg, Source{Model: m, Table: tbl})
		if err != nil {
			if !errors.Is(err, ErrPolicyArg) {
				t.Fatalf("%q: error %v does not wrap ErrPolicyArg", arg, err)
			}
			return
		}
		env := m.NewEnv(1)
		obs, info := env.Reset(1)
		for range 20 {
			a := p.Act(env, obs, info)
			if a < 0 || a >= m.NumActions() {
				t.Fatalf("%q: action %d", arg, a)
			}
			obs, _, _, _, info = env.Step(a)
		}
	})
}
