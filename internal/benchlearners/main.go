package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := bench(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench-learners:", err)
		os.Exit(1)
	}
}

// options choose the runs.
type options struct {
	bin, out, teastore string
	algos, tables      []string
	seeds              []int
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench-learners", flag.ContinueOnError)
	fs.StringVar(&o.bin, "bin", "bin/tablerl", "the tablerl binary")
	fs.StringVar(&o.out, "out", "runs/bench-learners", "directory of the tables and the report")
	algos := fs.String("algos", envOr("ALGOS", "ppo dqn qtable"), "algorithms (env ALGOS)")
	tables := fs.String("tables", os.Getenv("TABLES"), "tables by name: suite names, teastore, demo (env TABLES; default all)")
	seeds := fs.String("seeds", envOr("SEEDS", "1 2 3"), "seeds (env SEEDS)")
	fs.StringVar(&o.teastore, "teastore", envOr("TABLERL_TEASTORE", "../shared/teastore_data.csv"), "TeaStore's table (env TABLERL_TEASTORE)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	o.algos, o.tables = fields(*algos), fields(*tables)
	for _, s := range fields(*seeds) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return o, fmt.Errorf("-seeds (SEEDS): %q is not a whole number", s)
		}
		o.seeds = append(o.seeds, n)
	}
	if len(o.algos) == 0 || len(o.seeds) == 0 {
		return o, fmt.Errorf("no algorithms or no seeds chosen")
	}
	return o, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// fields splits a list on spaces and commas.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}

// bench runs the benchmark and writes its report.
func bench(args []string, w io.Writer) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	tables, err := suiteTables(o.bin, filepath.Join(o.out, "tables"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.teastore); err == nil {
		tables = append(tables, table{Name: "teastore", Data: o.teastore})
	} else {
		fmt.Fprintf(w, "note: no TeaStore table at %s (set TABLERL_TEASTORE); skipped\n", o.teastore)
	}
	tables = append(tables, table{Name: "demo"})
	if len(o.tables) > 0 {
		for _, name := range o.tables {
			if !slices.ContainsFunc(tables, func(t table) bool { return t.Name == name }) {
				return fmt.Errorf("-tables (TABLES): no table %q", name)
			}
		}
		tables = slices.DeleteFunc(tables, func(t table) bool { return !slices.Contains(o.tables, t.Name) })
	}

	began := time.Now()
	var runs []run
	printRunHeader(w)
	for _, t := range tables {
		var in inspection
		if err := tablerl(o.bin, &in, append(append([]string{"inspect"}, t.args()...), "--json")...); err != nil {
			return err
		}
		// The spec is checked through the environment it builds.
		if t.States > 0 && in.Configs != t.States {
			return fmt.Errorf("%s: inspect sees %d states, gen wrote %d", t.Name, in.Configs, t.States)
		}
		for _, algo := range o.algos {
			for _, seed := range o.seeds {
				r := run{Table: t.Name, States: in.Configs, Algo: algo, Seed: seed, Random: in.RandomReturn, Optimal: in.OptimalReturn}
				tr, err := train(o.bin, t, algo, seed)
				if err != nil {
					r.Err = err.Error()
				} else {
					r.Steps, r.Seconds, r.PeakMB, r.Greedy, r.PctOfOptimal = tr.Steps, tr.Seconds, tr.PeakRSSMB, tr.GreedyReturn, tr.PctOfOptimal
				}
				runs = append(runs, r)
				printRun(w, r)
			}
		}
	}
	sum := summarize(runs)
	fmt.Fprintln(w)
	printSummary(w, sum)
	fmt.Fprintf(w, "\n%d runs in %s\n", len(runs), time.Since(began).Round(time.Second))
	return writeReport(o.out, runs, sum)
}
