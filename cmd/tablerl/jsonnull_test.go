package main

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/tablerl/tablerl/train"
)

type jsonInner struct {
	X float64 `json:"x"`
}

type jsonOuter struct {
	jsonInner
	B      float64            `json:"b"`
	A      *float64           `json:"a"`
	Skip   float64            `json:"-"`
	Empty  []float64          `json:"empty,omitempty"`
	List   []float64          `json:"list"`
	Map    map[string]float64 `json:"map"`
	Curve  []train.CurvePoint `json:"curve"`
	Plain  string
	hidden float64
}

// TestWriteJSONNonFinite: NaN and ±Inf anywhere in a report come out null,
// with the fields in order, and a report without them is encoding/json's
// own output, byte for byte.
func TestWriteJSONNonFinite(t *testing.T) {
	inf := math.Inf(1)
	v := jsonOuter{jsonInner: jsonInner{X: math.NaN()}, B: 2, A: &inf, Skip: math.NaN(), List: []float64{1, math.Inf(-1)},
		Map:   map[string]float64{"q": math.NaN(), "p": 3},
		Curve: []train.CurvePoint{{Step: 1, MeanReturn: inf, PctOptimal: math.NaN()}}, Plain: "s", hidden: math.NaN()}
	var buf bytes.Buffer
	if err := writeJSON(&buf, v); err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, buf.Bytes()); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	want := `{"x":null,"b":2,"a":null,"list":[1,null],"map":{"p":3,"q":null},` +
		`"curve":[{"step":1,"mean_episode_return":null,"greedy_return":0,"pct_of_optimal":null,"loss":0}],"Plain":"s"}`
	if compact.String() != want {
		t.Fatalf("got  %s\nwant %s", compact.String(), want)
	}
	// Finite: the same bytes as encoding/json.
	v.X, v.A, v.List[1], v.Map["q"], v.Curve = 1, nil, 2, 4, nil
	buf.Reset()
	if err := writeJSON(&buf, v); err != nil {
		t.Fatal(err)
	}
	plain, _ := json.MarshalIndent(v, "", "  ")
	walked, _ := json.Marshal(finiteJSON(reflect.ValueOf(v)))
	var a, b bytes.Buffer
	json.Compact(&a, plain)
	json.Compact(&b, walked)
	if buf.String() != string(plain)+"\n" || a.String() != b.String() {
		t.Fatalf("finite report: writeJSON %s, encoding/json %s, walked %s", buf.String(), plain, walked)
	}
}
