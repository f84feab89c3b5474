package dataset

import "strconv"

// dedupNames makes header names unique as pandas' read_csv does (pandas 2's
// header mangling), so that a column has the name analyses written against
// pandas use: the second "cpu" is "cpu.1", the third "cpu.2". An empty name
// is "Unnamed: i" (i 0-based). A mangled name skips names present in the
// header ("a", "a", "a.1" gives "a", "a.2", "a.1"), and unnamed columns are
// mangled after the named ones, which keep their names.
func dedupNames(header []string) []string {
	names := make([]string, len(header))
	// present counts the names as they stand: pandas tests a candidate
	// against the header as renamed so far.
	present := make(map[string]int, len(header))
	var named, unnamed []int
	for i, h := range header {
		if h == "" {
			h = "Unnamed: " + strconv.Itoa(i)
			unnamed = append(unnamed, i)
		} else {
			named = append(named, i)
		}
		names[i] = h
		present[h]++
	}
	counts := make(map[string]int, len(header))
	for _, i := range append(named, unnamed...) {
		old := names[i]
		col, cur := old, counts[old]
		for cur > 0 {
			counts[old] = cur + 1
			col = old + "." + strconv.Itoa(cur)
			if present[col] > 0 {
				cur++
			} else {
				cur = counts[col]
			}
		}
		if col != old {
			present[old]--
			present[col]++
			names[i] = col
		}
		counts[col] = cur + 1
	}
	return names
}
