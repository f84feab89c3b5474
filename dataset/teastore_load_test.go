package dataset

import (
	"bufio"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/internal/teastore"
)

var teaStoreNames = strings.Fields("re heap cpu inc_tps out_tps max_sess curr_sess cpu.1 ram cost goodness reward re.1 heap.1 cpu.2 actionstate Qvalue")

func TestLoadTeaStore(t *testing.T) {
	path := teastore.Path(t)
	tb, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	if tb.NumRows() != 21168 {
		t.Errorf("%d rows, want 21168", tb.NumRows())
	}
	if got := tb.Names(); !reflect.DeepEqual(got, teaStoreNames) {
		t.Errorf("names %v,\nwant %v", got, teaStoreNames)
	}
	if !IsTeaStore(tb) {
		t.Error("IsTeaStore is false")
	}
	nulls := map[string]int{"inc_tps": 139, "out_tps": 160}
	for i, name := range teaStoreNames {
		col := tb.Record.Column(i)
		wantType := "float64"
		if name == "actionstate" {
			wantType = "utf8"
		}
		if col.DataType().String() != wantType {
			t.Errorf("%s is %s, want %s", name, col.DataType(), wantType)
		}
		if col.NullN() != nulls[name] {
			t.Errorf("%s has %d nulls, want %d", name, col.NullN(), nulls[name])
		}
	}
	if c := tb.NonNumeric["actionstate"]; c != (Cell{Line: 2, Column: 16, Text: "3-500-500-0"}) || len(tb.NonNumeric) != 1 {
		t.Errorf("NonNumeric = %+v", tb.NonNumeric)
	}
	if tb.Row(0) != 2 || tb.Row(21167) != 21169 {
		t.Errorf("rows at lines %d .. %d, want 2 .. 21169", tb.Row(0), tb.Row(21167))
	}
	if _, err := tb.Float64("actionstate"); err == nil || !strings.Contains(err.Error(), ":2: column 16 (actionstate)") {
		t.Errorf("Float64(actionstate): %v", err)
	}

	// Every cell against a reading by strings.Fields and strconv.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // the header
	cols := make([][]float64, len(teaStoreNames))
	var actions []string
	for sc.Scan() {
		for k, cell := range strings.Fields(sc.Text()) {
			if k == 15 {
				actions = append(actions, cell)
				continue
			}
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(v) {
				v = math.NaN()
			}
			cols[k] = append(cols[k], v)
		}
	}
	for k, name := range teaStoreNames {
		if k == 15 {
			if got := texts(t, tb, name); !reflect.DeepEqual(got, actions) {
				t.Errorf("actionstate differs from the file")
			}
			continue
		}
		if got := floats(t, tb, name); !sameFloats(got, cols[k]) {
			for i := range got {
				if !sameFloats(got[i:i+1], cols[k][i:i+1]) {
					t.Errorf("%s row %d = %v, want %v", name, i, got[i], cols[k][i])
					break
				}
			}
		}
	}
}

func TestRoundTripTeaStore(t *testing.T) {
	tb, err := Load(teastore.Path(t), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	roundTrip(t, tb)
}
