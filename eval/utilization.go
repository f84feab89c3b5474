package eval

import (
	"fmt"
	"math"

	"github.com/tablerl/tablerl/dataset"
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
}

// NewUtilization reads the metric (and, if limit is not "", the limit) column
// of t; scale converts the limit into the metric's unit.
func NewUtilization(t *dataset.Table, metric, limit string, scale float64) (Utilization, error) {
	u := Utilization{Scale: scale}
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
	l := u.Limit[r] * u.Scale
	if l == 0 {
		return math.NaN()
	}
	return u.Metric[r] / l
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
