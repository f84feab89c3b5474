package serve

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"strings"
	"testing"
)

// FuzzParseDecide: any body parses or is refused with a 4xx naming what it
// can, never panics, and what parses holds finite numbers only and is what
// encoding/json reads from it: only valid JSON parses.
func FuzzParseDecide(f *testing.F) {
	for _, s := range []string{goodBody, `{}`, `{"config":{}}`, `[`, `{"config":{"a":1e999}}`, `{"config":{"a":"1"}}`,
		`{"config":{"a":1},"config":{}}`, `{"metrics":{"a":null}}`, `{"x":1}`, `{"config":{"a":[[[[]]]]}}`, `{"config":{"a":1}} x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		live, err := parseDecide(strings.NewReader(body))
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || re.Status < 400 || re.Status > 499 {
				t.Fatalf("%q: error %v is not a 4xx requestError", body, err)
			}
			return
		}
		for _, g := range []map[string]float64{live.Config, live.Context, live.Metrics} {
			if len(g) > maxEntries {
				t.Fatalf("%q: %d values", body, len(g))
			}
			for k, v := range g {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%q: %s = %v", body, k, v)
				}
			}
		}
		var ref map[string]map[string]float64
		if err := json.Unmarshal([]byte(body), &ref); err != nil {
			t.Fatalf("%q parses, but encoding/json refuses it: %v", body, err)
		}
		for name, g := range map[string]map[string]float64{"config": live.Config, "context": live.Context, "metrics": live.Metrics} {
			if !maps.Equal(g, ref[name]) && !(len(g) == 0 && len(ref[name]) == 0) {
				t.Fatalf("%q: %s %v, encoding/json reads %v", body, name, g, ref[name])
			}
		}
	})
}

// FuzzParseMetadata: any scalerMetadata entry parses or is refused, never
// panics, and what parses is finite.
func FuzzParseMetadata(f *testing.F) {
	f.Add("config.replicas", "3")
	f.Add("metrics.cpu.1", "NaN")
	f.Add("policy", "")
	f.Add("scalerAddress", "x:1")
	f.Add("context.", "1")
	f.Fuzz(func(t *testing.T, key, val string) {
		req, err := parseMetadata(map[string]string{"policy": "p", key: val})
		if err != nil {
			return
		}
		for _, g := range []map[string]float64{req.live.Config, req.live.Context, req.live.Metrics} {
			for k, v := range g {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%q=%q: %s = %v", key, val, k, v)
				}
			}
		}
	})
}
