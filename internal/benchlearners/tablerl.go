package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
)

// table is one benchmark table: a data file and spec as tablerl takes them
// ("" for the embedded demo and for the spec tablerl chooses).
type table struct {
	Name, Data, Spec string
	States           int // the states gen says it wrote; 0 when unknown
}

// args returns the DATA and --spec arguments of a tablerl command.
func (t table) args() []string {
	var a []string
	if t.Data != "" {
		a = append(a, t.Data)
	}
	if t.Spec != "" {
		a = append(a, "--spec", t.Spec)
	}
	return a
}

// inspection is what the benchmark reads of tablerl inspect --json.
type inspection struct {
	Rows          int     `json:"rows"`
	Configs       int     `json:"configs"` // recorded (configuration, context) states
	OptimalReturn float64 `json:"optimal_return"`
	RandomReturn  float64 `json:"random_return"`
}

// training is what the benchmark reads of tablerl train --json.
type training struct {
	Steps         int     `json:"steps"`
	Seconds       float64 `json:"seconds"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	GreedyReturn  float64 `json:"greedy_return"`
	OptimalReturn float64 `json:"optimal_return"`
	PctOfOptimal  float64 `json:"pct_of_optimal"`
}

// tablerl runs bin with args and decodes its one JSON object into v; a
// failure carries the command's stderr.
func tablerl(bin string, v any, args ...string) error {
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %v: %v: %s", bin, args, err, bytes.TrimSpace(errb.Bytes()))
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		return fmt.Errorf("%s %v: %w", bin, args, err)
	}
	return nil
}

// suiteTables writes the synth suite into dir with tablerl gen suite.
func suiteTables(bin, dir string) ([]table, error) {
	var rep struct {
		Tables []struct {
			Name, Data, Spec string
			States           int
		} `json:"tables"`
	}
	if err := tablerl(bin, &rep, "gen", "suite", "--json", dir); err != nil {
		return nil, err
	}
	var ts []table
	for _, t := range rep.Tables {
		ts = append(ts, table{Name: t.Name, Data: t.Data, Spec: t.Spec, States: t.States})
	}
	return ts, nil
}

// train runs one default training into a temporary directory, removed after.
func train(bin string, t table, algo string, seed int) (training, error) {
	dir, err := os.MkdirTemp("", "bench-learners-*")
	if err != nil {
		return training{}, err
	}
	defer os.RemoveAll(dir)
	var tr training
	args := append([]string{"train"}, t.args()...)
	args = append(args, "--algo", algo, "--seed", fmt.Sprint(seed), "--quiet", "--json", "--out", dir)
	return tr, tablerl(bin, &tr, args...)
}
