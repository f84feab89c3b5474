package eval

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/train"
)

func TestReadCurveCSV(t *testing.T) {
	dir := t.TempDir()
	want := []train.CurvePoint{
		{Step: 1000, MeanReturn: -40.5, GreedyReturn: -12.25, PctOptimal: -87.5, Loss: 0.5},
		{Step: 2000, MeanReturn: -10, GreedyReturn: 7, PctOptimal: 50, Loss: 0.25},
		{Step: 3000, MeanReturn: 5.5, GreedyReturn: 13.3, PctOptimal: 95, Loss: 0.125},
	}
	path := filepath.Join(dir, "curve.csv")
	if err := train.WriteCurveCSV(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCurveCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	if o, ok := CurveOptimum(got); !ok || math.Abs(o-14) > 1e-9 {
		t.Errorf("CurveOptimum = %v, %v; want 14, true", o, ok)
	}
	if _, ok := CurveOptimum([]train.CurvePoint{{Step: 1, GreedyReturn: 3}}); ok {
		t.Error("CurveOptimum found an optimum with no percentage")
	}
	png := filepath.Join(dir, "curve_replot.png")
	if err := train.WriteCurvePNG(png, got, 14, "re-plotted"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, png)

	for name, c := range map[string]struct{ text, want string }{
		"empty":       {"", "empty"},
		"blank":       {"\n\n", "empty"},
		"header only": {"step,mean_episode_return,greedy_return,pct_of_optimal,loss\n", "no points"},
		"not a curve": {"replicas,cpu,heap,action\n1,100,100,noop\n", `no "step" column`},
		"bad number":  {"step,mean_episode_return,greedy_return\n1,x,2\n", "x"},
		"NaN":         {"step,mean_episode_return,greedy_return\n1,NaN,2\n", "finite"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".csv")
		os.WriteFile(p, []byte(c.text), 0o644)
		_, err := ReadCurveCSV(p)
		if !errors.Is(err, ErrCurve) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want ErrCurve naming the file and %q", name, err, c.want)
		}
	}
	if _, err := ReadCurveCSV(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}
