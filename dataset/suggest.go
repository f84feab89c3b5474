package dataset

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Closest returns the name among known nearest to name, for a "did you
// mean" in an error message, and false when none is near enough to be a
// likely typo. It lives here, in the package every other depends on, so that
// spec keys and column names here, and commands, flags, algorithms and
// policy kinds above, all suggest alike.
//
// Nearness is the optimal-string-alignment distance (a swap of neighbouring
// letters counts once, as in "tarin") over lower-cased names; a name is near
// enough within one edit per four letters, and always within one.
func Closest(name string, known []string) (string, bool) {
	if name == "" {
		return "", false
	}
	lname := strings.ToLower(name)
	limit := 1 + utf8.RuneCountInString(name)/4
	best, bestD := "", limit+1
	for _, k := range known {
		if k == name {
			continue
		}
		if d := editDistance(lname, strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best, best != ""
}

// DidYouMean is " (did you mean "x"?)" for the name Closest finds, or "".
func DidYouMean(name string, known []string) string {
	if k, ok := Closest(name, known); ok {
		return fmt.Sprintf(" (did you mean %q?)", k)
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of neighbours.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows suffice: the swap looks two rows back.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
