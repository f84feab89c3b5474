package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// holeyTable has a grid of two knobs with holes, so a random walk makes
// invalid moves, and a reward that is a column also observed.
func holeyTable(t *testing.T) (data, spec string) {
	t.Helper()
	dir := t.TempDir()
	data, spec = filepath.Join(dir, "holey.csv"), filepath.Join(dir, "holey.yaml")
	csv := "a,b,lat,score\n1,1,10,1\n1,2,12,2\n2,1,15,3\n2,2,11,4\n3,3,9,5\n1,3,13,6\n"
	if err := os.WriteFile(data, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := "knobs: [a, b]\nobserve: [lat, score]\nreward: {column: score}\nhorizon: 30\nstart: {row: 0}\n"
	if err := os.WriteFile(spec, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return data, spec
}

// TestRewardColumnShownOnce: a reward that is a column is the step's
// reward, not also a metric beside it.
func TestRewardColumnShownOnce(t *testing.T) {
	data, spec := holeyTable(t)
	code, out, errs := run(t, "replay", data, "--spec", spec, "--policy", "random")
	if code != 0 {
		t.Fatalf("replay: %d %s", code, errs)
	}
	header := strings.Fields(strings.SplitN(out, "\n", 2)[0])
	if want := []string{"step", "action", "a", "b", "lat", "reward", "return"}; strings.Join(header, " ") != strings.Join(want, " ") {
		t.Errorf("replay header %q, want %q", header, want)
	}
	code, out, errs = run(t, "sample", data, "--spec", spec, "-v", "--episodes", "1")
	if code != 0 {
		t.Fatalf("sample: %d %s", code, errs)
	}
	if strings.Contains(out, "score=") || !strings.Contains(out, "lat=") {
		t.Errorf("sample -v shows the reward column as a metric:\n%s", out)
	}
}

// TestSampleAgreesWithReplay: sample -v's first episode is replay's episode
// of the random policy with the same seed, step for step, and after an
// invalid move both show no metrics (nothing was measured), not the
// previous row's.
func TestSampleAgreesWithReplay(t *testing.T) {
	data, spec := holeyTable(t)
	type step struct {
		Step    int                 `json:"step"`
		Action  string              `json:"action"`
		Valid   bool                `json:"valid"`
		Row     int                 `json:"row"`
		Metrics map[string]*float64 `json:"metrics"`
		Reward  float64             `json:"reward"`
		Return  float64             `json:"return"`
	}
	var rep, smp struct{ Steps []step }
	for _, c := range []struct {
		args []string
		into any
	}{
		{[]string{"replay", data, "--spec", spec, "--policy", "random", "--seed", "4", "--json"}, &rep},
		{[]string{"sample", data, "--spec", spec, "-v", "--episodes", "1", "--seed", "4", "--json"}, &smp},
	} {
		code, out, errs := run(t, c.args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", c.args, code, errs)
		}
		if err := json.Unmarshal([]byte(out), c.into); err != nil {
			t.Fatal(err)
		}
	}
	if len(rep.Steps) != 30 || len(smp.Steps) != 30 {
		t.Fatalf("%d and %d steps, want 30", len(rep.Steps), len(smp.Steps))
	}
	invalid := 0
	for i, r := range rep.Steps {
		s := smp.Steps[i]
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(s)
		if string(a) != string(b) {
			t.Errorf("step %d: replay %s, sample %s", i+1, a, b)
		}
		if !r.Valid {
			invalid++
			if r.Metrics["lat"] != nil {
				t.Errorf("step %d: an invalid move shows lat %v", i+1, *r.Metrics["lat"])
			}
		}
	}
	if invalid == 0 {
		t.Fatal("no invalid move in the episode: the test shows nothing")
	}
	// And the text: an invalid step's metrics are "-" in both.
	_, out, _ := run(t, "sample", data, "--spec", spec, "-v", "--episodes", "1", "--seed", "4")
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "invalid move, state kept") && !strings.Contains(line, "lat=-  reward") {
			t.Errorf("sample -v after an invalid move: %q", line)
		}
	}
}
