package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/tablerl/tablerl/tableenv"
)

// writeJSON prints v as the command's one JSON object, a NaN or infinite
// number as null (finiteJSON): JSON has neither.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		var ue *json.UnsupportedValueError
		if !errors.As(err, &ue) {
			return err
		}
		buf.Reset()
		if err := enc.Encode(finiteJSON(reflect.ValueOf(v))); err != nil {
			return err
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// known is v, or nil (JSON null) where v is NaN or infinite: JSON has
// neither.
func known(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// percent prints a percentage with prec decimals, or "n/a" where it is
// undefined (NaN).
func percent(v float64, prec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f%%", prec, v)
}

// number prints v with prec decimals, or "n/a" where it is undefined (NaN).
func number(v float64, prec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f", prec, v)
}

// metricText prints a metric of a step, "-" where it was not measured (an
// invalid move, or a null cell).
func metricText(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4g", v)
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
