package dataset

import (
	"errors"
	"math"
	"strconv"
)

// float64pow10 are the powers of ten that float64 holds exactly.
var float64pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
	1e20, 1e21, 1e22,
}

// parseFloat parses b as strconv.ParseFloat(string(b), 64) would, bit for bit,
// and reports whether b is a number. An overflowing number is a number (±Inf),
// as strconv returns it with ErrRange.
//
// Metric tables are mostly short plain decimals ("0.2353", "-179.5449"), and
// strconv.ParseFloat, which must handle every syntax, spends most of a table's
// load time on them. Those the fast path below takes are converted exactly:
// with at most 19 significant digits the mantissa m is an exact uint64, and
// when m ≤ 2^53 and the decimal exponent e is small, m and 10^|e| are exact
// float64s, so the one IEEE multiplication or division rounds correctly
// (Clinger's fast path, as strconv's atof64exact). Anything else — more
// digits, big exponents, inf, hex, underscores, syntax errors — is left to
// strconv.
func parseFloat(b []byte) (float64, bool) {
	if f, ok := parseFloatFast(b); ok {
		return f, true
	}
	// string(b) does not allocate: ParseFloat does not keep its argument (its
	// errors clone it).
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true
}

// parseFloatFast converts a plain decimal — [+-]digits[.digits][(e|E)[+-]digits]
// with at least one mantissa digit — where that can be done exactly, and
// reports false otherwise (not a plain decimal, or not exactly convertible).
func parseFloatFast(b []byte) (float64, bool) {
	i := 0
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i++
	}
	// The mantissa, as strconv's readFloat: leading zeros skipped, up to 19
	// digits kept; nd counts significant digits, dp is the decimal point's
	// place among them.
	var mant uint64
	nd, ndMant, dp := 0, 0, 0
	sawDot, sawDigit, trunc := false, false, false
	for ; i < len(b); i++ {
		c := b[i]
		if d := c - '0'; d < 10 {
			sawDigit = true
			if d == 0 && nd == 0 {
				dp-- // a leading zero: only moves the point
				continue
			}
			nd++
			if ndMant < 19 {
				mant = mant*10 + uint64(d)
				ndMant++
			} else if d != 0 {
				trunc = true
			}
			continue
		}
		if c == '.' && !sawDot {
			sawDot = true
			dp = nd
			continue
		}
		break
	}
	if !sawDigit {
		return 0, false
	}
	if !sawDot {
		dp = nd
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i >= len(b) {
			return 0, false
		}
		esign := 1
		if b[i] == '+' || b[i] == '-' {
			if b[i] == '-' {
				esign = -1
			}
			i++
		}
		if i >= len(b) || b[i]-'0' >= 10 {
			return 0, false
		}
		e := 0
		for ; i < len(b) && b[i]-'0' < 10; i++ {
			if e < 10000 { // beyond, the number is 0 or Inf: strconv's business
				e = e*10 + int(b[i]-'0')
			}
		}
		dp += e * esign
	}
	if i != len(b) || trunc {
		return 0, false
	}
	if mant == 0 {
		if neg {
			return negZero, true
		}
		return 0, true
	}
	if mant>>53 != 0 {
		return 0, false
	}
	f := float64(mant)
	if neg {
		f = -f
	}
	switch exp := dp - ndMant; {
	case exp == 0:
		return f, true
	case exp > 0 && exp <= 15+22:
		// A big exponent with few digits: move some zeros into the still
		// exact integer part first.
		if exp > 22 {
			f *= float64pow10[exp-22]
			exp = 22
		}
		if f > 1e15 || f < -1e15 {
			return 0, false
		}
		return f * float64pow10[exp], true
	case exp < 0 && exp >= -22:
		return f / float64pow10[-exp], true
	}
	return 0, false
}

// negZero is −0, which a constant expression cannot spell.
var negZero = math.Copysign(0, -1)
