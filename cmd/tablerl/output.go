package main

import (
	"encoding/json"
	"io"
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// writeJSON prints v as the command's one JSON object.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// known is v, or nil (JSON null) where v is NaN.
func known(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// knobsByName names a configuration's knob values, for JSON.
func knobsByName(m *tableenv.Model, vals []float64) map[string]float64 {
	out := make(map[string]float64, len(vals))
	for k, v := range vals {
		out[m.Spec.Knobs[k].Name] = v
	}
	return out
}

// metricsByName names a row's metric values, for JSON: a missing value (NaN)
// is null, as JSON has no NaN.
func metricsByName(m *tableenv.Model, vals []float64) map[string]*float64 {
	out := make(map[string]*float64, len(vals))
	for j, v := range vals {
		out[m.MetricNames[j]] = known(v)
	}
	return out
}
