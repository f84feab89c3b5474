package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOPEDemo: ope on the demo's log reports every estimator for every
// policy beside the exact value, scores the estimators, and draws the
// picture; a policy's exact value is the same as eval's exact optimum for
// the optimal policy from the logged starts.
func TestOPEDemo(t *testing.T) {
	png := filepath.Join(t.TempDir(), "ope.png")
	v := runJSON(t, "ope", "--bootstrap", "4", "--policy", "random", "--policy", "noop", "--policy", "optimal", "--png", png)
	if v["episodes"] != 239.0 || v["dropped"] != 1.0 || v["propensity"] != "behaviour cloning" {
		t.Errorf("episodes %v, dropped %v, propensity %v", v["episodes"], v["dropped"], v["propensity"])
	}
	ps := v["policies"].([]any)
	if len(ps) != 3 {
		t.Fatalf("%d policies", len(ps))
	}
	exact := map[string]float64{}
	for _, p := range ps {
		p := p.(map[string]any)
		exact[p["name"].(string)] = p["exact"].(float64)
		mb := p["estimates"].(map[string]any)["MB"].(map[string]any)
		if mb["value"] == nil || mb["lo"] == nil {
			t.Errorf("%s: MB %v", p["name"], mb)
		}
	}
	if !(exact["optimal"] > exact["noop"] && exact["optimal"] > exact["random"]) {
		t.Errorf("exact values %v", exact)
	}
	scores := v["scores"].([]any)
	if len(scores) != 7 || scores[6].(map[string]any)["estimator"] != "MB" || scores[6].(map[string]any)["spearman"] == nil {
		t.Errorf("scores %v", scores)
	}
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("png: %v", err)
	}
	code, _, stderr := run(t, "ope", "--bootstrap", "-1", "--policy", "random")
	if code != 2 || !strings.Contains(stderr, "--bootstrap") {
		t.Errorf("--bootstrap -1: exit %d, %q", code, stderr)
	}
}
