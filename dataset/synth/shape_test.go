package synth_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

// shapeConfigs are the tables whose every row TestShape checks.
func shapeConfigs() map[string]synth.Config {
	small := synth.DefaultConfig()
	small.Rows, small.Seed = 50, 3
	calm := synth.DefaultConfig()
	calm.Rows, calm.SpikeRate, calm.Missing = 3000, 0, 0
	wild := synth.DefaultConfig()
	wild.Rows, wild.Seed, wild.SpikeRate, wild.LoadNoise, wild.Missing, wild.Bias = 3000, 9, 0.1, 1, 0.2, 0
	return map[string]synth.Config{
		"default": synth.DefaultConfig(),
		"small":   small,
		"calm":    calm,
		"wild":    wild,
	}
}

func TestShape(t *testing.T) {
	for name, cfg := range shapeConfigs() {
		t.Run(name, func(t *testing.T) {
			header, rows := parse(t, generate(t, cfg))
			if !slices.Equal(header, teaStoreHeader) {
				t.Fatalf("header %q, want %q", header, teaStoreHeader)
			}
			if len(rows) != cfg.Rows {
				t.Fatalf("%d rows, want %d", len(rows), cfg.Rows)
			}
			for i, r := range rows {
				if err := checkRow(t, r); err != nil {
					t.Fatalf("row %d %q: %v", i, r, err)
				}
				if err := checkLinks(rows, i); err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
			}
		})
	}
}

// checkRow checks one row's cells against their ranges.
func checkRow(t *testing.T, r []string) error {
	if len(r) != len(teaStoreHeader) {
		return fmt.Errorf("%d fields, want %d", len(r), len(teaStoreHeader))
	}
	isInt := func(col int, lo, hi, step int) error {
		v, err := strconv.Atoi(r[col])
		if err != nil || v < lo || v > hi || v%step != 0 {
			return fmt.Errorf("column %d: %q, want a multiple of %d in %d..%d", col, r[col], step, lo, hi)
		}
		return nil
	}
	in := func(col int, lo, hi float64) error {
		if v := num(t, r, col); !(lo <= v && v <= hi) {
			return fmt.Errorf("column %d: %v, want %v..%v", col, v, lo, hi)
		}
		return nil
	}
	for _, err := range []error{
		isInt(colRe, 1, 9, 1), isInt(colHeap, 100, 900, 100), isInt(colCPU, 100, 900, 100),
		isInt(colNextRe, 1, 9, 1), isInt(colNextHeap, 100, 900, 100),
		isInt(colMaxSess, 0, math.MaxInt32, 1), isInt(colCurrSess, 0, math.MaxInt32, 1),
		in(colNextCPU, 0.1, 0.9),
		in(colCPUUsed, 0, 1), in(colRAM, 0, 1),
		in(colCost, 0.001, 1),
	} {
		if err != nil {
			return err
		}
	}
	inc, out := num(t, r, colInc), num(t, r, colOut)
	if inc <= 0 {
		return fmt.Errorf("inc_tps %v, want > 0", inc)
	}
	if out < 0 {
		return fmt.Errorf("out_tps %v, want ≥ 0", out)
	}
	if out > inc {
		return fmt.Errorf("out_tps %v > inc_tps %v", out, inc)
	}
	// Qvalue is reward/10, both rounded to 4 decimals.
	if q, rw := num(t, r, colQValue), num(t, r, colReward); math.Abs(q-rw/10) > 1e-4 {
		return fmt.Errorf("Qvalue %v, want reward/10 = %v", q, rw/10)
	}
	return nil
}

// checkLinks checks that row i's next configuration is row i+1's, and that
// row i's actionstate names row i-1's configuration and an action leading
// from it to row i's.
func checkLinks(rows [][]string, i int) error {
	r := rows[i]
	if i+1 < len(rows) {
		n := rows[i+1]
		cpu, _ := strconv.Atoi(n[colCPU])
		want := fmt.Sprintf("%s %s %.2f", n[colRe], n[colHeap], float64(cpu)/1000)
		if got := r[colNextRe] + " " + r[colNextHeap] + " " + r[colNextCPU]; got != want {
			return fmt.Errorf("next configuration %q, want the next row's %q", got, want)
		}
	}
	var re, heap, cpu, a int
	if _, err := fmt.Sscanf(r[colActionState], "%d-%d-%d-%d", &re, &heap, &cpu, &a); err != nil {
		return fmt.Errorf("actionstate %q: %v", r[colActionState], err)
	}
	if i == 0 {
		if want := configKey(r) + "-0"; r[colActionState] != want {
			return fmt.Errorf("first actionstate %q, want %q", r[colActionState], want)
		}
		return nil
	}
	if want := configKey(rows[i-1]); fmt.Sprintf("%d-%d-%d", re, heap, cpu) != want {
		return fmt.Errorf("actionstate %q, want the previous configuration %s", r[colActionState], want)
	}
	// The action's effect on (re, heap, cpu), in TeaStore's ids.
	moves := [...][3]int{{0, 0, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 0, 100}, {0, 0, -100}, {0, 100, 0}, {0, -100, 0}}
	if a < 0 || a >= len(moves) {
		return fmt.Errorf("action %d out of 0..6", a)
	}
	m := moves[a]
	if want := fmt.Sprintf("%d-%d-%d", re+m[0], heap+m[1], cpu+m[2]); configKey(r) != want {
		return fmt.Errorf("action %d from %d-%d-%d leads to %s, the row is %s", a, re, heap, cpu, want, configKey(r))
	}
	return nil
}

// The default load stays mostly within TeaStore's range.
func TestLoadRange(t *testing.T) {
	_, rows := parse(t, generate(t, synth.DefaultConfig()))
	var inc []float64
	for _, r := range rows {
		if v := num(t, r, colInc); !math.IsNaN(v) {
			inc = append(inc, v)
		}
	}
	slices.Sort(inc)
	q := func(p float64) float64 { return inc[int(p*float64(len(inc)-1))] }
	if lo, hi := q(0.01), q(0.99); lo < 80 || hi > 1600 {
		t.Errorf("1%%–99%% of inc_tps in %.0f–%.0f, want within 80–1600", lo, hi)
	}
	if m := q(0.5); m < 300 || m > 700 {
		t.Errorf("median inc_tps %.0f, want 300–700", m)
	}
}

// Mean cost rises with the cores paid for, re × cpu, and the share of the
// load served rises with the configuration's size.
func TestCostAndServiceGrowWithSize(t *testing.T) {
	_, rows := parse(t, generate(t, synth.DefaultConfig()))
	// Bins of re × cores: up to 1, 2.5, 4.5, beyond.
	bounds := []float64{1, 2.5, 4.5, math.Inf(1)}
	sum, n := make([]float64, len(bounds)), make([]int, len(bounds))
	var small, large struct{ served, offered float64 }
	for _, r := range rows {
		re, cores := num(t, r, colRe), num(t, r, colCPU)/1000
		b, _ := slices.BinarySearch(bounds, re*cores)
		sum[b] += num(t, r, colCost)
		n[b]++

		inc, out := num(t, r, colInc), num(t, r, colOut)
		if math.IsNaN(inc) || math.IsNaN(out) {
			continue
		}
		switch heap := num(t, r, colHeap); {
		case re <= 2 && cores <= 0.2:
			small.served += out
			small.offered += inc
		case re >= 8 && cores >= 0.8 && heap >= 500:
			large.served += out
			large.offered += inc
		}
	}
	prev := 0.0
	for b := range bounds {
		mean := sum[b] / float64(n[b])
		if mean <= prev {
			t.Errorf("mean cost %.4f at re×cores ≤ %v, not above the previous bin's %.4f", mean, bounds[b], prev)
		}
		prev = mean
	}
	fs, fl := small.served/small.offered, large.served/large.offered
	if fs >= 0.5 || fl <= 0.9 {
		t.Errorf("share served %.2f by the smallest configurations, %.2f by the largest, want < 0.5 and > 0.9", fs, fl)
	}
}

func TestMissingFraction(t *testing.T) {
	for _, p := range []float64{0, 0.0075, 0.05} {
		cfg := synth.DefaultConfig()
		cfg.Missing = p
		_, rows := parse(t, generate(t, cfg))
		n := float64(len(rows))
		// Within 4 standard deviations of the binomial mean, for each column.
		tol := 4 * math.Sqrt(n*p*(1-p))
		for _, col := range []int{colInc, colOut} {
			k := 0
			for _, r := range rows {
				if isNaN(t, r, col) {
					k++
				}
			}
			if math.Abs(float64(k)-n*p) > tol {
				t.Errorf("Missing %v: %d nan in column %d of %v rows, want %.0f ± %.0f", p, k, col, n, n*p, tol)
			}
		}
		// Only those two columns may be missing.
		for i, r := range rows {
			for col := range r {
				if col != colInc && col != colOut && r[col] == "nan" {
					t.Fatalf("Missing %v: row %d column %d is nan", p, i, col)
				}
			}
		}
	}
}
