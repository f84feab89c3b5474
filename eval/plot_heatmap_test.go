package eval

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/tableenv"
)

// gridCSV records 5 of the 2×3×2 configurations of knobs a, b and c;
// (a=1, b=10, c=2) has two rows (6 and 8), so a row-weighted mean would differ
// from the per-configuration one.
const gridCSV = `a,b,c,r
1,10,1,3
1,10,2,6
1,10,2,8
2,10,1,-2
1,20,2,4
2,40,1,6
2,40,2,0
`

const gridSpec = `
knobs: [a, b, c]
reward: {column: r}
`

func gridModel(t *testing.T) *tableenv.Model {
	t.Helper()
	return csvModel(t, "grid", gridCSV, gridSpec)
}

func sameGrid(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for j := range a {
		if len(a[j]) != len(b[j]) {
			return false
		}
		for i := range a[j] {
			if a[j][i] != b[j][i] && !(math.IsNaN(a[j][i]) && math.IsNaN(b[j][i])) {
				return false
			}
		}
	}
	return true
}

func TestRewardGridValues(t *testing.T) {
	m := gridModel(t)
	nan := math.NaN()
	for _, c := range []struct {
		x, y, agg string
		want      [][]float64 // Z[y][x]
	}{
		{"a", "b", "max", [][]float64{{7, -2}, {4, nan}, {nan, 6}}},
		{"a", "b", "", [][]float64{{7, -2}, {4, nan}, {nan, 6}}},
		// Each configuration counts once, whatever its row count.
		{"a", "b", "mean", [][]float64{{5, -2}, {4, nan}, {nan, 3}}},
		{"b", "a", "max", [][]float64{{7, 4, nan}, {-2, nan, 6}}},
		{"c", "a", "mean", [][]float64{{3, 5.5}, {2, 0}}},
	} {
		g, err := NewRewardGrid(m, c.x, c.y, c.agg)
		if err != nil {
			t.Fatalf("%s × %s %s: %v", c.x, c.y, c.agg, err)
		}
		if !sameGrid(g.Z, c.want) {
			t.Errorf("%s × %s %s: Z = %v, want %v", c.x, c.y, c.agg, g.Z, c.want)
		}
	}
	g, _ := NewRewardGrid(m, "", "", "")
	if g.XName != "a" || g.YName != "b" || g.Agg != "max" || len(g.Over) != 1 || g.Over[0] != "c" {
		t.Errorf("defaults: x %q, y %q, agg %q, over %v; want a, b, max, [c]", g.XName, g.YName, g.Agg, g.Over)
	}
	if len(g.X) != 2 || g.X[1] != 2 || len(g.Y) != 3 || g.Y[2] != 40 {
		t.Errorf("levels X %v Y %v; want the table's values", g.X, g.Y)
	}
	if g, _ := NewRewardGrid(m, "b", "", ""); g.YName != "a" {
		t.Errorf("y defaults to the first other knob; got %q", g.YName)
	}
}

func TestRewardGridErrors(t *testing.T) {
	m := gridModel(t)
	for _, c := range []struct{ x, y, agg, want string }{
		{"cpu", "b", "max", `"cpu"`},
		{"a", "nope", "max", `"nope"`},
		{"a", "a", "max", "both axes"},
		{"a", "b", "median", `"median"`},
	} {
		_, err := NewRewardGrid(m, c.x, c.y, c.agg)
		if !errors.Is(err, ErrPlotArg) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewRewardGrid(%q, %q, %q) = %v; want ErrPlotArg naming %s", c.x, c.y, c.agg, err, c.want)
		}
		if err != nil && c.agg != "median" && !strings.Contains(err.Error(), "a, b, c") {
			t.Errorf("%v: does not list the knobs", err)
		}
	}
}

// checkPNG fails unless path is a decodable PNG of a sensible size.
func checkPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 200 {
		t.Errorf("%s: %v, too small", path, b)
	}
	if os.Getenv("TABLERL_KEEP_PLOTS") != "" { // to look at them
		data, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(os.TempDir(), filepath.Base(path)), data, 0o644)
	}
	return img
}

func TestWriteHeatmapPNG(t *testing.T) {
	dir := t.TempDir()
	g, err := NewRewardGrid(gridModel(t), "a", "b", "mean")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "heatmap_tiny.png")
	if err := WriteHeatmapPNG(path, g, ""); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
	demo, err := NewRewardGrid(demoModel(t), "replicas", "cpu", "max")
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "heatmap_demo.png")
	if err := WriteHeatmapPNG(path, demo, "demo: reward by replicas and cpu"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
	// Many levels (no numbers fit), a constant value and a gap still draw.
	big := &RewardGrid{XName: "x", YName: "y", Agg: "max"}
	for i := range 30 {
		big.X = append(big.X, float64(i*i))
	}
	for j := range 25 {
		big.Y = append(big.Y, float64(j))
		row := make([]float64, 30)
		for i := range row {
			row[i] = 1
		}
		big.Z = append(big.Z, row)
	}
	big.Z[3][4] = math.NaN()
	path = filepath.Join(dir, "heatmap_big.png")
	if err := WriteHeatmapPNG(path, big, ""); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
	// A ragged grid is refused, and nothing is written.
	bad := &RewardGrid{X: []float64{1, 2}, Y: []float64{1}, Z: [][]float64{{1}}}
	if err := WriteHeatmapPNG(filepath.Join(dir, "bad.png"), bad, ""); !errors.Is(err, ErrPlotArg) {
		t.Errorf("ragged grid: %v, want ErrPlotArg", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.png")); !os.IsNotExist(err) {
		t.Errorf("a refused plot left a file: %v", err)
	}
}

// TestHeatmapKeepsColourBar: the colour bar is drawn whatever the values'
// sign and size, their tick labels wide ("12.50") or narrow. The bar is the
// rightmost coloured column of the picture, and there, unlike in a column of
// cells, the colour runs through the palette.
func TestHeatmapKeepsColourBar(t *testing.T) {
	dir := t.TempDir()
	for name, z := range map[string][][]float64{
		"positive":  {{10, 12, 14}, {11, 13, 15}},
		"mixed":     {{-1, 12, 14}, {11, 13, 15}},
		"negative":  {{-10.5, -12, -14}, {-11, -13, -15.25}},
		"large":     {{100000, 120000, 140000}, {110000, 130000, 150000}},
		"fractions": {{0.0101, 0.0102, 0.0103}, {0.0104, 0.0105, 0.0106}},
	} {
		g := &RewardGrid{XName: "a", YName: "b", X: []float64{1, 2, 3}, Y: []float64{1, 2}, Z: z, Agg: "max"}
		path := filepath.Join(dir, "bar_"+name+".png")
		if err := WriteHeatmapPNG(path, g, ""); err != nil {
			t.Fatal(err)
		}
		img := checkPNG(t, path)
		b := img.Bounds()
		saturated := func(x, y int) bool {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl)>>8, min(r, g, bl)>>8
			return hi-lo > 40
		}
		col := -1
		for x := b.Max.X - 1; x >= b.Min.X && col < 0; x-- {
			for y := b.Min.Y; y < b.Max.Y; y++ {
				if saturated(x, y) {
					col = x - 3 // inside the column's edge, off its anti-aliasing
					break
				}
			}
		}
		colours := map[color.Color]bool{}
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if col >= 0 && saturated(col, y) {
				colours[img.At(col, y)] = true
			}
		}
		if len(colours) < 50 {
			t.Errorf("%s: the rightmost coloured column (x %d of %d) shows %d colours: no colour bar", name, col, b.Dx(), len(colours))
		}
	}
}
