package dataset

import (
	"fmt"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"cpu", "cpu"},
		{"cpu.1", "cpu.1"},
		{"größe", "größe"},
		{"Unnamed: 3", `"Unnamed: 3"`},
		{"", `""`},
		{"\x1b[31mred\x1b[0m", `"\x1b[31mred\x1b[0m"`},
		{"a\nb", `"a\nb"`},
		{`say "hi"`, `"say \"hi\""`},
		{"\u202etxt", `"\u202etxt"`}, // a bidi override is not graphic
		{"bad\xffutf8", `"bad\xffutf8"`},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := QuoteList([]string{"a", "b c"}); got != `a, "b c"` {
		t.Errorf("QuoteList = %s", got)
	}
}

// hasControl reports a byte that could drive a terminal.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) })
}

// TestMessagesEscapeNames: column names and cells from the data, and keys
// from a spec, never reach a message raw.
func TestMessagesEscapeNames(t *testing.T) {
	esc := "\x1b]0;pwned\x07\x1b[2J"
	tb := readString(t, "a,\""+esc+"\"\n1,x\x1b[1m\n", "evil.csv", FormatCSV)
	defer tb.Release()
	_, err := tb.Float64(esc)
	if err == nil || hasControl(err.Error()) || !strings.Contains(err.Error(), `\x1b`) {
		t.Errorf("text column: %q", err)
	}
	_, err = tb.Float64("zz")
	if err == nil || hasControl(err.Error()) || !strings.Contains(err.Error(), `\x1b]0;pwned`) {
		t.Errorf("missing column: %q", err)
	}
	_, err = ParseSpec([]byte("knobs: [a]\nreward: {column: a}\n\""+"\\e[31m"+"\": 1\n"), "s.yaml")
	if err == nil || hasControl(err.Error()) || !strings.Contains(err.Error(), `s.yaml:3: "\x1b[31m": `) {
		t.Errorf("spec key: %q", err)
	}
	s, err := ParseSpec([]byte("knobs: [\""+"\\e[1m"+"\"]\nreward: {column: a}\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(tb); err == nil || hasControl(err.Error()) {
		t.Errorf("spec check: %q", err)
	}
}

// TestDidYouMean: a misspelt spec key or column gets a suggestion.
func TestDidYouMean(t *testing.T) {
	_, err := ParseSpec([]byte("knobs: [a]\nreward: {column: a}\nhorizn: 5\n"), "s.yaml")
	if err == nil || !strings.Contains(err.Error(), `s.yaml:3: horizn: invalid spec: unknown key (did you mean "horizon"?)`) {
		t.Errorf("spec key: %v", err)
	}
	_, err = ParseSpec([]byte("knobs: [{name: a, colum: a}]\nreward: {column: a}\n"), "s.yaml")
	if err == nil || !strings.Contains(err.Error(), `(did you mean "column"?)`) {
		t.Errorf("knob key: %v", err)
	}
	tb := readString(t, "replicas,cpu\n1,2\n", "t.csv", FormatCSV)
	defer tb.Release()
	_, err = tb.Float64("replica")
	if err == nil || !strings.Contains(err.Error(), `no such column "replica" (did you mean "replicas"?)`) {
		t.Errorf("column: %v", err)
	}
}

func TestDescribeDistinct(t *testing.T) {
	var b strings.Builder
	b.WriteString("k,u,s\n")
	for i := range MaxDistinct + 10 {
		fmt.Fprintf(&b, "%d,%d,x%d\n", i%3, i, i%5)
	}
	tb := readString(t, b.String(), "d.csv", FormatCSV)
	defer tb.Release()
	cols := Describe(tb)
	if cols[0].Distinct != 3 || cols[0].DistinctMore || cols[2].Distinct != 5 {
		t.Errorf("k %+v, s %+v", cols[0], cols[2])
	}
	if cols[1].Distinct != MaxDistinct || !cols[1].DistinctMore {
		t.Errorf("u: %d distinct, more %v; want the cap %d and more", cols[1].Distinct, cols[1].DistinctMore, MaxDistinct)
	}
}
