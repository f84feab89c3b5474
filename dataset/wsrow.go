package dataset

// addLine appends the row of whitespace text in line, read at lineNo, and
// returns its number of fields. Unless that is len(b.cols) (or 0, a blank
// line) the row is incomplete and the table must be given up.
//
// It is the loader's hot loop, so it tokenizes and parses in one pass: a
// short plain decimal ([-]digits[.digits], at most 15 digits) is converted
// as it is scanned, exactly, since its digits make an integer below 2^53 and
// it is divided by an exact power of ten at most 10^15: one correctly rounded
// operation on exact operands. Any other cell goes to cell. (Word-at-a-time
// variants — SWAR digit parsing, a separator bitmap — measured slower on
// TeaStore's short fields than this plain loop.)
func (b *tableBuilder) addLine(line []byte, lineNo int) int {
	cols := b.cols
	k := 0
	i, n := 0, len(line)
	for {
		for i < n && isSep[line[i]] {
			i++
		}
		if i == n {
			break
		}
		start := i
		if k < len(cols) && !cols[k].text {
			neg := line[i] == '-'
			if neg {
				i++
			}
			var m uint64
			digits, dot := 0, -1
			for ; i < n; i++ {
				c := line[i]
				if d := c - '0'; d < 10 {
					m = m*10 + uint64(d)
					digits++
					continue
				}
				if c == '.' && dot < 0 {
					dot = digits
					continue
				}
				break
			}
			if uint(digits-1) < 15 && (i == n || isSep[line[i]]) {
				f := float64(m)
				if dot >= 0 {
					f /= float64pow10[digits-dot]
				}
				if neg {
					f = -f
				}
				b.push(&cols[k], f)
				k++
				continue
			}
		}
		for i < n && !isSep[line[i]] {
			i++
		}
		if k < len(cols) {
			b.cell(k, line[start:i], lineNo)
		}
		k++
	}
	if k == len(cols) {
		b.lines = append(b.lines, int32(lineNo))
	}
	return k
}
