package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/internal/atomicfile"
	"github.com/tablerl/tablerl/tableenv"
)

// run is one training and its scores.
type run struct {
	Table           string
	States          int
	Algo            string
	Seed            int
	Steps           int
	Random, Optimal float64 // the exact returns of the random and optimal policies
	Greedy          float64 // the trained greedy policy's exact return
	PctOfOptimal    float64
	Seconds, PeakMB float64
	Err             string // why the training failed; "" when it did not
}

// Normalized is 100·(greedy − random)/(optimal − random): 0 for the random
// policy, 100 for the optimum; NaN when the two are equal or the run failed.
func (r run) Normalized() float64 {
	if r.Err != "" {
		return math.NaN()
	}
	return tableenv.NormalizedScore(r.Greedy, r.Random, r.Optimal)
}

// cell is one row of the summary: the runs of an algorithm on a table.
type cell struct {
	Table              string
	States             int
	Algo               string
	Runs, Failed       int
	MeanNorm, MinNorm  float64 // over the runs with a score; NaN when none has
	MeanPct            float64
	MaxSeconds, MaxMB  float64
	undefined, defined int
}

// summarize groups the runs by table and algorithm, in the order they ran.
func summarize(runs []run) []cell {
	var cells []cell
	index := map[string]int{}
	for _, r := range runs {
		key := r.Table + "\x00" + r.Algo
		i, ok := index[key]
		if !ok {
			i = len(cells)
			index[key] = i
			cells = append(cells, cell{Table: r.Table, States: r.States, Algo: r.Algo, MinNorm: math.Inf(1)})
		}
		c := &cells[i]
		c.Runs++
		if r.Err != "" {
			c.Failed++
			continue
		}
		c.MeanPct += r.PctOfOptimal
		c.MaxSeconds, c.MaxMB = math.Max(c.MaxSeconds, r.Seconds), math.Max(c.MaxMB, r.PeakMB)
		if n := r.Normalized(); math.IsNaN(n) {
			c.undefined++
		} else {
			c.defined++
			c.MeanNorm += n
			c.MinNorm = math.Min(c.MinNorm, n)
		}
	}
	for i := range cells {
		c := &cells[i]
		if ok := c.Runs - c.Failed; ok > 0 {
			c.MeanPct /= float64(ok)
		} else {
			c.MeanPct = math.NaN()
		}
		if c.defined > 0 {
			c.MeanNorm /= float64(c.defined)
		} else {
			c.MeanNorm, c.MinNorm = math.NaN(), math.NaN()
		}
	}
	return cells
}

// num formats v with prec decimals, or "-" when it is undefined.
func num(v float64, prec int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// csvNum is num with an empty cell for undefined.
func csvNum(v float64, prec int) string {
	if math.IsNaN(v) {
		return ""
	}
	return num(v, prec)
}

const runFormat = "%-22s %6s %-6s %4s %10s %9s %8s %8s  %s\n"

func printRunHeader(w io.Writer) {
	fmt.Fprintf(w, runFormat, "table", "states", "algo", "seed", "normalized", "%optimal", "seconds", "peak_MB", "")
}

func printRun(w io.Writer, r run) {
	fmt.Fprintf(w, runFormat, r.Table, strconv.Itoa(r.States), r.Algo, strconv.Itoa(r.Seed), num(r.Normalized(), 1),
		num(pct(r), 2), num(r.Seconds, 1), num(r.PeakMB, 0), r.Err)
}

// pct is the run's share of the optimum, NaN for a failed run.
func pct(r run) float64 {
	if r.Err != "" {
		return math.NaN()
	}
	return r.PctOfOptimal
}

var summaryHeader = []string{"table", "states", "algo", "runs", "failed", "mean_normalized", "min_normalized", "mean_pct_of_optimal", "max_seconds", "max_peak_mb"}

func (c cell) fields() []string {
	return []string{c.Table, strconv.Itoa(c.States), c.Algo, strconv.Itoa(c.Runs), strconv.Itoa(c.Failed),
		num(c.MeanNorm, 1), num(c.MinNorm, 1), num(c.MeanPct, 2), num(c.MaxSeconds, 1), num(c.MaxMB, 0)}
}

func printSummary(w io.Writer, cells []cell) {
	const f = "%-22s %6s %-6s %4s %6s %15s %14s %19s %11s %11s\n"
	row := func(s []string) {
		a := make([]any, len(s))
		for i, x := range s {
			a[i] = x
		}
		fmt.Fprintf(w, f, a...)
	}
	row(summaryHeader)
	for _, c := range cells {
		row(c.fields())
	}
}

var runsHeader = []string{"table", "states", "algo", "seed", "steps", "random_return", "optimal_return", "greedy_return",
	"normalized", "pct_of_optimal", "seconds", "peak_rss_mb", "error"}

func (r run) fields() []string {
	ok := r.Err == ""
	opt := func(v float64, prec int) string {
		if !ok {
			return ""
		}
		return csvNum(v, prec)
	}
	return []string{r.Table, strconv.Itoa(r.States), r.Algo, strconv.Itoa(r.Seed), strconv.Itoa(r.Steps),
		csvNum(r.Random, 6), csvNum(r.Optimal, 6), opt(r.Greedy, 6), opt(r.Normalized(), 2), opt(r.PctOfOptimal, 2),
		opt(r.Seconds, 2), opt(r.PeakMB, 1), r.Err}
}

// writeReport writes runs.csv, summary.csv and report.md into dir.
func writeReport(dir string, runs []run, cells []cell) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	runRows := [][]string{runsHeader}
	for _, r := range runs {
		runRows = append(runRows, r.fields())
	}
	sumRows := [][]string{summaryHeader}
	for _, c := range cells {
		f := c.fields()
		for i := 5; i < len(f); i++ {
			if f[i] == "-" {
				f[i] = ""
			}
		}
		sumRows = append(sumRows, f)
	}
	for name, rows := range map[string][][]string{"runs.csv": runRows, "summary.csv": sumRows} {
		if err := atomicfile.Write(filepath.Join(dir, name), func(w *bufio.Writer) error {
			cw := csv.NewWriter(w)
			cw.WriteAll(rows)
			return cw.Error()
		}); err != nil {
			return err
		}
	}
	return atomicfile.Write(filepath.Join(dir, "report.md"), func(w *bufio.Writer) error {
		fmt.Fprintf(w, "# Learners' benchmark\n\nNormalized score = 100·(greedy − random)/(optimal − random), exact returns; `-` where optimal = random.\n\n## Summary\n\n")
		markdown(w, summaryHeader, cellRows(cells))
		fmt.Fprintf(w, "\n## Runs\n\n")
		var rows [][]string
		for _, r := range runs {
			rows = append(rows, []string{r.Table, strconv.Itoa(r.States), r.Algo, strconv.Itoa(r.Seed),
				num(r.Normalized(), 1), num(pct(r), 2), num(r.Seconds, 1), num(r.PeakMB, 0), r.Err})
		}
		markdown(w, []string{"table", "states", "algo", "seed", "normalized", "pct_of_optimal", "seconds", "peak_MB", "error"}, rows)
		return nil
	})
}

func cellRows(cells []cell) [][]string {
	rows := make([][]string, len(cells))
	for i, c := range cells {
		rows[i] = c.fields()
	}
	return rows
}

// markdown writes a Markdown table.
func markdown(w io.Writer, header []string, rows [][]string) {
	// A cell must not end the line or the cell early: an error message may hold either.
	clean := strings.NewReplacer("\n", " ", "|", "/", "\x00", " | ")
	line := func(cells []string) { fmt.Fprintf(w, "| %s |\n", clean.Replace(strings.Join(cells, "\x00"))) }
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}
