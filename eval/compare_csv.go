package eval

import (
	"bufio"
	"encoding/csv"
	"strconv"

	"github.com/tablerl/tablerl/internal/atomicfile"
)

// WriteComparisonCSV writes a comparison as CSV, a row per policy, atomically.
// encoding/csv rather than gocsv: the metric columns are the spec's, so the
// row is not a fixed struct. Unknown values (a metric no step measured, a
// p-value of one episode) are empty cells.
func WriteComparisonCSV(path string, c *Comparison) error {
	return atomicfile.Write(path, func(bw *bufio.Writer) error {
		w := csv.NewWriter(bw)
		header := []string{"policy", "mean_return", "ci95", "pct_of_optimal", "normalized_score", "invalid_rate"}
		for _, n := range c.MetricNames {
			header = append(header, "mean_"+n)
		}
		w.Write(append(header, "mean_diff_vs_first", "p_value_vs_first"))
		for _, p := range c.Policies {
			rec := []string{p.Name, num(p.MeanReturn), num(p.CI95), num(p.PctOfOptimal), num(p.NormalizedScore), num(p.InvalidRate)}
			for _, v := range p.Metrics {
				rec = append(rec, num(v))
			}
			w.Write(append(rec, num(p.Paired.MeanDiff), num(p.Paired.P)))
		}
		w.Flush()
		return w.Error()
	})
}

func num(v float64) string {
	if v != v {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
