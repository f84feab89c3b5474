package dataset

import (
	"strconv"
	"strings"
	"unicode"
)

// Quote returns a name or cell taken from the data as it may stand in a
// message: as it is when it is plain (letters, digits, punctuation), and
// otherwise Go-quoted, so that a column named with a terminal escape
// sequence, a newline or a space shows as "\x1b[31m…" and can neither
// repaint the user's terminal nor pass for a different message. Every
// message that echoes a name or cell goes through Quote (or %q).
func Quote(s string) string {
	if s == "" || strings.ContainsAny(s, `"\`) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return strconv.Quote(s)
		}
	}
	return s
}

// QuoteList is names, each as Quote shows it, joined by ", ".
func QuoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}
