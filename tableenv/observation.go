package tableenv

import (
	"fmt"
	"math"

	"github.com/tablerl/tablerl/dataset"
)

// buildObservations precomputes every row's observation — knob levels (1..n),
// observe columns, context values — and metrics, so a step copies a slice
// instead of reading columns. A null observe cell is replaced by its column's
// mean: learners cannot take NaN, and the mean is the least informative value.
func (m *Model) buildObservations(t *dataset.Table, s *dataset.Spec) error {
	nk, no, nc := len(s.Knobs), len(s.Observe), len(s.Context)
	m.obsDim = nk + no + nc
	m.ObsNames = m.ObsNames[:0]
	for _, k := range s.Knobs {
		m.ObsNames = append(m.ObsNames, k.Name)
	}
	m.ObsNames = append(m.ObsNames, s.Observe...)
	m.ObsNames = append(m.ObsNames, s.Context...)

	m.obs = make([]float64, m.nRows*m.obsDim)
	for r := 0; r < m.nRows; r++ {
		o := m.obs[r*m.obsDim:]
		for k, l := range m.StateLevels(int(m.rowState[r])) {
			o[k] = float64(l + 1)
		}
		copy(o[nk+no:nk+no+nc], m.StateContext(int(m.rowState[r])))
	}
	for j, name := range s.Observe {
		vals, err := meanFilled(t, name)
		if err != nil {
			return &dataset.SpecError{File: s.File, Key: fmt.Sprintf("observe[%d]", j), Err: err}
		}
		for r, v := range vals {
			m.obs[r*m.obsDim+nk+j] = v
		}
	}
	m.ObsMean = make([]float64, m.obsDim)
	m.ObsStd = make([]float64, m.obsDim)
	for d := 0; d < m.obsDim; d++ {
		var sum, sq float64
		for r := 0; r < m.nRows; r++ {
			sum += m.obs[r*m.obsDim+d]
		}
		mean := sum / float64(m.nRows)
		for r := 0; r < m.nRows; r++ {
			x := m.obs[r*m.obsDim+d] - mean
			sq += x * x
		}
		m.ObsMean[d] = mean
		m.ObsStd[d] = math.Sqrt(sq / float64(m.nRows))
		if m.ObsStd[d] < 1e-12 {
			m.ObsStd[d] = 1
		}
	}

	nm := len(m.MetricNames)
	m.metrics = make([]float64, m.nRows*nm)
	for j, name := range m.MetricNames {
		col, err := t.Float64(name)
		if err != nil {
			return &dataset.SpecError{File: s.File, Key: fmt.Sprintf("metrics[%d]", j), Err: err}
		}
		for r := 0; r < m.nRows; r++ {
			v := math.NaN()
			if !col.IsNull(r) {
				v = col.Value(r)
			}
			m.metrics[r*nm+j] = v
		}
	}
	return nil
}

// meanFilled reads a numeric column with nulls replaced by the mean of the rest.
func meanFilled(t *dataset.Table, name string) ([]float64, error) {
	col, err := t.Float64(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, col.Len())
	var sum float64
	n := 0
	for i := range out {
		if col.IsNull(i) || math.IsNaN(col.Value(i)) {
			out[i] = math.NaN()
			continue
		}
		out[i] = col.Value(i)
		sum += out[i]
		n++
	}
	mean := 0.0
	if n > 0 {
		mean = sum / float64(n)
	}
	for i, v := range out {
		if math.IsNaN(v) {
			out[i] = mean
		}
	}
	return out, nil
}
