package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"golang.org/x/term"
)

// newFlags returns a flag set for a command whose errors are usage errors and
// whose --help prints the command's usage on stdout. (The flag package calls
// Usage on its errors too, so Usage is silent and parse prints the help when
// it is asked for: a mistake's message goes to stderr, with a pointer to
// --help.)
func (c *cli) newFlags(cmd command) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.flagSets == nil {
		c.flagSets = map[*flag.FlagSet]command{}
	}
	c.flagSets[fs] = cmd
	return fs
}

// help prints fs's usage on stdout.
func (c *cli) help(fs *flag.FlagSet) {
	cmd := c.flagSets[fs]
	fmt.Fprintf(c.stdout, "usage: tablerl %s [flags] %s\n\n%s\n\nflags:\n", cmd.name, cmd.args, cmd.summary)
	fs.SetOutput(c.stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parse parses flags that may stand before, between or after the positional
// arguments (tablerl sample data.csv --episodes 10), and checks the count of
// positionals is within [lo, hi].
func (c *cli) parse(fs *flag.FlagSet, args []string, lo, hi int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				c.help(fs)
				return nil, err
			}
			return nil, usageError{flagError(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	// The usage line's arguments, less a note in parentheses after them.
	takes, _, _ := strings.Cut(c.flagSets[fs].args, "  ")
	switch {
	case len(pos) < lo && len(pos) == 0:
		return nil, usagef("missing %s: tablerl %s [flags] %s", takes, fs.Name(), takes)
	case len(pos) < lo:
		return nil, usagef("too few arguments: tablerl %s [flags] %s; got only %q", fs.Name(), takes, pos)
	case len(pos) > hi && hi == 0:
		return nil, usagef("unexpected argument %q: tablerl %s takes none", pos[hi], fs.Name())
	case len(pos) > hi:
		return nil, usagef("unexpected argument %q: tablerl %s takes %s", pos[hi], fs.Name(), takes)
	}
	return pos, nil
}

// flagError rewords the flag package's error for an undefined flag, with a
// suggestion: "unknown flag --stpes (did you mean --steps?)".
func flagError(fs *flag.FlagSet, err error) error {
	const undefined = "flag provided but not defined: -"
	msg := err.Error()
	if !strings.HasPrefix(msg, undefined) {
		return err
	}
	name := strings.TrimPrefix(msg, undefined)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if k, ok := dataset.Closest(name, names); ok {
		return fmt.Errorf("unknown flag --%s (did you mean --%s?)", name, k)
	}
	return fmt.Errorf("unknown flag --%s", name)
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
