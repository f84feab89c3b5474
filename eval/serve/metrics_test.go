package serve

import "github.com/prometheus/client_golang/prometheus/testutil"

// reloadCount is the number of policy reloads tried.
func (m *metrics) reloadCount() float64 {
	var n float64
	for _, r := range []string{"ok", "failed"} {
		n += testutil.ToFloat64(m.reloads.WithLabelValues(r))
	}
	return n
}
