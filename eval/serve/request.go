package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"

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

// parseDecide reads a decide request, {"config": {...}, "context": {...},
// "metrics": {...}}, token by token: the schema is two levels deep, so a
// value of the wrong shape is refused at its first token, whatever is
// nested under it. Every value must be a finite number; a key given twice,
// an unknown member, null and trailing data are errors naming the field.
func parseDecide(r io.Reader) (tableenv.Live, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	live := tableenv.Live{Config: map[string]float64{}, Context: map[string]float64{}, Metrics: map[string]float64{}}
	groups := map[string]map[string]float64{"config": live.Config, "context": live.Context, "metrics": live.Metrics}
	if err := expectObject(dec, ""); err != nil {
		return live, err
	}
	seen := map[string]bool{}
	for dec.More() {
		key, err := objectKey(dec, "")
		if err != nil {
			return live, err
		}
		dst, ok := groups[key]
		if !ok {
			return live, badRequest(key, "unknown field%s (fields: config, context, metrics)", dataset.DidYouMean(key, decideGroups))
		}
		if seen[key] {
			return live, badRequest(key, "given twice")
		}
		seen[key] = true
		if err := readNumbers(dec, key, dst); err != nil {
			return live, err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return live, syntaxError("", err)
	}
	switch _, err := dec.Token(); {
	case err == nil:
		return live, badRequest("", "trailing data after the request's object")
	case err != io.EOF:
		return live, syntaxError("", err)
	}
	if !seen["config"] {
		return live, badRequest("config", "missing")
	}
	return live, nil
}

// readNumbers reads an object of finite numbers into dst.
func readNumbers(dec *json.Decoder, group string, dst map[string]float64) error {
	if err := expectObject(dec, group); err != nil {
		return err
	}
	for dec.More() {
		key, err := objectKey(dec, group)
		if err != nil {
			return err
		}
		field := group + "." + key
		if _, dup := dst[key]; dup {
			return badRequest(field, "given twice")
		}
		if len(dst) == maxEntries {
			return badRequest(group, "more than %d values", maxEntries)
		}
		tok, err := dec.Token()
		if err != nil {
			return syntaxError(field, err)
		}
		n, ok := tok.(json.Number)
		if !ok {
			return badRequest(field, "want a number, got %s", tokenKind(tok))
		}
		v, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(v, 0) {
			return badRequest(field, "%s is not a finite number", n)
		}
		dst[key] = v
	}
	_, err := dec.Token()
	return syntaxError(group, err)
}

func expectObject(dec *json.Decoder, field string) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(field, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		what := "the request"
		if field != "" {
			what = "it"
		}
		return badRequest(field, "want %s to be an object, got %s", what, tokenKind(tok))
	}
	return nil
}

func objectKey(dec *json.Decoder, field string) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", syntaxError(field, err)
	}
	key, ok := tok.(string) // inside an object the decoder yields string keys
	if !ok {
		return "", badRequest(field, "want a key, got %s", tokenKind(tok))
	}
	return key, nil
}

func tokenKind(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null (a missing value)"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return "an object"
	}
	return fmt.Sprintf("%T", tok)
}

// syntaxError is a decoder's error at field as a 400 (413 when the body
// limit cut it).
func syntaxError(field string, err error) error {
	if err == nil {
		return nil
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &requestError{Status: 413, Field: field, Msg: fmt.Sprintf("the request body is over the limit of %d bytes", mb.Limit)}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return badRequest(field, "bad JSON: the request ends early")
	}
	var re *requestError
	if errors.As(err, &re) {
		return re
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &requestError{Status: 408, Field: field, Msg: "the request body was not sent in time"}
	}
	return badRequest(field, "bad JSON: %v", err)
}
