package tableenv

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
)

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// csvModel indexes a CSV table under a YAML spec, both given as text.
func csvModel(t *testing.T, name, csv, spec string) *Model {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader(csv), name+".csv", dataset.LoadOptions{Format: dataset.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	s, err := dataset.ParseSpec([]byte(spec), name+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(tbl, s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
