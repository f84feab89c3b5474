package tableenv

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

// observeCSV has a knob (re), a context column (region) and two observe
// columns: load repeats within some states, flat is constant per state; row
// 7's load is −0, bit-different from row 6's 0.
const observeCSV = `re,region,load,flat,gain
1,0,5,10,1
1,0,5,10,2
1,0,6,10,3
2,0,5,20,4
2,0,5,20,5
1,1,5,30,6
1,1,0,30,7
1,1,-0,30,8
2,1,7,40,9
2,1,,40,10
`

// observeModel indexes observeCSV with the observe columns given.
func observeModel(t *testing.T, observe string) *Model {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader(observeCSV), "observe.csv", dataset.LoadOptions{Format: dataset.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte(`
knobs: [{name: replicas, column: re}]
context: [region]
observe: `+observe+`
reward: {column: gain}
horizon: 3
`), "observe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDistinctObs(t *testing.T) {
	for _, tc := range []struct {
		observe  string
		distinct int
		vary     bool
	}{
		{"[]", 4, false},
		{"[flat]", 4, false},
		{"[load]", 8, true}, // 5,6 | 5 | 5,0,−0 | 7,mean
		{"[flat, load]", 8, true},
	} {
		t.Run(tc.observe, func(t *testing.T) {
			m := observeModel(t, tc.observe)
			if m.NumStates() != 4 {
				t.Fatalf("states = %d, want 4", m.NumStates())
			}
			if got := m.NumDistinctObs(); got != tc.distinct {
				t.Errorf("distinct observations = %d, want %d", got, tc.distinct)
			}
			if got := m.ObsVaryWithinStates(); got != tc.vary {
				t.Errorf("ObsVaryWithinStates = %v, want %v", got, tc.vary)
			}
			for r := 0; r < m.NumRows(); r++ {
				i := m.DistinctObsOf(r)
				if !slices.Equal(m.DistinctObs(i), m.Observation(r)) {
					t.Errorf("row %d: distinct observation %d is %v, the row's %v", r, i, m.DistinctObs(i), m.Observation(r))
				}
				if !tc.vary && i != m.StateOf(r) {
					t.Errorf("row %d: distinct observation %d, want its state %d", r, i, m.StateOf(r))
				}
				for q := 0; q < r; q++ {
					same := bitsEqual(m.Observation(q), m.Observation(r))
					if got := m.DistinctObsOf(q) == i; got != same {
						t.Errorf("rows %d and %d: same index %v, bit-identical observations %v", q, r, got, same)
					}
				}
			}
		})
	}
}

func bitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func TestTeaStoreDistinctObs(t *testing.T) {
	m := teaStoreModel(t)
	if !m.ObsVaryWithinStates() {
		t.Error("TeaStore's cpu and ram do not vary within states")
	}
	seen := map[string]int{}
	var b []byte
	for r := 0; r < m.NumRows(); r++ {
		b = b[:0]
		for _, v := range m.Observation(r) {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		key := string(b)
		i, ok := seen[key]
		if !ok {
			i = m.DistinctObsOf(r)
			seen[key] = i
		}
		if m.DistinctObsOf(r) != i {
			t.Fatalf("row %d: distinct observation %d, but an identical row has %d", r, m.DistinctObsOf(r), i)
		}
	}
	if got := m.NumDistinctObs(); got != len(seen) {
		t.Errorf("distinct observations = %d, want %d", got, len(seen))
	}
}
