package dataset

import (
	"reflect"
	"strings"
	"testing"
)

func TestDedupNames(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"re heap cpu inc_tps out_tps max_sess curr_sess cpu ram cost goodness reward re heap cpu actionstate Qvalue",
			"re heap cpu inc_tps out_tps max_sess curr_sess cpu.1 ram cost goodness reward re.1 heap.1 cpu.2 actionstate Qvalue"},
		{"a a b b b", "a a.1 b b.1 b.2"},
		{"a b a", "a b a.1"},
		// pandas' test_thorough_mangle_columns and
		// test_mangle_dupe_cols_already_exists: a mangled name skips the
		// names the header has.
		{"a a a.1", "a a.2 a.1"},
		{"a a a.1 a.1.1 a.1.1.1 a.1.1.1.1", "a a.2 a.1 a.1.1 a.1.1.1 a.1.1.1.1"},
		{"a a a.3 a.1 a.2 a a", "a a.4 a.3 a.1 a.2 a.5 a.6"},
		{"a a a.1 a a.3 a.1 a.1.1", "a a.2 a.1 a.4 a.3 a.1.2 a.1.1"},
		{"x", "x"},
	} {
		got := dedupNames(strings.Fields(c.header))
		if want := strings.Fields(c.want); !reflect.DeepEqual(got, want) {
			t.Errorf("dedupNames(%s) = %v, want %v", c.header, got, want)
		}
	}
	// Unnamed columns are named by position, and mangled after the others.
	got := dedupNames([]string{"", "Unnamed: 0", "b", ""})
	want := []string{"Unnamed: 0.1", "Unnamed: 0", "b", "Unnamed: 3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unnamed: got %q, want %q", got, want)
	}
}

func TestReadDedupsHeader(t *testing.T) {
	for _, f := range []Format{FormatWhitespace, FormatCSV} {
		src := "cpu cpu cpu.1 cpu\n1 2 3 4\n"
		if f == FormatCSV {
			src = strings.ReplaceAll(src, " ", ",")
		}
		tb := readString(t, src, "d", f)
		if got, want := tb.Names(), []string{"cpu", "cpu.2", "cpu.1", "cpu.3"}; !reflect.DeepEqual(got, want) {
			t.Errorf("%v: names %v, want %v", f, got, want)
		}
		if got := floats(t, tb, "cpu.1"); got[0] != 3 {
			t.Errorf("%v: cpu.1 = %v, want the third column", f, got)
		}
		tb.Release()
	}
}
