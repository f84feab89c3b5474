package dataset

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLogSpec(t *testing.T) {
	s := TeaStoreSpec()
	if s.Log == nil || s.Log.Action.Column != "actionstate" || !s.Log.Action.NextRow || s.Log.Episodes.Length != 50 ||
		s.Log.Next["cpu"] != (NextColumn{Column: "cpu.2", Scale: 1000}) || s.Log.Next["replicas"] != (NextColumn{Column: "re.1", Scale: 1}) {
		t.Errorf("built-in log: %+v", s.Log)
	}
	if got := s.Log.Action.Pattern.FindStringSubmatch("7-200-400-5"); len(got) != 2 || got[1] != "5" {
		t.Errorf("pattern match %q", got)
	}
	for _, c := range []struct{ log, want string }{
		{"{}", "log.action: invalid spec: required"},
		{"{action: guess}", `want infer or {column: …}, got "guess"`},
		{"{action: {pattern: x}}", "log.action.column: invalid spec: required"},
		{"{action: {column: a, pattern: '('}}", "log.action.pattern"},
		{"{action: {column: a, pattern: '(a)(b)'}}", "at most one group"},
		{"{action: {column: a, row: prev}}", `want this or next, got "prev"`},
		{"{action: infer, next: []}", "log.next"},
		{"{action: infer, next: {x: {column: n, scale: 0}}}", "log.next.x.scale: invalid spec: must be positive"},
		{"{action: infer, episodes: {}}", "give exactly one of column, time (with gap) and length"},
		{"{action: infer, episodes: {time: t}}", "log.episodes.gap: invalid spec: required with time"},
		{"{action: infer, episodes: {length: 0}}", "must be at least 1"},
		{"{action: infer, episodes: {column: e, length: 3}}", "give exactly one"},
		{"{action: infer, propensity: ''}", "log.propensity"},
		{"{action: infer, nxt: x}", `did you mean "next"`},
	} {
		_, err := ParseSpec([]byte("knobs: [x]\nreward: {column: r}\nlog: "+c.log+"\n"), "s.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrSpec) {
			t.Errorf("log %s: error %v, want %q", c.log, err, c.want)
		}
	}
}
