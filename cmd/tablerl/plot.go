package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/train"
)

// plotKinds are plot's sub-kinds; each parses its own flags. (A function,
// not a variable: the kinds' run functions refer back to it.)
func plotKinds() []command {
	return []command{
		{"heatmap", "[DATA]", "the mean reward per configuration over two knobs, the others at their best (or mean)", runPlotHeatmap},
		{"curve", "CURVE.csv", "re-plot a learning curve that train wrote (curve.csv)", runPlotCurve},
	}
}

func runPlot(c *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a kind: heatmap or curve")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		c.plotUsage()
		return flag.ErrHelp
	}
	for _, k := range plotKinds() {
		if k.name == args[0] {
			return k.run(c, args[1:])
		}
	}
	if strings.HasPrefix(args[0], "-") {
		return usagef("the kind comes first, then its flags: tablerl plot heatmap --x cpu; got %q", args[0])
	}
	var kinds []string
	for _, k := range plotKinds() {
		kinds = append(kinds, k.name)
	}
	return usagef("unknown kind %q%s: want %s", args[0], dataset.DidYouMean(args[0], kinds), orList(kinds))
}

func (c *cli) plotUsage() {
	cmd := commandNamed("plot")
	fmt.Fprintf(c.stdout, "usage: tablerl plot KIND [flags] [args]\n\n%s\n\nkinds:\n", cmd.summary)
	for _, k := range plotKinds() {
		fmt.Fprintf(c.stdout, "  %-8s %-10s %s\n", k.name, k.args, k.summary)
	}
	fmt.Fprintln(c.stdout, "\n'tablerl plot KIND --help' shows a kind's flags.")
}

// plotFlags is the flag set of one kind, its usage naming "plot KIND".
func (c *cli) plotFlags(kind string) *flag.FlagSet {
	for _, k := range plotKinds() {
		if k.name == kind {
			k.name = "plot " + k.name
			return c.newFlags(k)
		}
	}
	panic("tablerl: no plot kind " + kind)
}

// checkOut refuses an --out whose directory does not exist before any work
// is done, naming the flag rather than a temporary file.
func checkOut(out string) error {
	if out == "" {
		return usagef("--out is empty")
	}
	dir := filepath.Dir(out)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("--out %s: no directory %s to write into", out, dir)
	}
	return nil
}

// plotArgError makes a bad knob or aggregation a usage error: it is the
// command line that named it.
func plotArgError(err error) error {
	if errors.Is(err, eval.ErrPlotArg) {
		return usageError{err}
	}
	return err
}

type heatmapReport struct {
	Kind    string       `json:"kind"`
	Data    string       `json:"data"`
	Out     string       `json:"out"`
	X       string       `json:"x"`
	Y       string       `json:"y"`
	Agg     string       `json:"agg"`
	Over    []string     `json:"over"`
	XLevels []float64    `json:"x_levels"`
	YLevels []float64    `json:"y_levels"`
	Z       [][]*float64 `json:"z"` // z[j][i] at y_levels[j], x_levels[i]; null where unrecorded
}

func runPlotHeatmap(c *cli, args []string) error {
	fs := c.plotFlags("heatmap")
	var tf tableFlags
	tf.register(fs)
	x := fs.String("x", "", "knob on the x axis (default: the first knob)")
	y := fs.String("y", "", "knob on the y axis (default: the first other knob)")
	agg := fs.String("agg", "max", "how to fold the other knobs: max (the best setting) or mean (over recorded configurations)")
	out := fs.String("out", "heatmap.png", "PNG file to write")
	title := fs.String("title", "", "title (default: says what is shown)")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	t, m, err := c.openModel(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	g, err := eval.NewRewardGrid(m, *x, *y, *agg)
	if err != nil {
		return plotArgError(err)
	}
	if err := eval.WriteHeatmapPNG(*out, g, *title); err != nil {
		return err
	}
	rep := heatmapReport{Kind: "heatmap", Data: t.Path, Out: *out, X: g.XName, Y: g.YName, Agg: g.Agg,
		Over: g.Over, XLevels: g.X, YLevels: g.Y, Z: make([][]*float64, len(g.Z))}
	recorded := 0
	for j, row := range g.Z {
		rep.Z[j] = make([]*float64, len(row))
		for i, v := range row {
			if rep.Z[j][i] = known(v); rep.Z[j][i] != nil {
				recorded++
			}
		}
	}
	if rep.Over == nil {
		rep.Over = []string{}
	}
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "wrote %s: mean reward over %s × %s (%s over %s), %d of %d cells recorded\n",
		*out, g.XName, g.YName, g.Agg, strings.Join(g.Over, ", "), recorded, len(g.X)*len(g.Y))
	return nil
}

type curveReport struct {
	Kind         string  `json:"kind"`
	Curve        string  `json:"curve"`
	Out          string  `json:"out"`
	Points       int     `json:"points"`
	Optimal      float64 `json:"optimal"`
	OptimalFrom  string  `json:"optimal_from"` // "pct_of_optimal" (recovered from the file) or "flag"
	GreedyReturn float64 `json:"greedy_return"`
}

func runPlotCurve(c *cli, args []string) error {
	fs := c.plotFlags("curve")
	out := fs.String("out", "curve.png", "PNG file to write")
	optimal := fs.Float64("optimal", math.NaN(), "the optimal return to draw (default: recovered from the curve's pct_of_optimal)")
	title := fs.String("title", "", "title (default: the curve's file)")
	jsonOut := fs.Bool("json", false, "print one JSON object on stdout")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	if math.IsInf(*optimal, 0) {
		return usagef("--optimal must be finite")
	}
	curve, err := eval.ReadCurveCSV(pos[0])
	if err != nil {
		return err
	}
	rep := curveReport{Kind: "curve", Curve: pos[0], Out: *out, Points: len(curve),
		Optimal: *optimal, OptimalFrom: "flag", GreedyReturn: curve[len(curve)-1].GreedyReturn}
	if math.IsNaN(*optimal) {
		o, ok := eval.CurveOptimum(curve)
		if !ok {
			return usagef("%s: cannot recover the optimum (no point has a nonzero pct_of_optimal); give --optimal", pos[0])
		}
		rep.Optimal, rep.OptimalFrom = o, "pct_of_optimal"
	}
	if *title == "" {
		*title = "learning curve: " + filepath.ToSlash(pos[0])
	}
	if err := train.WriteCurvePNG(*out, curve, rep.Optimal, *title); err != nil {
		return err
	}
	if *jsonOut {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "wrote %s: %d points, last greedy return %.4f against the optimum %.4f\n",
		*out, rep.Points, rep.GreedyReturn, rep.Optimal)
	return nil
}
