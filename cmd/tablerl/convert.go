package main

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset"
)

func runConvert(c *cli, args []string) error {
	cmd := commands()[2]
	fs := c.newFlags(cmd)
	format := fs.String("format", "auto", "input format: auto, whitespace, csv or parquet")
	to := fs.String("to", "auto", "output format: auto (by OUT's extension: .csv, .parquet, else whitespace), whitespace, csv or parquet")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	out, err := dataset.ParseFormat(*to)
	if err != nil {
		return usageError{fmt.Errorf("--to: %w", err)}
	}
	t, err := openTable(pos[0], *format)
	if err != nil {
		return err
	}
	defer t.Release()
	if err := dataset.Write(t, pos[1], out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, map[string]any{"in": pos[0], "out": pos[1], "rows": t.NumRows(), "columns": t.Names()})
	}
	fmt.Fprintf(c.stdout, "wrote %s: %d rows, %d columns\n", pos[1], t.NumRows(), len(t.Names()))
	return nil
}
