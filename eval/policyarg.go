package eval

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// ErrPolicyArg marks a policy argument that does not parse: an unknown kind,
// key or knob, or a value that is not a number (a usage error).
var ErrPolicyArg = errors.New("bad policy argument")

// Source is what NewPolicy builds policies from.
type Source struct {
	Model    *tableenv.Model
	Table    *dataset.Table // for rules that read table columns
	Solution *tableenv.Solution
	// DataSHA fingerprints the table's content (dataset.Table.Fingerprint),
	// to check a policy.json or decision table was made for it; FileSHA
	// fingerprints the table's file, for a version 1 policy.json, which was
	// made with that (train.FileSHA256). Nil skips the check (as AnyData does).
	DataSHA, FileSHA func() (string, error)
	// AnyData allows a policy.json made for other data.
	AnyData bool
}

// PolicyKinds documents NewPolicy's arguments.
const PolicyKinds = `[LABEL=]random | noop | optimal | threshold[:key=value,…] | target[:key=value,…] | step-scaling[:key=value,…] | scheduled | static | POLICY.json | DECISIONS.csv
  threshold keys:    metric, limit, scale, high (0.7), low (0.3), knob
  target keys:       metric, limit, scale, target (0.5), tolerance (0.1), knob, cooldown_out (0), cooldown_in (0)
  step-scaling keys: metric, limit, scale, out2 (0.9), out1 (0.7), in1 (0.5), in2 (0.3), knob, cooldown_out (0), cooldown_in (0)
  cooldowns are in steps; scheduled (a configuration per time of day fitted on the load series) and
  static (the best configuration, requested and held) need a spec with load: or delay:;
  optimal needs a plain spec (a dynamic spec's clairvoyant optimum is the 100 of its scores)
  utilization = metric / (limit × scale), or metric alone when limit is empty;
  TeaStore defaults: metric=cpu.1 limit=cpu scale=0.001 knob=replicas
  LABEL= names the policy in reports (ppo=runs/ppo/policy.json)`

// policyKindNames are the policies NewPolicy knows by name, for suggestions.
var policyKindNames = []string{"random", "noop", "optimal", "threshold", "target", "step-scaling", "scheduled", "static"}

// NewPolicy builds the policy an argument names (see PolicyKinds).
func NewPolicy(arg string, src Source) (LivePolicy, error) {
	if label, rest, ok := policyLabel(arg); ok {
		p, err := NewPolicy(rest, src)
		if err != nil {
			return nil, err
		}
		return &labelled{LivePolicy: p, label: label}, nil
	}
	kind, params, _ := strings.Cut(arg, ":")
	switch kind {
	case "random":
		return NewRandom(), noParams(arg, params)
	case "noop":
		return Noop{}, noParams(arg, params)
	case "optimal":
		if src.Model.Dynamic() {
			return nil, fmt.Errorf("%w %q: a spec with load:, delay:, change_cost: or actions: has a clairvoyant optimum (the 100 of its scores), not an optimal policy to play", ErrPolicyArg, arg)
		}
		if src.Solution == nil {
			src.Solution = tableenv.Solve(src.Model)
		}
		return &Optimal{Solution: src.Solution}, noParams(arg, params)
	case "threshold", "target", "step-scaling":
		return newRule(arg, kind, params, src)
	case "scheduled", "static":
		p, err := newPlanned(arg, kind, params, src)
		if err != nil {
			return nil, err
		}
		return episodeOnly{p}, nil
	}
	switch {
	case strings.HasSuffix(strings.ToLower(arg), ".json"):
		return loadTrained(arg, src)
	case strings.HasSuffix(strings.ToLower(arg), ".csv"):
		return loadDecisions(arg, src)
	}
	return nil, fmt.Errorf("%w %q%s: want %s", ErrPolicyArg, arg, dataset.DidYouMean(kind, policyKindNames), PolicyKinds)
}

func noParams(arg, params string) error {
	if params != "" {
		return fmt.Errorf("%w %q: takes no parameters", ErrPolicyArg, arg)
	}
	return nil
}

// loadTrained reads a policy.json and checks it against the data and spec.
func loadTrained(path string, src Source) (LivePolicy, error) {
	pf, err := train.LoadPolicy(path)
	if err != nil {
		return nil, err
	}
	fp := src.DataSHA
	if pf.HashesFileBytes() {
		fp = src.FileSHA
	}
	sha, anyData, err := src.fingerprint(fp)
	if err != nil {
		return nil, err
	}
	if err := pf.Check(src.Model, sha, anyData); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g, err := pf.Greedy(src.Model)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Greedy{Label: path, Policy: g}, nil
}

// loadDecisions reads a decision table and, if it names the data it was
// made for, checks that against the data as loadTrained does.
func loadDecisions(path string, src Source) (LivePolicy, error) {
	d, err := LoadDecisions(path, src.Model)
	if err != nil {
		return nil, err
	}
	if d.DataSHA256 == "" {
		return d, nil
	}
	sha, anyData, err := src.fingerprint(src.DataSHA)
	if err != nil {
		return nil, err
	}
	if err := train.CheckData(d.Data, d.DataSHA256, sha, anyData); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// fingerprint is the data's fingerprint by fp, and whether any data is
// allowed: with AnyData, or no way to fingerprint, the check is skipped.
func (src Source) fingerprint(fp func() (string, error)) (sha string, anyData bool, err error) {
	if src.AnyData || fp == nil {
		return "", true, nil
	}
	sha, err = fp()
	return sha, false, err
}

// ruleParams are a threshold or target rule's key=value pairs with defaults.
type ruleParams struct {
	metric, limit, knob string
	scale               float64
	nums                map[string]float64 // high/low or target/tolerance
}

func newRule(arg, kind, params string, src Source) (LivePolicy, error) {
	rp := ruleParams{scale: 1, nums: map[string]float64{"high": 0.7, "low": 0.3}}
	switch kind {
	case "target":
		rp.nums = map[string]float64{"target": 0.5, "tolerance": 0.1, "cooldown_out": 0, "cooldown_in": 0}
	case "step-scaling":
		rp.nums = map[string]float64{"out2": 0.9, "out1": 0.7, "in1": 0.5, "in2": 0.3, "cooldown_out": 0, "cooldown_in": 0}
	}
	if src.Table.Index("cpu.1") >= 0 && src.Table.Index("cpu") >= 0 {
		rp.metric, rp.limit, rp.scale = "cpu.1", "cpu", 0.001 // TeaStore's schema
	}
	rp.knob = src.Model.Spec.Knobs[0].Name
	if slices.ContainsFunc(src.Model.Spec.Knobs, func(k dataset.Knob) bool { return k.Name == "replicas" }) {
		rp.knob = "replicas"
	}
	if err := rp.parse(arg, params); err != nil {
		return nil, err
	}
	if rp.metric == "" {
		return nil, fmt.Errorf("%w %q: give metric= (the table has no TeaStore cpu.1 and cpu columns to default to)", ErrPolicyArg, arg)
	}
	u, err := NewUtilization(src.Table, rp.metric, rp.limit, rp.scale)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arg, err)
	}
	u.LimitKnob = limitKnob(src.Model, rp.limit)
	k, err := knobIndex(src.Model, rp.knob)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arg, err)
	}
	if kind == "threshold" {
		p := &Threshold{Label: arg, Util: u, High: rp.nums["high"], Low: rp.nums["low"], Scaling: Scaling{Knob: k}}
		if p.Low >= p.High {
			return nil, fmt.Errorf("%w %q: low (%g) must be below high (%g)", ErrPolicyArg, arg, p.Low, p.High)
		}
		return p, nil
	}
	cd, err := rp.cooldown(arg)
	if err != nil {
		return nil, err
	}
	if kind == "step-scaling" {
		p, err := newStepScaling(arg, u, k, rp.nums, cd)
		if err != nil {
			return nil, err
		}
		return episodeOnly{p}, nil
	}
	p := &Target{Label: arg, Util: u, Target: rp.nums["target"], Tolerance: rp.nums["tolerance"], Scaling: Scaling{Knob: k}, Cooldown: cd}
	if p.Target <= 0 || p.Tolerance < 0 {
		return nil, fmt.Errorf("%w %q: want target > 0 and tolerance ≥ 0", ErrPolicyArg, arg)
	}
	return p, nil
}

func (rp *ruleParams) parse(arg, params string) error {
	if params == "" {
		return nil
	}
	for _, kv := range strings.Split(params, ",") {
		key, val, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok {
			return fmt.Errorf("%w %q: %q is not key=value", ErrPolicyArg, arg, kv)
		}
		switch key {
		case "metric":
			rp.metric = val
		case "limit":
			rp.limit = val
		case "knob":
			rp.knob = val
		default:
			_, known := rp.nums[key]
			if !known && key != "scale" {
				keys := append([]string{"metric", "limit", "scale", "knob"}, slices.Sorted(maps.Keys(rp.nums))...)
				return fmt.Errorf("%w %q: unknown key %q%s (keys: %s)", ErrPolicyArg, arg, key, dataset.DidYouMean(key, keys), strings.Join(keys, ", "))
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil || v != v {
				return fmt.Errorf("%w %q: %s=%q is not a number", ErrPolicyArg, arg, key, val)
			}
			if key == "scale" {
				rp.scale = v
			} else {
				rp.nums[key] = v
			}
		}
	}
	return nil
}

// policyLabel splits "LABEL=ARG". A label is a plain word — no colon, slash,
// backslash or dot — so a rule's "threshold:high=0.8" and a path with '=' in
// a folder's name are not mistaken for one.
func policyLabel(arg string) (label, rest string, ok bool) {
	label, rest, ok = strings.Cut(arg, "=")
	if !ok || label == "" || rest == "" || strings.ContainsAny(label, ":/\\.") {
		return "", "", false
	}
	return label, rest, true
}

// labelled renames a policy in reports.
type labelled struct {
	LivePolicy
	label string
}

func (l *labelled) Name() string { return l.label }
