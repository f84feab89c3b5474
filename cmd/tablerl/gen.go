package main

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset/synth"
)

func runGen(c *cli, args []string) error {
	cmd := commands()[3]
	fs := c.newFlags(cmd)
	cfg := synth.DefaultConfig()
	fs.IntVar(&cfg.Rows, "rows", cfg.Rows, "rows to write")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same file")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if cfg.Rows < 1 {
		return usagef("--rows must be at least 1, got %d", cfg.Rows)
	}
	if err := synth.WriteFile(pos[0], cfg); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, map[string]any{"out": pos[0], "rows": cfg.Rows, "seed": cfg.Seed})
	}
	fmt.Fprintf(c.stdout, "wrote %s: %d rows (seed %d)\n", pos[0], cfg.Rows, cfg.Seed)
	return nil
}
