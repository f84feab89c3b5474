package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dirFiles reads every file of dir, by name.
func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// sameDirs reports where dir b's files differ from a's: names or bytes.
func sameDirs(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	an, bn := slices.Sorted(mapKeys(a)), slices.Sorted(mapKeys(b))
	if !slices.Equal(an, bn) {
		t.Errorf("%s: files %v, want %v", what, bn, an)
	}
	for name, want := range a {
		if got, ok := b[name]; ok && !bytes.Equal(got, want) {
			t.Errorf("%s: %s differs from the uninterrupted run's", what, name)
		}
	}
}

func mapKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// child is a tablerl run in a child process (see TestMain).
type child struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	exited chan struct{} // closed once it has ended
}

// startChild runs tablerl with args in a child process and waits until it
// has written path; it is killed at the test's end.
func startChild(t *testing.T, path string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0]), exited: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(args, "\n"))
	c.cmd.Stderr = &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// One Wait only: a second would wait forever for the output's copier.
	go func() { c.cmd.Wait(); close(c.exited) }()
	t.Cleanup(c.kill)
	for deadline := time.Now().Add(60 * time.Second); ; {
		if _, err := os.Stat(path); err == nil {
			return c
		}
		select {
		case <-c.exited:
			t.Fatalf("the child ended before writing %s:\n%s", path, c.stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 60s", path)
		}
	}
}

// kill kills the child (SIGKILL) and waits for its end.
func (c *child) kill() {
	c.cmd.Process.Kill()
	<-c.exited
}

// TestPPOKilledAndResumed: a PPO run killed (SIGKILL) after a checkpoint
// and resumed leaves every file of its --out byte for byte as an
// uninterrupted run — policy, decisions, curve as CSV and PNG, config and
// checkpoint — and no temporary file; while the run holds its --out a
// second run into it is refused.
func TestPPOKilledAndResumed(t *testing.T) {
	dir := t.TempDir()
	// 512-step rollouts, a checkpoint every 5,120 steps, and evaluations
	// every 1,000 steps: not a multiple of the rollout.
	args := func(out string) []string {
		return []string{"train", "--algo", "ppo", "--steps", "40000", "--num-envs", "16", "--rollout-len", "32", "--quiet", "--out", out}
	}
	whole := filepath.Join(dir, "whole")
	if code, _, errs := run(t, args(whole)...); code != 0 {
		t.Fatalf("uninterrupted run: %s", errs)
	}
	out := filepath.Join(dir, "killed")
	// Stopped where it has checkpointed, the child holds its --out.
	c := startChild(t, filepath.Join(out, "checkpoint.bin"), args(out)...)
	if err := c.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	for _, a := range [][]string{args(out), {"train", "--out", out, "--resume", "--quiet"}} {
		if code, _, errs := run(t, a...); code != 1 || !strings.Contains(errs, "another tablerl run") {
			t.Errorf("a second run into a running run's --out (%v): exit %d, %q; want 1, refused", a[len(a)-2:], code, errs)
		}
	}
	c.kill()
	// What a kill mid-write leaves: the next run removes it.
	os.WriteFile(filepath.Join(out, ".curve.csv.123456.tmp"), []byte("half"), 0o600)
	if _, err := os.Stat(filepath.Join(out, "policy.json")); err == nil {
		t.Fatal("the killed run got to the end: kill it earlier")
	}
	if code, _, errs := run(t, "train", "--out", out, "--resume", "--quiet"); code != 0 {
		t.Fatalf("resume: %s", errs)
	}
	sameDirs(t, "killed and resumed", dirFiles(t, whole), dirFiles(t, out))
}

// TestTrainIntoARun: a fresh train into a finished run's --out is refused
// without --force, and with it starts afresh; --resume refuses another
// --algo, and extends the run to a larger --steps, which config.yaml then
// holds.
func TestTrainIntoARun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"train", "--algo", "qtable", "--steps", "2000", "--quiet", "--out", out}
	runJSON(t, args...)
	first := dirFiles(t, out)
	code, _, errs := run(t, args...)
	if code != 1 || !strings.Contains(errs, "--force") || !strings.Contains(errs, "--resume") {
		t.Errorf("train into a finished run: exit %d, %q; want 1 naming --resume and --force", code, errs)
	}
	runJSON(t, append(args, "--force")...)
	sameDirs(t, "--force", first, dirFiles(t, out))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--algo", "ppo"}, "qtable run"},
		{[]string{"--force"}, "--force"},
		{[]string{"--gamma", "0.5"}, "--steps"},
	} {
		code, _, errs := run(t, append([]string{"train", "--out", out, "--resume", "--quiet"}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("--resume %v: exit %d, %q; want 2 mentioning %q", c.args, code, errs, c.want)
		}
	}
	rep := runJSON(t, "train", "--out", out, "--resume", "--algo", "qtable", "--steps", "4000", "--quiet")
	if rep["steps"] != 4000.0 || rep["resumed"] != true {
		t.Errorf("--resume --steps 4000: steps %v, resumed %v", rep["steps"], rep["resumed"])
	}
	if cfg, _ := os.ReadFile(filepath.Join(out, "config.yaml")); !strings.Contains(string(cfg), "total_steps: 4000") {
		t.Errorf("config.yaml after extending to 4000 steps:\n%s", cfg)
	}
	code, _, errs = run(t, "train", "--out", out, "--resume", "--steps", "1000", "--quiet")
	if code != 1 || !strings.Contains(errs, "4000 steps") {
		t.Errorf("--resume --steps below the steps taken: exit %d, %q", code, errs)
	}
	if cfg, _ := os.ReadFile(filepath.Join(out, "config.yaml")); !strings.Contains(string(cfg), "total_steps: 4000") {
		t.Errorf("a refused --steps changed config.yaml:\n%s", cfg)
	}
}

// TestStepsRoundedUp: a budget that is not whole rollouts runs to the next
// whole one, and the output says so.
func TestStepsRoundedUp(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, errs := run(t, "train", "--algo", "ppo", "--steps", "1000", "--num-envs", "8", "--rollout-len", "64", "--quiet", "--out", out)
	if code != 0 || !strings.Contains(stdout, "1024 steps") || !strings.Contains(stdout, "--steps 1000 rounded up to 1024") {
		t.Errorf("exit %d:\n%s%s", code, stdout, errs)
	}
	rep := runJSON(t, "train", "--algo", "ppo", "--steps", "1000", "--num-envs", "8", "--rollout-len", "64", "--quiet", "--out", out, "--force")
	if rep["steps"] != 1024.0 || rep["steps_requested"] != 1000.0 {
		t.Errorf("--json steps %v, steps_requested %v; want 1024, 1000", rep["steps"], rep["steps_requested"])
	}
}
