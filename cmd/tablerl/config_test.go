package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/train"
	"go.yaml.in/yaml/v3"
)

// TestConfigErrors: a bad --config file is named with the line and key of
// the mistake, as a spec's are, in words rather than Go's types.
func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ yaml, want string }{
		{"algo: ppo\nparams:\n  lr: fast\n", `cfg.yaml:3: params.lr: want a number, got "fast"`},
		{"params:\n  total_steps: 1000\n  lrr: 0.1\n", `cfg.yaml:3: params.lrr: unknown key (did you mean "lr"?)`},
		{"params:\n  hidden: [64, x]\n", `cfg.yaml:2: params.hidden: want positive whole numbers separated by commas, got "64,x"`},
		{"params:\n  num_envs: {a: 1}\n", `cfg.yaml:2: params.num_envs: want a value or a list of values, not a mapping`},
		{"params:\n  anneal_lr: maybe\n", `cfg.yaml:2: params.anneal_lr: want true or false, got "maybe"`},
		{"params:\n  seed: -1\n", `cfg.yaml:2: params.seed: want a non-negative whole number, got "-1"`},
		{"params:\n  seed: 1\n  seed: 2\n", `cfg.yaml:3: params.seed: repeated key`},
		{"algo: dqn\n", `cfg.yaml:1: algo: the file is for "dqn", not ppo`},
		{"algorithm: ppo\n", `cfg.yaml:1: algorithm: unknown key (known: algo, params)`},
		{"parms: {}\n", `cfg.yaml:1: parms: unknown key (did you mean "params"?)`},
		{"- 1\n- 2\n", `cfg.yaml:1: (top level): want a mapping of keys`},
		{"params:\n  lr: 0.1\n  bad\n", `cfg.yaml:3: could not find expected ':'`},
		{"params: {lr: 0.1}\n---\nparams: {lr: 0.2}\n", `cfg.yaml:2: a second YAML document; a config file holds one`},
	} {
		path := filepath.Join(dir, "cfg.yaml")
		if err := os.WriteFile(path, []byte(c.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		a, _ := train.LookupAlgorithm("ppo")
		err := readConfig(path, "ppo", a.NewConfig())
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), path+":") {
			t.Errorf("%q: error %v, want it to say %q", c.yaml, err, c.want)
			continue
		}
		for _, goish := range []string{"!!", "unmarshal", "into int", "float64", "yaml: "} {
			if strings.Contains(err.Error(), goish) {
				t.Errorf("%q: error %q says %q", c.yaml, err, goish)
			}
		}
	}
	// The command line says the same, as a failure.
	path := filepath.Join(dir, "cfg.yaml")
	os.WriteFile(path, []byte("params:\n  lr: fast\n"), 0o644)
	code, _, errs := run(t, "train", "--config", path, "--steps", "10")
	if code != 1 || !strings.Contains(errs, path+`:2: params.lr: want a number, got "fast"`) {
		t.Errorf("train --config: exit %d, %q", code, errs)
	}
}

// TestConfigRoundTrip: what writeConfig writes (a run's config.yaml, which
// --resume reads back) readConfig reads to the same config, for every
// algorithm, start_row (a file-only key) included.
func TestConfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, a := range train.Algorithms() {
		cfg := a.NewConfig()
		for _, p := range cfg.Params() {
			switch p.Name {
			case "total_steps":
				p.Value.Set("4321")
			case "start_row":
				p.Value.Set("7")
			case "hidden":
				p.Value.Set("9,5")
			}
		}
		path := filepath.Join(dir, a.Name+".yaml")
		if err := writeConfig(path, a.Name, cfg); err != nil {
			t.Fatal(err)
		}
		got := a.NewConfig()
		if err := readConfig(path, a.Name, got); err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		want, _ := yaml.Marshal(cfg)
		have, _ := yaml.Marshal(got)
		if string(want) != string(have) {
			t.Errorf("%s: read back\n%s\nwant\n%s", a.Name, have, want)
		}
		if got.Base().StartRow != 7 || got.Base().TotalSteps != 4321 {
			t.Errorf("%s: start_row %d, total_steps %d", a.Name, got.Base().StartRow, got.Base().TotalSteps)
		}
	}
	// An empty file, and params: with nothing under it, keep the defaults.
	for _, text := range []string{"", "algo: ppo\nparams:\n"} {
		path := filepath.Join(dir, "empty.yaml")
		os.WriteFile(path, []byte(text), 0o644)
		a, _ := train.LookupAlgorithm("ppo")
		if err := readConfig(path, "ppo", a.NewConfig()); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}
