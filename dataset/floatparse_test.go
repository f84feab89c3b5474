package dataset

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// checkParseFloat compares parseFloat with strconv.ParseFloat on s: the same
// bits where strconv reads a number (ErrRange included), no number where it
// does not.
func checkParseFloat(t *testing.T, s string) {
	t.Helper()
	want, err := strconv.ParseFloat(s, 64)
	wantOK := err == nil || errors.Is(err, strconv.ErrRange)
	got, ok := parseFloat([]byte(s))
	if ok != wantOK {
		t.Fatalf("parseFloat(%q): ok %v, strconv says %v", s, ok, err)
	}
	if ok && math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
		t.Fatalf("parseFloat(%q) = %v (%#x), strconv %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

func TestParseFloatEdges(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "+0", "0.0", "-0.0", "00", "0e0", "-0e999999999999", "0e-5",
		"1", "-1", "+1", "1.", ".1", "-.1", "+.1e1", "01.10",
		"1e22", "1e23", "1e-22", "1e-23", "123456789012345e22", "1e37", "1e38", "9e37",
		"9007199254740991", "9007199254740992", "9007199254740993", "18014398509481985",
		"1234567890123456789", "12345678901234567890", "99999999999999999999", "1000000000000000000000",
		"0.1", "0.2", "0.3", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "5e-325",
		"1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309",
		"179.5449", "-179.5449", "0.2353", "831.089", "0.50",
		"inf", "-Inf", "+INFINITY", "nan", "NaN", "-nan", "+nan", "0x1p-2", "0x1.8p1", "0X10", "1_000", "0x_1p0",
		"", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "1e+-5", "1.2.3", "1..2", "--1", "1-", " 1", "1 ",
		"1,5", "١", "1e10000000000000000000", "0.000000000000000000000000000001e30",
	} {
		checkParseFloat(t, s)
	}
}

func TestParseFloatRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	for range 200000 {
		var s string
		switch rng.IntN(4) {
		case 0: // decimal: sign, digits with a point somewhere, exponent
			s = digits(1 + rng.IntN(25))
			if rng.IntN(2) == 0 {
				p := rng.IntN(len(s) + 1)
				s = s[:p] + "." + s[p:]
			}
			if rng.IntN(3) == 0 {
				s += "e" + strconv.Itoa(rng.IntN(80)-40)
			}
			if rng.IntN(2) == 0 {
				s = "-" + s
			}
		case 1: // a random float64's shortest form
			s = strconv.FormatFloat(math.Float64frombits(rng.Uint64()), 'g', -1, 64)
		case 2: // a float64 at a random precision
			f := (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
			s = strconv.FormatFloat(f, "efg"[rng.IntN(3)], rng.IntN(20)-1, 64)
		case 3: // a metric-like value
			s = strconv.FormatFloat(rng.Float64()*2000-1000, 'f', rng.IntN(6), 64)
		}
		checkParseFloat(t, s)
	}
}

// FuzzParseFloat: the fast parser agrees with strconv on every input, and so
// does a whitespace and a CSV table of one such cell.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"0", "-0.0", "1e22", "9007199254740993", "179.5449", "nan", "1e400", ".5", "0x1p3", "1_0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParseFloat(t, s)
		if s == "" || strings.ContainsAny(s, " \t\r\n\v\f\",") {
			return // not a single field
		}
		want, err := strconv.ParseFloat(s, 64)
		isNum := (err == nil || errors.Is(err, strconv.ErrRange)) && !math.IsNaN(want)
		for _, format := range []Format{FormatWhitespace, FormatCSV} {
			tb, err := Read(strings.NewReader("x\n"+s+"\n"), "fuzz", LoadOptions{Format: format})
			if err != nil {
				t.Fatalf("%v: %q: %v", format, s, err)
			}
			switch col := tb.Record.Column(0).(type) {
			case interface {
				IsValid(int) bool
				Value(int) float64
			}:
				if isNum && math.Float64bits(col.Value(0)) != math.Float64bits(want) || !isNum && col.IsValid(0) {
					t.Fatalf("%v: %q read as %v (valid %v), strconv: %v, %v", format, s, col.Value(0), col.IsValid(0), want, err)
				}
			case interface{ Value(int) string }:
				if isNum || col.Value(0) != s {
					t.Fatalf("%v: %q read as text %q", format, s, col.Value(0))
				}
			}
			tb.Release()
		}
	})
}

var parseSink float64

func BenchmarkParseFloat(b *testing.B) {
	cells := [][]byte{[]byte("831.089"), []byte("-179.5449"), []byte("0.2353"), []byte("500"), []byte("3"),
		[]byte("-0.6301"), []byte("12345.678901"), []byte("1e-5")}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range cells {
				v, _ := parseFloat(c)
				parseSink += v
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range cells {
				v, _ := strconv.ParseFloat(string(c), 64)
				parseSink += v
			}
		}
	})
}
