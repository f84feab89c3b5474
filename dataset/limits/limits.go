package limits

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
)

// Limits are the sizes tablerl refuses to exceed. Each field has a key (in
// TABLERL_LIMITS and in errors): Keys lists them, in field order.
type Limits struct {
	// LineBytes bounds a text table's line (and a CSV record spanning lines).
	LineBytes int64
	// Columns bounds a table's columns.
	Columns int64
	// Cells bounds a table's rows × columns.
	Cells int64
	// SpecBytes bounds a spec or config YAML file.
	SpecBytes int64
	// SpecEntries bounds each list of a spec (knobs, observe, context, metrics).
	SpecEntries int64
	// Horizon bounds a spec's horizon: an episode's steps, which a replay holds.
	Horizon int64
	// HorizonStates bounds horizon × states: the exact solution's policy table.
	HorizonStates int64
	// ModelCells bounds rows × observation length: the environment's
	// precomputed observations.
	ModelCells int64
	// NetworkParams bounds the weights of one network.
	NetworkParams int64
	// Rollout bounds the samples a learner holds at once: PPO's num_envs ×
	// rollout_len and minibatch, DQN's buffer_size, batch_size and num_envs.
	Rollout int64
	// Episodes bounds eval's and sample's --episodes.
	Episodes int64
	// FileBytes bounds the other files tablerl reads whole, which it wrote
	// itself: policy.json and curve.csv. A policy.json takes about 20
	// bytes a weight.
	FileBytes int64
}

// Default returns the default limits. Each is far above what the project's
// tables and defaults need (TeaStore: 17 columns, 21,168 rows, 729 states,
// horizon 50; PPO 48×48 networks and 4,096-sample rollouts; DQN a
// 100,000-transition buffer) and keeps what it bounds within hundreds of MB.
func Default() Limits {
	return Limits{
		LineBytes:     4 << 20,
		Columns:       10_000,
		Cells:         100_000_000,
		SpecBytes:     1 << 20,
		SpecEntries:   1_000,
		Horizon:       1_000_000,
		HorizonStates: 100_000_000,
		ModelCells:    100_000_000,
		NetworkParams: 4_000_000,
		Rollout:       1_000_000,
		Episodes:      10_000_000,
		FileBytes:     128 << 20,
	}
}

var current atomic.Pointer[Limits]

// Current returns the limits in force: those last Set, else Default.
func Current() Limits {
	if l := current.Load(); l != nil {
		return *l
	}
	return Default()
}

// Set makes l the limits in force, for every goroutine.
func Set(l Limits) { current.Store(&l) }

// EnvVar is the environment variable FromEnv reads.
const EnvVar = "TABLERL_LIMITS"

// ErrExceeded marks an input over a limit; test with errors.Is.
var ErrExceeded = errors.New("over the limit")

// ErrSetting marks a bad TABLERL_LIMITS setting.
var ErrSetting = errors.New("bad limit setting")

// Error is the error of a size over a limit. It says what was too large,
// by how much, and how to raise the limit; the caller wraps it with the
// file, key or flag the size came from.
type Error struct {
	Key  string // the limit's key: "horizon_states"
	What string // what was counted: "horizon × states"
	Got  int64  // the size asked for (math.MaxInt64 where it overflows)
	Max  int64  // the limit
}

func (e *Error) Error() string {
	got := strconv.FormatInt(e.Got, 10)
	if e.Got == math.MaxInt64 {
		got = "more than 9.2e18"
	}
	return fmt.Sprintf("%v: %s is %s, the limit %s is %d (raise it with %s=%s=N)",
		ErrExceeded, e.What, got, e.Key, e.Max, EnvVar, e.Key)
}

func (e *Error) Unwrap() error { return ErrExceeded }

// Check returns an *Error when got exceeds max, else nil.
func Check(key, what string, got, max int64) error {
	if got > max {
		return &Error{Key: key, What: what, Got: got, Max: max}
	}
	return nil
}

// Mul is a × b for non-negative sizes, math.MaxInt64 where the product
// overflows: a product compared with a limit must not wrap around to a
// small number.
func Mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a < 0 || b < 0 || a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// Parse reads a setting "key=value,key=value" over base: each value a
// positive whole number (1e9 and 4_000_000 allowed). An unknown key or a
// bad value is an error wrapping ErrSetting that names it.
func Parse(s string, base Limits) (Limits, error) {
	l := base
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		key = strings.TrimSpace(key)
		if !ok {
			return base, fmt.Errorf("%w %q: want key=value", ErrSetting, part)
		}
		f := l.field(key)
		if f == nil {
			return base, fmt.Errorf("%w: unknown limit %q (known: %s)", ErrSetting, key, strings.Join(Keys(), ", "))
		}
		n, err := parseSize(strings.TrimSpace(val))
		if err != nil {
			return base, fmt.Errorf("%w: %s: %v", ErrSetting, key, err)
		}
		*f = n
	}
	return l, nil
}

// parseSize reads a positive whole number, in plain or e notation.
func parseSize(s string) (int64, error) {
	if n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64); err == nil {
		if n < 1 {
			return 0, fmt.Errorf("want a positive whole number, got %q", s)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f != math.Trunc(f) || f >= math.MaxInt64 {
		return 0, fmt.Errorf("want a positive whole number, got %q", s)
	}
	return int64(f), nil
}

// FromEnv returns Default with the TABLERL_LIMITS setting applied, if any.
func FromEnv(getenv func(string) string) (Limits, error) {
	s := getenv(EnvVar)
	l, err := Parse(s, Default())
	if err != nil {
		return l, fmt.Errorf("%s: %w", EnvVar, err)
	}
	return l, nil
}

// entry is one limit's key and field.
type entry struct {
	key string
	ptr *int64
}

func (l *Limits) entries() []entry {
	return []entry{
		{"line_bytes", &l.LineBytes},
		{"columns", &l.Columns},
		{"cells", &l.Cells},
		{"spec_bytes", &l.SpecBytes},
		{"spec_entries", &l.SpecEntries},
		{"horizon", &l.Horizon},
		{"horizon_states", &l.HorizonStates},
		{"model_cells", &l.ModelCells},
		{"network_params", &l.NetworkParams},
		{"rollout", &l.Rollout},
		{"episodes", &l.Episodes},
		{"file_bytes", &l.FileBytes},
	}
}

func (l *Limits) field(key string) *int64 {
	for _, e := range l.entries() {
		if e.key == key {
			return e.ptr
		}
	}
	return nil
}

// Keys lists the limits' keys, in the order of the Limits fields.
func Keys() []string {
	var l Limits
	var keys []string
	for _, e := range l.entries() {
		keys = append(keys, e.key)
	}
	return keys
}
