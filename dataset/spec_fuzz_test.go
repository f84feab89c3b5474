package dataset

import (
	"errors"
	"testing"
)

// FuzzParseSpec: no spec text makes the parser panic; a rejected spec is a
// *SpecError, and an accepted one is usable.
func FuzzParseSpec(f *testing.F) {
	f.Add([]byte(TeaStoreYAML))
	f.Add([]byte("knobs: [re]\nreward: {column: r}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data, "fuzz.yaml")
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SpecError", err)
			}
			return
		}
		if len(s.Knobs) == 0 || s.Horizon < 1 || (s.Reward.Expr == "") == (s.Reward.Column == "") {
			t.Fatalf("accepted an unusable spec: %+v", s)
		}
		_ = s.Columns()
	})
}
