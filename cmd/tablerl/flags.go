package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// newFlags returns a flag set for a command whose errors are usage errors and
// whose --help prints the command's usage.
func (c *cli) newFlags(cmd command) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(c.stdout, "usage: tablerl %s [flags] %s\n\n%s\n\nflags:\n", cmd.name, cmd.args, cmd.summary)
		fs.SetOutput(c.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags that may stand before, between or after the positional
// arguments (tablerl sample data.csv --episodes 10), and checks the count of
// positionals is within [lo, hi].
func parse(fs *flag.FlagSet, args []string, lo, hi int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp { // the flag package has printed the usage
				return nil, err
			}
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < lo || len(pos) > hi {
		if lo == hi {
			return nil, usagef("want %d argument(s), got %d: %q", lo, len(pos), pos)
		}
		return nil, usagef("want %d to %d arguments, got %d: %q", lo, hi, len(pos), pos)
	}
	return pos, nil
}

// tableFlags are the flags of every command that reads a table under a spec.
type tableFlags struct {
	spec     string
	format   string
	startRow rowFlag
	json     bool
}

// rowFlag is --start-row: a 0-based data row, or −1 while not given. A
// negative row given is an error, not a silent random start.
type rowFlag int

func (r *rowFlag) String() string {
	if r == nil || *r < 0 {
		return ""
	}
	return strconv.Itoa(int(*r))
}

func (r *rowFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("want a whole number, got %q", s)
	}
	if n < 0 {
		return fmt.Errorf("want a 0-based data row (0 or more), got %d", n)
	}
	*r = rowFlag(n)
	return nil
}

func (f *tableFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.spec, "spec", "", "spec YAML file, or 'teastore' (default: the built-in spec when the TeaStore columns are present)")
	fs.StringVar(&f.format, "format", "auto", "input format: auto, whitespace, csv or parquet")
	f.startRow = -1
	fs.Var(&f.startRow, "start-row", "start every episode at this 0-based data row (default: the spec's start)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object on stdout")
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
