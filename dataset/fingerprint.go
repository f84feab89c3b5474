package dataset

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// fingerprintMagic starts the bytes Fingerprint hashes, naming their layout.
const fingerprintMagic = "tablerl-table-v1\n"

// Fingerprint is the sha256, in hex, of the table's content: its column
// names and values in order, whatever file format they were read from. The
// same data as whitespace text, CSV (LF or CRLF) or Parquet has one
// fingerprint, so a policy made for it is recognized in any of them; a
// changed name or value gives another.
//
// Each column is hashed as its name, its kind (number or text) and its
// cells. A null and a NaN are the same missing number (the readers read
// "nan" as null), and −0 is 0.
func (t *Table) Fingerprint() string {
	h := sha256.New()
	var buf []byte
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	str := func(s string) {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = append(buf, fingerprintMagic...)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(t.Record.NumCols()))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(t.Record.NumRows()))
	for i, f := range t.Record.Schema().Fields() {
		str(f.Name)
		switch col := t.Record.Column(i).(type) {
		case *array.Float64:
			buf = append(buf, 'f')
			for r := range col.Len() {
				v := col.Value(r)
				switch {
				case col.IsNull(r) || math.IsNaN(v):
					buf = append(buf, 0)
				default:
					buf = append(buf, 1)
					buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v+0)) // −0 + 0 is +0
				}
				if len(buf) >= 1<<16 {
					flush()
				}
			}
		case *array.String:
			buf = append(buf, 's')
			for r := range col.Len() {
				if col.IsNull(r) {
					buf = append(buf, 0)
				} else {
					buf = append(buf, 1)
					str(col.Value(r))
				}
				if len(buf) >= 1<<16 {
					flush()
				}
			}
		default:
			// The readers make only the two kinds; another is hashed by its
			// type's name, so it can never collide with them.
			str(col.DataType().String())
		}
	}
	flush()
	return hex.EncodeToString(h.Sum(nil))
}
