package dataset_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/tablerl/tablerl/dataset"
)

func ExampleLoad() {
	dir, err := os.MkdirTemp("", "tablerl")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// Named .csv but separated by spaces, with a repeated name, a null and
	// a text column, as TeaStore's table.
	path := filepath.Join(dir, "metrics.csv")
	table := "re cpu  out_tps cpu     action\n" +
		" 1 100  512.5   0.2353  1-100-0\n" +
		" 2 100  nan     0.4101  1-100-1\n"
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		log.Fatal(err)
	}

	t, err := dataset.Load(path, dataset.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer t.Release()
	fmt.Println(t.NumRows(), "rows:", t.Names())
	tps, err := t.Float64("out_tps")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("out_tps:", tps.Value(0), "null in row 1:", tps.IsNull(1))
	// Errors name the file (here less the temporary directory), line and column.
	_, err = t.Float64("action")
	fmt.Println(strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	// Output:
	// 2 rows: [re cpu out_tps cpu.1 action]
	// out_tps: 512.5 null in row 1: true
	// metrics.csv:2: column 5 (action): not a number: "1-100-0"
}
