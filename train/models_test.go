package train

import (
	"bytes"
	"testing"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/internal/teastore"
	"github.com/tablerl/tablerl/tableenv"
)

// teaStoreModel loads the shared TeaStore table under the built-in spec, or skips.
func teaStoreModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	tbl, err := dataset.Load(teastore.Path(tb), dataset.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return builtInModel(tb, tbl)
}

// demoModel loads the embedded demo table under the built-in spec.
func demoModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	tbl, err := dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		tb.Fatal(err)
	}
	return builtInModel(tb, tbl)
}

// builtInModel indexes tbl under the built-in spec; the model copies what it
// needs, so the table is released at once.
func builtInModel(tb testing.TB, tbl *dataset.Table) *tableenv.Model {
	tb.Helper()
	defer tbl.Release()
	m, err := tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// giveDemoLog hands an offline algorithm's config the demo table's log,
// read under m, the demo's model; other configs are left alone.
func giveDemoLog(tb testing.TB, m *tableenv.Model, cfg Config) {
	tb.Helper()
	lu, ok := cfg.(LogUser)
	if !ok {
		return
	}
	tbl, err := dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		tb.Fatal(err)
	}
	defer tbl.Release()
	l, err := tableenv.NewLog(m, tbl)
	if err != nil {
		tb.Fatal(err)
	}
	lu.SetLog(l)
}
