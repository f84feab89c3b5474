package eval

import (
	"fmt"
	"math"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// Utilization reads a utilization from the table row in force: Metric over
// Limit × Scale, or Metric itself when there is no limit column. On TeaStore
// tables cpu.1 is the CPU a replica uses, in cores, and cpu its limit in
// millicores, so cpu.1 / (cpu × 0.001) is the share of the limit in use — the
// utilization a Kubernetes HPA or a CloudWatch alarm acts on.
type Utilization struct {
	Metric []float64 // per row; NaN where null
	Limit  []float64 // per row, or nil
	Scale  float64
	// MetricName and LimitName are the columns, for live decisions: the
	// metric is read from the live metrics, the limit from the live
	// configuration when it is a knob's column (TeaStore's cpu), else from
	// the metrics.
	MetricName, LimitName string
	// LimitKnob is the knob whose column is LimitName, or "".
	LimitKnob string
}

// NewUtilization reads the metric (and, if limit is not "", the limit) column
// of t; scale converts the limit into the metric's unit.
func NewUtilization(t *dataset.Table, metric, limit string, scale float64) (Utilization, error) {
	u := Utilization{Scale: scale, MetricName: metric, LimitName: limit}
	var err error
	if u.Metric, err = floats(t, metric); err != nil {
		return u, err
	}
	if limit != "" {
		if u.Limit, err = floats(t, limit); err != nil {
			return u, err
		}
	}
	return u, nil
}

// At is the utilization of row r: NaN where a cell is null or the limit is 0.
func (u Utilization) At(r int) float64 {
	if u.Limit == nil {
		return u.Metric[r]
	}
	return u.of(u.Metric[r], u.Limit[r])
}

func (u Utilization) of(metric, limit float64) float64 {
	l := limit * u.Scale
	if l == 0 {
		return math.NaN()
	}
	return metric / l
}

// Live is the utilization of a live situation (see LimitName); a metric
// missing or not finite is a *tableenv.LiveError naming it.
func (u Utilization) Live(l tableenv.Live) (float64, error) {
	metric, err := l.Metric(u.MetricName)
	if err != nil || u.LimitName == "" {
		return metric, err
	}
	if u.LimitKnob != "" {
		return u.of(metric, l.Config[u.LimitKnob]), nil // Place checked the configuration
	}
	limit, err := l.Metric(u.LimitName)
	if err != nil {
		return 0, err
	}
	return u.of(metric, limit), nil
}

// liveMetrics are the metrics Live reads.
func (u Utilization) liveMetrics() []string {
	if u.LimitName == "" || u.LimitKnob != "" {
		return []string{u.MetricName}
	}
	return []string{u.MetricName, u.LimitName}
}

// limitKnob is the knob of m whose column is the limit, or "".
func limitKnob(m *tableenv.Model, limit string) string {
	for _, k := range m.Spec.Knobs {
		if limit != "" && k.Column == limit {
			return k.Name
		}
	}
	return ""
}

// floats copies a numeric column out of the Arrow table, nulls as NaN.
func floats(t *dataset.Table, name string) ([]float64, error) {
	col, err := t.Float64(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPolicyArg, err)
	}
	out := make([]float64, col.Len())
	for i := range out {
		if col.IsNull(i) {
			out[i] = math.NaN()
		} else {
			out[i] = col.Value(i)
		}
	}
	return out, nil
}
