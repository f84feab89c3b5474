package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalized(t *testing.T) {
	for _, tc := range []struct {
		greedy, random, optimal, want float64
	}{
		{10, 0, 10, 100},
		{0, 0, 10, 0},
		{-5, -10, 10, 25},
		{-20, -10, 10, -50}, // worse than random
		{3, 3, 3, math.NaN()},
	} {
		got := (run{Greedy: tc.greedy, Random: tc.random, Optimal: tc.optimal}).Normalized()
		if got != tc.want && !(math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("normalized(%g, %g, %g) = %g, want %g", tc.greedy, tc.random, tc.optimal, got, tc.want)
		}
	}
	if n := (run{Greedy: 10, Optimal: 10, Err: "killed"}).Normalized(); !math.IsNaN(n) {
		t.Errorf("a failed run scores %g, want NaN", n)
	}
}

func TestSummarize(t *testing.T) {
	runs := []run{
		{Table: "a", Algo: "ppo", Seed: 1, Random: 0, Optimal: 10, Greedy: 10, PctOfOptimal: 100, Seconds: 2, PeakMB: 50},
		{Table: "a", Algo: "ppo", Seed: 2, Random: 0, Optimal: 10, Greedy: 5, PctOfOptimal: 50, Seconds: 3, PeakMB: 40},
		{Table: "a", Algo: "dqn", Seed: 1, Err: "exit status 1"},
		{Table: "b", Algo: "ppo", Seed: 1, Random: 4, Optimal: 4, Greedy: 4, PctOfOptimal: 100, Seconds: 1},
	}
	cells := summarize(runs)
	if len(cells) != 3 {
		t.Fatalf("%d cells, want 3: %+v", len(cells), cells)
	}
	a := cells[0]
	if a.Table != "a" || a.Algo != "ppo" || a.Runs != 2 || a.MeanNorm != 75 || a.MinNorm != 50 || a.MeanPct != 75 || a.MaxSeconds != 3 || a.MaxMB != 50 {
		t.Errorf("a/ppo: %+v", a)
	}
	if d := cells[1]; d.Failed != 1 || !math.IsNaN(d.MeanNorm) || !math.IsNaN(d.MeanPct) {
		t.Errorf("a/dqn, failed: %+v", d)
	}
	if b := cells[2]; !math.IsNaN(b.MeanNorm) || b.MeanPct != 100 {
		t.Errorf("b/ppo, optimal = random: %+v", b)
	}

	dir := t.TempDir()
	if err := writeReport(dir, runs, cells); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "| a | 0 | ppo | 2 | 0 | 75.0 | 50.0 | 75.00 | 3.0 | 50 |") ||
		!strings.Contains(string(md), "| b | 0 | ppo | 1 | 0 | - | - |") {
		t.Errorf("report.md:\n%s", md)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if !strings.Contains(string(sum), "\nb,0,ppo,1,0,,,100.00,1.0,0\n") {
		t.Errorf("summary.csv: undefined scores should be empty cells:\n%s", sum)
	}
	var w strings.Builder
	printRun(&w, runs[2])
	if !strings.Contains(w.String(), "exit status 1") || !strings.Contains(w.String(), " - ") {
		t.Errorf("a failed run prints %q", w.String())
	}
}

func TestMarkdownCells(t *testing.T) {
	var w strings.Builder
	markdown(&w, []string{"x", "y"}, [][]string{{"a|b", "line\nbreak"}})
	if got, want := w.String(), "| x | y |\n| --- | --- |\n| a/b | line break |\n"; got != want {
		t.Errorf("markdown = %q, want %q", got, want)
	}
}

func TestFields(t *testing.T) {
	if got := fields("ppo, dqn  qtable,"); strings.Join(got, "/") != "ppo/dqn/qtable" {
		t.Errorf("fields = %q", got)
	}
}
