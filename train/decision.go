package train

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/tableenv"
)

// Decision is a greedy policy's choice in one recorded state. A policy that
// reads the drawn row's metrics may choose differently between rows of one
// configuration: Action is the most common choice and Share the fraction of
// the state's rows that choose it.
type Decision struct {
	State  int
	Action int
	Share  float64
}

// Decisions lists g's choice in every recorded state of m, in state order.
func Decisions(m *tableenv.Model, g Greedy) []Decision {
	out := make([]Decision, m.NumStates())
	counts := make([]int, m.NumActions())
	for s := range out {
		clear(counts)
		rows := m.StateRows(s)
		for _, r := range rows {
			counts[g.Act(m.Observation(int(r)))]++
		}
		best := Argmax(counts)
		out[s] = Decision{State: s, Action: best, Share: float64(counts[best]) / float64(len(rows))}
	}
	return out
}

// decisionsComment starts the comment line of a decision table that names
// the data it was made for: "# data_sha256: HEX, data: "NAME"" (the name
// quoted as Go quotes it, so no byte of it ends the line).
const decisionsComment = "# data_sha256: "

// DecisionsComment is the first line of a decision table made for the data
// named data of fingerprint dataSHA (dataset.Table.Fingerprint), newline
// included.
func DecisionsComment(data, dataSHA string) string {
	return decisionsComment + dataSHA + ", data: " + strconv.Quote(data) + "\n"
}

// ParseDecisionsComment reads the line DecisionsComment writes (without its
// newline); ok is false for any other line.
func ParseDecisionsComment(line string) (data, dataSHA string, ok bool) {
	rest, ok := strings.CutPrefix(line, decisionsComment)
	if !ok {
		return "", "", false
	}
	dataSHA, quoted, ok := strings.Cut(strings.TrimRight(rest, "\r"), ", data: ")
	if !ok {
		return "", "", false
	}
	data, err := strconv.Unquote(quoted)
	return data, dataSHA, err == nil && dataSHA != ""
}

// WriteDecisionsCSV writes DecisionsCSV's table to path, atomically.
func WriteDecisionsCSV(path string, m *tableenv.Model, ds []Decision, data, dataSHA string) error {
	b, err := DecisionsCSV(m, ds, data, dataSHA)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, b)
}

// DecisionsCSV encodes decisions as a table an operator can audit: a
// comment line naming the data and its fingerprint (DecisionsComment), then
// one row per configuration (and context), its knob values in the table's
// units, the action's name and its share.
func DecisionsCSV(m *tableenv.Model, ds []Decision, data, dataSHA string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(DecisionsComment(data, dataSHA))
	w := csv.NewWriter(&buf)
	header := make([]string, 0, len(m.Spec.Knobs)+len(m.Spec.Context)+2)
	for _, k := range m.Spec.Knobs {
		header = append(header, k.Name)
	}
	header = append(header, m.Spec.Context...)
	w.Write(append(header, "action", "share"))
	vals := make([]float64, 0, len(m.Spec.Knobs))
	for _, d := range ds {
		rec := rec(m.KnobValues(d.State, vals), m.StateContext(d.State))
		rec = append(rec, m.ActionNames[d.Action], strconv.FormatFloat(d.Share, 'f', 4, 64))
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func rec(groups ...[]float64) []string {
	var out []string
	for _, g := range groups {
		for _, v := range g {
			out = append(out, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	return out
}
