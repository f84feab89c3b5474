package synth

import (
	"math"
	"strconv"
)

// The columns of the TeaStore schema with the width each is right-aligned
// to, as in TeaStore's table. A wider value widens its cell: readers split on
// runs of spaces, so alignment is only for the eye.
var columns = [...]struct {
	name  string
	width int
}{
	{"re", 2}, {"heap", 4}, {"cpu", 4},
	{"inc_tps", 8}, {"out_tps", 8}, {"max_sess", 8}, {"curr_sess", 9},
	{"cpu", 8}, {"ram", 8}, {"cost", 8},
	{"goodness", 10}, {"reward", 10},
	{"re", 2}, {"heap", 4}, {"cpu", 5},
	{"actionstate", 15}, {"Qvalue", 9},
}

// line builds one line of the table, cell by cell.
type line struct {
	b   []byte
	col int
}

func (l *line) reset() { l.b, l.col = l.b[:0], 0 }

// cell appends s right-aligned to the next column's width.
func (l *line) cell(s []byte) {
	if l.col > 0 {
		l.b = append(l.b, ' ')
	}
	for range columns[l.col].width - len(s) {
		l.b = append(l.b, ' ')
	}
	l.b = append(l.b, s...)
	l.col++
}

func (l *line) integer(v int) {
	var buf [20]byte
	l.cell(strconv.AppendInt(buf[:0], int64(v), 10))
}

// float appends v with prec decimals; NaN is written nan, and a value that
// rounds to zero is written without a minus sign.
func (l *line) float(v float64, prec int) {
	var buf [32]byte
	if math.IsNaN(v) {
		l.cell(append(buf[:0], "nan"...))
		return
	}
	p := math.Pow10(prec)
	if math.Round(v*p) == 0 {
		v = 0
	}
	l.cell(strconv.AppendFloat(buf[:0], v, 'f', prec, 64))
}

// actionState appends <re>-<heap>-<cpu>-<action> of configuration c.
func (l *line) actionState(c config, a int) {
	var buf [24]byte
	b := strconv.AppendInt(buf[:0], int64(c.replicas()), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(c.heapMB()), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(c.millicores()), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(a), 10)
	l.cell(b)
}

func (l *line) end() { l.b = append(l.b, '\n') }

// header returns the header line.
func header() []byte {
	var l line
	for _, c := range columns {
		l.cell([]byte(c.name))
	}
	l.end()
	return l.b
}
