package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
)

// command is one subcommand.
type command struct {
	name    string
	args    string // positional arguments, for the usage line
	summary string
	run     func(c *cli, args []string) error
}

func commands() []command {
	return []command{
		{"inspect", "[DATA]", "describe a table, its environment and the exact optimal and random returns", runInspect},
		{"sample", "[DATA]", "play a random policy: a sanity run against the exact expectation", runSample},
		{"convert", "IN OUT", "convert a table between whitespace text, CSV and Parquet", runConvert},
		{"gen", "OUT", "write a synthetic table: a TeaStore-schema trajectory; gen sweep, gen suite: sweep tables + specs", runGen},
		{"train", "[DATA]", "train a policy: PPO, DQN or tabular Q against the table, or BC, CQL or FQI from its log alone", runTrain},
		{"eval", "[DATA]", "compare policies (trained, baselines, optimal) with common random numbers", runEval},
		{"export", "POLICY [DATA]", "write a policy as ONNX (its network), CSV (its decision table) or normalized JSON", runExport},
		{"ope", "[DATA]", "estimate policies' values from the table's log alone (IS, PDIS, WIS, DR, WDR, FQE, MB), beside their exact values", runOPE},
		{"replay", "[DATA]", "play one episode of a policy step by step, in the table's units", runReplay},
		{"serve", "POLICY…", "answer live decisions over HTTP JSON and as a KEDA external scaler over gRPC, with Prometheus metrics", runServe},
		{"plot", "KIND", "draw pictures: a reward heat map over two knobs, a learning curve", runPlot},
		{"version", "", "print tablerl's version, VCS revision and Go version (also: tablerl --version)", runVersion},
	}
}

// commandNamed returns the command called name.
func commandNamed(name string) command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	panic("tablerl: no command " + name)
}

// commandNames are the commands' names, for suggestions.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// cli carries the process's streams so commands can be tested in-process.
type cli struct {
	stdout, stderr io.Writer
	stderrIsTTY    bool
	// flagSets are the commands of the flag sets newFlags made, for their
	// help and the messages of a wrong count of arguments.
	flagSets map[*flag.FlagSet]command
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func main() {
	c := &cli{stdout: os.Stdout, stderr: os.Stderr, stderrIsTTY: isTerminal(os.Stderr)}
	os.Exit(c.main(os.Args[1:]))
}

// main runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage.
// Help asked for goes to stdout; usage shown for a mistake goes to stderr.
func (c *cli) main(args []string) int {
	lim, err := limits.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(c.stderr, "tablerl: %v\n", err)
		return 2
	}
	limits.Set(lim)
	if len(args) == 0 {
		c.usage(c.stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		c.usage(c.stdout)
		return 0
	case "-version", "--version":
		args = append([]string{"version"}, args[1:]...)
	}
	for _, cmd := range commands() {
		if cmd.name != args[0] {
			continue
		}
		err := cmd.run(c, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(c.stderr, "tablerl %s: %v\nrun 'tablerl %s --help' for usage\n", cmd.name, err, cmd.name)
			return 2
		default:
			fmt.Fprintf(c.stderr, "tablerl %s: %v\n", cmd.name, err)
			return 1
		}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(c.stderr, "tablerl: the command comes first, then its flags; got %q\n", args[0])
	} else {
		fmt.Fprintf(c.stderr, "tablerl: unknown command %q%s\n", args[0], dataset.DidYouMean(args[0], commandNames()))
	}
	c.usage(c.stderr)
	return 2
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "tablerl: learn autoscaling policies offline from recorded metric tables")
	fmt.Fprintln(w, "\nusage: tablerl COMMAND [flags] [args]   (DATA omitted: the embedded demo table)")
	fmt.Fprintln(w, "\ncommands:")
	width := 0
	for _, cmd := range commands() {
		width = max(width, len(cmd.args))
	}
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-8s %-*s %s\n", cmd.name, width, cmd.args, cmd.summary)
	}
	fmt.Fprintln(w, "\n'tablerl COMMAND --help' shows a command's flags.")
}
