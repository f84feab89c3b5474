package eval

import (
	"bufio"
	"encoding/csv"
	"strconv"

	"github.com/tablerl/tablerl/internal/atomicfile"
	"github.com/tablerl/tablerl/tableenv"
)

// ReplayHeader names a replay's columns: step, action, the knobs (in
// effect), under a dynamic spec the load and the knobs requested
// (DynamicNames), the metric columns, reward and cumulative reward.
func ReplayHeader(m *tableenv.Model) []string {
	h := []string{"step", "action"}
	h = append(h, m.KnobNames()...)
	h = append(h, DynamicNames(m)...)
	h = append(h, m.MetricNames...)
	return append(h, "reward", "return")
}

// ReplayRecord is a step as text in ReplayHeader's columns; an unmeasured
// metric (after an invalid move, or a null cell) is empty.
func ReplayRecord(s ReplayStep) []string {
	rec := []string{strconv.Itoa(s.Step), s.Action}
	for _, v := range s.Knobs {
		rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
	}
	for _, v := range s.Dynamic {
		rec = append(rec, num(v))
	}
	for _, v := range s.Metrics {
		rec = append(rec, num(v))
	}
	return append(rec, num(s.Reward), num(s.Return))
}

// WriteReplayCSV writes a replay as CSV, a row per step, atomically.
// encoding/csv rather than gocsv: the knob and metric columns are the spec's,
// so a row is not a fixed struct.
func WriteReplayCSV(path string, m *tableenv.Model, steps []ReplayStep) error {
	return atomicfile.Write(path, func(bw *bufio.Writer) error {
		w := csv.NewWriter(bw)
		w.Write(ReplayHeader(m))
		for _, s := range steps {
			w.Write(ReplayRecord(s))
		}
		w.Flush()
		return w.Error()
	})
}
