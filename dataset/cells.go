package dataset

// isNull reports whether a cell spells null: pandas' default na_values, and
// "nan" in any case, which strconv reads as NaN — so that a cell means the
// same in a numeric column and a text one.
func isNull(s []byte) bool {
	// Most cells are no null: tell by length and first byte before comparing.
	if len(s) > len("#N/A N/A") {
		return false
	}
	if len(s) > 0 {
		switch s[0] {
		case 'n', 'N', '-', '<', '#', '1':
		default:
			return false
		}
	}
	switch string(s) {
	case "", "nan", "NaN", "NAN", "-nan", "-NaN", "NA", "N/A", "n/a", "null", "NULL",
		"None", "<NA>", "#N/A", "#N/A N/A", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN":
		return true
	}
	return len(s) == 3 && s[0]|0x20 == 'n' && s[1]|0x20 == 'a' && s[2]|0x20 == 'n'
}

// trimSpace drops the spaces and tabs around s.
func trimSpace(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
