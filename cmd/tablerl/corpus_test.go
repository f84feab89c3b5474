package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/train"
)

// The bad-input corpus: every file in testdata/corpus is one command line
// with its files and its expected outcome, run as a real process (the test
// binary as tablerl, see TestMain) so that its peak memory can be read. A
// case file is a header, then its files:
//
//	# what the case is (comment lines start with #)
//	args: inspect data.txt --spec spec.yaml
//	env: TABLERL_LIMITS=cells=10          (optional, repeatable)
//	gen: big.txt header100m               (optional: a file made at test time)
//	want: exit 1 data\.txt:3: column 2    (or: want: accepted)
//	stderr: warning: .*reward             (optional: stderr must match)
//	-- data.txt --
//	re cpu reward
//	...
//
// The command runs in a fresh directory holding the files, so that a
// message names them as given. Every case must end within caseTimeout with
// a peak resident memory under caseMaxRSS. A refused input exits with the
// code wanted, and its message is one line (a usage error's "run 'tablerl
// … --help'" hint aside) that matches the case's pattern and names the
// file, flag, key or limit at fault.
const (
	caseTimeout = 10 * time.Second
	caseMaxRSS  = 1 << 30 // bytes
)

// corpusCase is one parsed case file.
type corpusCase struct {
	name   string
	args   []string
	env    []string
	gen    map[string]string // file → generator
	exit   int
	want   *regexp.Regexp // the message's pattern (exit > 0)
	stderr *regexp.Regexp
	files  map[string]string
}

func parseCase(name, text string) (*corpusCase, error) {
	c := &corpusCase{name: name, gen: map[string]string{}, files: map[string]string{}, exit: -1}
	lines := strings.SplitAfter(text, "\n")
	i := 0
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "-- "); i++ {
		line := strings.TrimRight(lines[i], "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value, got %q", i+1, line)
		}
		switch key {
		case "args":
			c.args = strings.Fields(val)
		case "env":
			c.env = append(c.env, val)
		case "gen":
			f, g, _ := strings.Cut(val, " ")
			c.gen[f] = g
		case "want":
			if val == "accepted" {
				c.exit = 0
				continue
			}
			var code, re string
			if _, err := fmt.Sscanf(val, "exit %s", &code); err != nil {
				return nil, fmt.Errorf("line %d: want accepted or exit N REGEX, got %q", i+1, val)
			}
			re = strings.TrimSpace(strings.TrimPrefix(val, "exit "+code))
			n, err := strconv.Atoi(code)
			if err != nil || n < 1 || re == "" {
				return nil, fmt.Errorf("line %d: want exit N REGEX, got %q", i+1, val)
			}
			c.exit = n
			if c.want, err = regexp.Compile(re); err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
		case "stderr":
			var err error
			if c.stderr, err = regexp.Compile(val); err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
		default:
			return nil, fmt.Errorf("line %d: unknown key %q", i+1, key)
		}
	}
	if len(c.args) == 0 || c.exit < 0 {
		return nil, errors.New("a case needs args: and want:")
	}
	file := ""
	for ; i < len(lines); i++ {
		if l := strings.TrimRight(lines[i], "\n"); strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") {
			file = strings.TrimSuffix(strings.TrimPrefix(l, "-- "), " --")
			c.files[file] = ""
			continue
		}
		c.files[file] += lines[i]
	}
	return c, nil
}

// generators make the hostile inputs too large to commit.
var generators = map[string]func(path string) error{
	// A 100 MB header line: "c0 c1 c2 …" with no newline for 100 MB.
	"header100m": func(path string) error {
		return writeStream(path, 100<<20, []byte("col "), "\n1\n")
	},
	// A 100 MB file of one unclosed CSV quote over empty lines.
	"quote100m": func(path string) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		f.WriteString("a,b\n\"")
		return writeRepeated(f, 100<<20, []byte("\n\n\n\n\n\n\n\n"))
	},
	// A 4 GiB sparse file of zero bytes after a valid start: no newline
	// for 4 GiB.
	"sparse4g": func(path string) error {
		if err := os.WriteFile(path, []byte("a b\n1 2\n"), 0o644); err != nil {
			return err
		}
		return os.Truncate(path, 4<<30)
	},
	// A policy.json that is /dev/zero.
	"devzero-link": func(path string) error { return os.Symlink("/dev/zero", path) },
	// 20,000 columns, over the columns limit.
	"wide20k": func(path string) error {
		var b bytes.Buffer
		for i := range 20000 {
			fmt.Fprintf(&b, "c%d ", i)
		}
		b.WriteString("\n")
		for range 20000 {
			b.WriteString("1 ")
		}
		b.WriteString("\n")
		return os.WriteFile(path, b.Bytes(), 0o644)
	},
	// A spec of 2,000,000 observe entries (spec_bytes).
	"observe2m": func(path string) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		f.WriteString("knobs: [re]\nreward: {column: reward}\nobserve:\n")
		return writeRepeated(f, 2_000_000*len("  - cpu\n"), []byte("  - cpu\n"))
	},
	// 128 knobs, one more than actions numbered in a byte allow.
	"knobs128": func(path string) error {
		var b strings.Builder
		b.WriteString("reward: {column: reward}\nknobs:\n")
		for i := range 128 {
			fmt.Fprintf(&b, "  - {name: k%d, column: re}\n", i)
		}
		return os.WriteFile(path, []byte(b.String()), 0o644)
	},
	// The case's data.txt as Parquet.
	"parquet": func(path string) error {
		t, err := dataset.Load(filepath.Join(filepath.Dir(path), "data.txt"), dataset.LoadOptions{})
		if err != nil {
			return err
		}
		defer t.Release()
		return dataset.Write(t, path, dataset.FormatParquet)
	},
	// A table of 200,000 rows: many cells, for the cells limit.
	"rows200k": func(path string) error {
		var b bytes.Buffer
		b.WriteString("re cpu reward\n")
		for i := range 200_000 {
			fmt.Fprintf(&b, "%d %d %d\n", 1+i%3, 100*(1+i%2), i%7)
		}
		return os.WriteFile(path, b.Bytes(), 0o644)
	},
}

// writeStream writes unit repeated to size bytes, then tail.
func writeStream(path string, size int, unit []byte, tail string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := writeRepeated(f, size, unit); err != nil {
		return err
	}
	_, err = f.WriteString(tail)
	return err
}

func writeRepeated(f *os.File, size int, unit []byte) error {
	w := bufio.NewWriterSize(f, 1<<20)
	for n := 0; n < size; n += len(unit) {
		w.Write(unit)
	}
	return w.Flush()
}

func TestCorpus(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 100 {
		t.Fatalf("the corpus has %d cases, want at least 100", len(paths))
	}
	keys := paramKeys()
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseCase(filepath.Base(path), string(text))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Run(strings.TrimSuffix(c.name, ".txt"), func(t *testing.T) {
			t.Parallel()
			runCase(t, c, keys)
		})
	}
}

func runCase(t *testing.T, c *corpusCase, keys []string) {
	dir := t.TempDir()
	for name, body := range c.files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, g := range c.gen {
		gen, ok := generators[g]
		if !ok {
			t.Fatalf("no generator %q", g)
		}
		if err := gen(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), childArgs+"="+strings.Join(c.args, "\n")), c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	err := cmd.Run()
	took := time.Since(began)
	if ctx.Err() != nil {
		t.Fatalf("tablerl %s: still running after %v (a hang)", strings.Join(c.args, " "), caseTimeout)
	}
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > caseMaxRSS {
			t.Errorf("peak memory %d MiB, over %d MiB", ru.Maxrss/1024, caseMaxRSS>>20)
		}
	}
	msg := stderr.String()
	if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine ") {
		t.Fatalf("a panic: %s", msg)
	}
	if c.stderr != nil && !c.stderr.MatchString(msg) {
		t.Errorf("stderr %q does not match %q", msg, c.stderr)
	}
	if c.exit == 0 {
		if code != 0 {
			t.Fatalf("a valid input refused: exit %d after %v: %s", code, took, msg)
		}
		return
	}
	if code != c.exit {
		t.Fatalf("exit %d, want %d; stderr: %s", code, c.exit, msg)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		if !strings.HasPrefix(l, "run 'tablerl") && !strings.HasPrefix(l, "usage:") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("want a one-line message, got %d lines: %q", len(lines), msg)
	}
	if !c.want.MatchString(lines[0]) {
		t.Errorf("message %q does not match %q", lines[0], c.want)
	}
	if !namesPlace(lines[0], c, keys) {
		t.Errorf("message %q names no file, flag, key or limit", lines[0])
	}
}

// namesPlace reports whether msg names where the fault is: a file the
// case has or names (followed by ':' and its line, key or column),
// /dev/zero, the embedded table, a flag the command line gave, a
// hyperparameter's key, TABLERL_LIMITS, or the unknown algorithm or the
// arguments themselves.
func namesPlace(msg string, c *corpusCase, keys []string) bool {
	places := []string{"/dev/zero:", "(embedded)", "TABLERL_LIMITS", "unknown algorithm", "argument"}
	for name := range c.files {
		places = append(places, name+":", filepath.Dir(name)+":")
	}
	for name := range c.gen {
		places = append(places, name+":")
	}
	for _, a := range c.args {
		if flag, _, _ := strings.Cut(a, "="); strings.HasPrefix(flag, "-") {
			places = append(places, strings.TrimLeft(flag, "-"))
		} else {
			places = append(places, a+":")
		}
	}
	for _, p := range places {
		if strings.Contains(msg, p) {
			return true
		}
	}
	for _, k := range keys {
		if regexp.MustCompile(`[ :]` + k + `[ :]`).MatchString(msg) {
			return true
		}
	}
	return false
}

// paramKeys are every algorithm's hyperparameter keys, which a config
// error names.
func paramKeys() []string {
	var keys []string
	for _, a := range train.Algorithms() {
		for _, p := range a.NewConfig().Params() {
			keys = append(keys, p.Name)
		}
	}
	return keys
}
