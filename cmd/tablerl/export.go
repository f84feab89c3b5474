package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/train"
)

// exportFormats are what export writes.
var exportFormats = []string{"onnx", "csv", "json"}

type exportReport struct {
	Policy string `json:"policy"`
	Algo   string `json:"algo"`
	Data   string `json:"data"`
	Format string `json:"format"`
	Out    string `json:"out"`
	Bytes  int    `json:"bytes"`
}

// runExport writes an existing policy in another form: its network as ONNX
// (what train writes as policy.onnx), its decision table (train's
// decision.csv) or the policy file itself, re-encoded canonically with a
// fresh checksum. The policy is checked against DATA, as eval checks it:
// the decision table and the ONNX model's input are that table's.
func runExport(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("export"))
	format := fs.String("format", "", "what to write: onnx (the network, for ONNX Runtime: input obs, outputs scores and action), csv (the decision table) or json (the policy file, normalized)")
	out := fs.String("out", "", "file to write (default: standard output)")
	spec := fs.String("spec", "", "spec YAML file, or 'teastore' (default: the built-in spec when the TeaStore columns are present)")
	dataFormat := fs.String("data-format", "auto", "DATA's format: auto, whitespace, csv or parquet")
	anyData := fs.Bool("any-data", false, "export a policy checked against data other than it was trained on")
	jsonOut := fs.Bool("json", false, "print one JSON object on stdout describing the export (needs --out)")
	pos, err := c.parse(fs, args, 1, 2)
	if err != nil {
		return err
	}
	if !contains(exportFormats, *format) {
		if *format == "" {
			return usagef("give --format: %s", orList(exportFormats))
		}
		return usagef("--format %s: want %s%s", dataset.Quote(*format), orList(exportFormats), dataset.DidYouMean(*format, exportFormats))
	}
	if *jsonOut && *out == "" {
		return usagef("--json prints its report on standard output: give --out FILE for the export")
	}
	if *out == "" && *format == "onnx" {
		if f, ok := c.stdout.(*os.File); ok && isTerminal(f) {
			return usagef("an ONNX model is binary: give --out FILE, or redirect standard output")
		}
	}
	t, m, err := c.openModel(pos[1:], &tableFlags{spec: *spec, format: *dataFormat, startRow: -1})
	if err != nil {
		return err
	}
	defer t.Release()
	pf, err := checkedPolicy(pos[0], pos[1:], t, m, *anyData)
	if err != nil {
		return err
	}
	var b []byte
	switch *format {
	case "onnx":
		b, err = pf.ONNX(m)
	case "json":
		b, err = pf.Marshal()
		b = append(b, '\n')
	case "csv":
		var g train.Greedy
		if g, err = pf.Greedy(m); err == nil {
			b, err = train.DecisionsCSV(m, train.Decisions(m, g), t.Path, t.Fingerprint())
		}
	}
	if errors.Is(err, train.ErrNoONNX) {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err != nil {
		return err
	}
	rep := exportReport{Policy: pos[0], Algo: pf.Algo, Data: t.Path, Format: *format, Out: *out, Bytes: len(b)}
	if *out == "" {
		_, err := c.stdout.Write(b)
		return err
	}
	if err := train.WriteFileAtomic(*out, b); err != nil {
		return err
	}
	if *jsonOut {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stderr, "wrote %s (%s, %d bytes) of %s\n", *out, *format, len(b), pos[0])
	return nil
}
