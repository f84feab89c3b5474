package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// maxEntries bounds the values of one group of a request.
const maxEntries = 256

// requestError is a request that cannot be used, naming its field.
type requestError struct {
	Status int
	Field  string
	Msg    string
}

func (e *requestError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func badRequest(field, format string, a ...any) *requestError {
	return &requestError{Status: 400, Field: field, Msg: fmt.Sprintf(format, a...)}
}

// decideGroups are a decide request's members.
var decideGroups = []string{"config", "context", "metrics"}

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// parseDecide reads a decide request, {"config": {...}, "context": {...},
// "metrics": {...}}, whole (the reader bounds it) and parses it strictly
// in one pass: the schema is two levels deep, so a value of the wrong
// shape is refused at its first byte, whatever is nested under it. Every
// value must be a finite number; a key given twice, an unknown member,
// null and trailing data are errors naming the field. Reading is where a
// body over the limit (413) or too slow (408) is caught.
func parseDecide(r io.Reader) (tableenv.Live, error) {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer bodyBuffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return tableenv.Live{}, readError(err)
	}
	p := parser{b: buf.Bytes()}
	return p.decide()
}

// parser is a cursor over a request body.
type parser struct {
	b []byte
	i int
}

func (p *parser) decide() (tableenv.Live, error) {
	live := tableenv.Live{Config: map[string]float64{}, Context: map[string]float64{}, Metrics: map[string]float64{}}
	seen := [3]bool{}
	err := p.object("", func(key string) error {
		g := -1
		for i, name := range decideGroups {
			if key == name {
				g = i
			}
		}
		if g < 0 {
			return badRequest(key, "unknown field%s (fields: config, context, metrics)", dataset.DidYouMean(key, decideGroups))
		}
		if seen[g] {
			return badRequest(key, "given twice")
		}
		seen[g] = true
		dst := [3]map[string]float64{live.Config, live.Context, live.Metrics}[g]
		return p.object(key, func(name string) error {
			field := key + "." + name
			if _, dup := dst[name]; dup {
				return badRequest(field, "given twice")
			}
			if len(dst) == maxEntries {
				return badRequest(key, "more than %d values", maxEntries)
			}
			v, err := p.number(field)
			dst[name] = v
			return err
		})
	})
	if err != nil {
		return live, err
	}
	if p.ws(); p.i < len(p.b) {
		return live, badRequest("", "trailing data after the request's object")
	}
	if !seen[0] {
		return live, badRequest("config", "missing")
	}
	return live, nil
}

// ws skips whitespace.
func (p *parser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// object reads an object at field, calling member after each key with the
// cursor on its value.
func (p *parser) object(field string, member func(key string) error) error {
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		what := "the request"
		if field != "" {
			what = "it"
		}
		return p.wrongType(field, fmt.Sprintf("want %s to be an object", what))
	}
	p.i++
	for first := true; ; first = false {
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == '}' && first {
			p.i++
			return nil
		}
		key, err := p.str(field)
		if err != nil {
			return err
		}
		if err := p.expect(field, ':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.b) {
			return p.early(field)
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.syntax(field, "after a value")
		}
	}
}

func (p *parser) expect(field string, c byte) error {
	p.ws()
	if p.i >= len(p.b) {
		return p.early(field)
	}
	if p.b[p.i] != c {
		return p.syntax(field, fmt.Sprintf("where %q belongs", c))
	}
	p.i++
	return nil
}

// str reads a key. Keys with escapes or that are not valid UTF-8 are
// decoded by encoding/json, as any JSON reader would decode them.
func (p *parser) str(field string) (string, error) {
	if p.i >= len(p.b) {
		return "", p.early(field)
	}
	if p.b[p.i] != '"' {
		return "", p.syntax(field, "where a key belongs")
	}
	start, plain := p.i, true
	for p.i++; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '\\':
			plain = false
			p.i++
		case c < 0x20:
			return "", p.syntax(field, "in a key")
		case c >= utf8.RuneSelf:
			plain = false
		case c == '"':
			p.i++
			raw := p.b[start:p.i]
			if plain {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", badRequest(field, "bad JSON: a key: %v", err)
			}
			return s, nil
		}
	}
	return "", p.early(field)
}

// number reads a finite JSON number.
func (p *parser) number(field string) (float64, error) {
	p.ws()
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	n := digits()
	ok := n > 0 && !(n > 1 && p.b[p.i-n] == '0')
	if ok && p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		ok = digits() > 0
	}
	if ok && p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		ok = digits() > 0
	}
	if !ok {
		p.i = start
		return 0, p.wrongType(field, "want a number")
	}
	v, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		return 0, badRequest(field, "%s is not a finite number", p.b[start:p.i])
	}
	return v, nil
}

// wrongType refuses the value at the cursor, saying what it is.
func (p *parser) wrongType(field, want string) error {
	if p.i >= len(p.b) {
		return p.early(field)
	}
	kind := map[byte]string{'"': "a string", '[': "an array", '{': "an object", 't': "a boolean", 'f': "a boolean", 'n': "null (a missing value)"}[p.b[p.i]]
	if kind == "" && (p.b[p.i] == '-' || p.b[p.i] >= '0' && p.b[p.i] <= '9') {
		kind = "a malformed number"
	}
	if kind == "" {
		return p.syntax(field, "")
	}
	return badRequest(field, "%s, got %s", want, kind)
}

func (p *parser) early(field string) error {
	return badRequest(field, "bad JSON: the request ends early")
}

func (p *parser) syntax(field, where string) error {
	c := p.b[p.i]
	if where != "" {
		where = " " + where
	}
	if c < 0x20 || c >= utf8.RuneSelf {
		return badRequest(field, "bad JSON: unexpected byte 0x%02x at offset %d%s", c, p.i, where)
	}
	return badRequest(field, "bad JSON: unexpected %q at offset %d%s", c, p.i, where)
}

// readError is a failure reading the body as its 4xx.
func readError(err error) error {
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mb):
		return &requestError{Status: 413, Msg: fmt.Sprintf("the request body is over the limit of %d bytes", mb.Limit)}
	case errors.As(err, &ne) && ne.Timeout():
		return &requestError{Status: 408, Msg: "the request body was not sent in time"}
	}
	return badRequest("", "reading the request body: %v", err)
}
