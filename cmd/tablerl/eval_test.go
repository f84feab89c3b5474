package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/internal/teastore"
)

// TestTeaStoreEvalBaselines is the comparison: on TeaStore from row
// 558, 1,000 episodes of random, noop, threshold, target, optimal and a
// trained PPO policy. The optimal policy's mean covers the exact 13.9615 and
// the PPO policy is within 1% of it.
func TestTeaStoreEvalBaselines(t *testing.T) {
	path := teastore.Path(t)
	out := filepath.Join(t.TempDir(), "ppo")
	runJSON(t, "train", path, "--algo", "ppo", "--seed", "1", "--out", out, "--quiet")
	ppo := filepath.Join(out, "policy.json")
	csvOut := filepath.Join(t.TempDir(), "eval.csv")
	v := runJSON(t, "eval", path, "--start-row", "558", "--episodes", "1000", "--seed", "1", "--csv", csvOut,
		"--policy", "random", "--policy", "noop", "--policy", "threshold", "--policy", "target",
		"--policy", "optimal", "--policy", ppo)
	if got := v["optimal_return"].(float64); math.Abs(got-13.9615) > 0.001 {
		t.Fatalf("exact optimal %v, want 13.9615", got)
	}
	byName := map[string]map[string]any{}
	for _, p := range v["policies"].([]any) {
		p := p.(map[string]any)
		byName[p["name"].(string)] = p
		for _, k := range []string{"mean_return", "ci95", "pct_of_optimal", "normalized_score", "invalid_rate", "metrics", "p_value"} {
			if _, ok := p[k]; !ok {
				t.Errorf("%s lacks %q", p["name"], k)
			}
		}
		m := p["metrics"].(map[string]any)
		if _, ok := m["cost"]; !ok {
			t.Errorf("%s: metrics %v lack cost", p["name"], m)
		}
	}
	if len(byName) != 6 {
		t.Fatalf("%d policies reported, want 6", len(byName))
	}
	opt := byName["optimal"]
	if mean, ci := opt["mean_return"].(float64), opt["ci95"].(float64); math.Abs(mean-13.9615) > ci {
		t.Errorf("optimal policy: %.4f ± %.4f does not cover 13.9615", mean, ci)
	}
	if ns := opt["normalized_score"].(float64); math.Abs(ns-100) > 1 {
		t.Errorf("optimal normalized score %.2f, want about 100", ns)
	}
	if pct := byName[ppo]["pct_of_optimal"].(float64); pct < 99 {
		t.Errorf("PPO reaches %.2f%% of the optimum, want ≥ 99%%", pct)
	}
	if ns := byName["random"]["normalized_score"].(float64); math.Abs(ns) > 3 {
		t.Errorf("random normalized score %.2f, want about 0", ns)
	}
	if byName["random"]["p_value"].(float64) != 1 || byName["optimal"]["p_value"].(float64) > 1e-6 {
		t.Errorf("p-values against random: random %v, optimal %v", byName["random"]["p_value"], byName["optimal"]["p_value"])
	}
	for _, name := range []string{"noop", "threshold", "target"} {
		if r := byName[name]["invalid_rate"].(float64); r != 0 {
			t.Errorf("%s hit unrecorded configurations on %.1f%% of steps", name, 100*r)
		}
	}
	rows := readCSV(t, csvOut)
	if len(rows) != 7 || rows[0][0] != "policy" || rows[5][0] != "optimal" {
		t.Errorf("eval --csv: %d rows, %v", len(rows), rows[0])
	}
}

// TestTeaStoreReplay: 50 rows from row 558 whose cumulative reward is the
// running sum of the rewards, with the configuration in the table's units.
func TestTeaStoreReplay(t *testing.T) {
	path := teastore.Path(t)
	csvOut := filepath.Join(t.TempDir(), "replay.csv")
	code, out, errs := run(t, "replay", path, "--policy", "optimal", "--start-row", "558", "--csv", csvOut)
	if code != 0 {
		t.Fatalf("replay: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "+replicas") && !strings.Contains(out, "-replicas") {
		t.Errorf("replay printed no scaling:\n%s", out)
	}
	rows := readCSV(t, csvOut)
	want := []string{"step", "action", "replicas", "cpu", "heap", "inc_tps", "out_tps", "cpu.1", "ram", "cost", "reward", "return"}
	if strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Fatalf("replay header %v, want %v", rows[0], want)
	}
	if len(rows) != 51 {
		t.Fatalf("replay wrote %d steps, want 50", len(rows)-1)
	}
	sum := 0.0
	for i, r := range rows[1:] {
		f := func(col int) float64 {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatalf("row %d column %s: %v", i+1, want[col], err)
			}
			return v
		}
		sum += f(10)
		if math.Abs(f(11)-sum) > 1e-9 {
			t.Errorf("step %d: cumulative %v, sum of rewards %v", i+1, f(11), sum)
		}
		replicas, cpu, heap := f(2), f(3), f(4)
		if replicas != math.Trunc(replicas) || replicas < 1 || replicas > 9 ||
			math.Mod(cpu, 100) != 0 || cpu < 100 || cpu > 900 || math.Mod(heap, 100) != 0 || heap < 100 || heap > 900 {
			t.Errorf("step %d: replicas %v, cpu %v, heap %v: not the table's units", i+1, replicas, cpu, heap)
		}
	}
	v := runJSON(t, "replay", path, "--policy", "optimal", "--start-row", "558")
	if got := v["return"].(float64); math.Abs(got-sum) > 1e-9 || v["start_row"].(float64) != 558 || len(v["steps"].([]any)) != 50 {
		t.Errorf("replay --json: return %v (CSV %v), start_row %v, %d steps", got, sum, v["start_row"], len(v["steps"].([]any)))
	}
}

// TestBaselineArgs: a bad --policy is a usage error naming the problem.
func TestBaselineArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--policy", "threshold:hi=1"}, `unknown key "hi"`},
		{[]string{"eval", "--policy", "target:knob=disk"}, `no knob "disk"`},
		{[]string{"eval", "--policy", "greedy"}, "threshold"},
		{[]string{"replay"}, "--policy"},
		{[]string{"replay", "--policy", "noop", "--delay", "-1s"}, "delay"},
	} {
		code, _, errs := run(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("tablerl %v: exit %d, %q; want exit 2 mentioning %q", c.args, code, errs, c.want)
		}
	}
	code, _, errs := run(t, "eval", "--policy", filepath.Join(t.TempDir(), "none.json"))
	if code != 1 || !strings.Contains(errs, "none.json") {
		t.Errorf("a missing policy.json: exit %d, %q", code, errs)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestReplaySameSeedSameFiles: the same --seed gives byte-identical output,
// CSV and PNG; another seed another episode.
func TestReplaySameSeedSameFiles(t *testing.T) {
	dir := t.TempDir()
	outputs := func(name, seed string) (string, []byte, []byte) {
		c, p := filepath.Join(dir, name+".csv"), filepath.Join(dir, name+".png")
		code, out, errs := run(t, "replay", "--policy", "random", "--seed", seed, "--csv", c, "--png", p)
		if code != 0 {
			t.Fatalf("replay: %s", errs)
		}
		cb, _ := os.ReadFile(c)
		pb, _ := os.ReadFile(p)
		return strings.NewReplacer(c, "CSV", p, "PNG").Replace(out), cb, pb
	}
	o1, c1, p1 := outputs("a", "5")
	o2, c2, p2 := outputs("b", "5")
	o3, c3, _ := outputs("c", "6")
	if o1 != o2 || string(c1) != string(c2) || string(p1) != string(p2) {
		t.Error("the same --seed gave different replays")
	}
	if o1 == o3 || string(c1) == string(c3) {
		t.Error("different seeds gave the same replay")
	}
}
