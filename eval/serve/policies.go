package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// ErrUnknownPolicy marks a request for a policy the server does not hold.
var ErrUnknownPolicy = errors.New("unknown policy")

// PolicyArg is one policy to serve: its name in URLs and the argument it
// is loaded from (a policy.json path, or with a table any eval.NewPolicy
// argument).
type PolicyArg struct {
	Name, Arg string
}

// ParsePolicyArgs names each argument: NAME=ARG names it NAME; a bare
// policy file is named by its file ("ppo.json" → ppo) or, when the file is
// called policy.json, by its folder (runs/demo/ppo/policy.json → ppo); a
// bare rule by its kind. Names must be unique and URL-safe.
func ParsePolicyArgs(args []string) ([]PolicyArg, error) {
	var out []PolicyArg
	for _, a := range args {
		name, arg, ok := strings.Cut(a, "=")
		if !ok || strings.ContainsAny(name, "/\\.:") {
			name, arg = defaultName(a), a
		}
		if !validName(name) {
			return nil, fmt.Errorf("%w: policy name %s: use letters, digits, '-' and '_' (NAME=%s)", eval.ErrPolicyArg, dataset.Quote(name), a)
		}
		if i := slices.IndexFunc(out, func(p PolicyArg) bool { return p.Name == name }); i >= 0 {
			return nil, fmt.Errorf("%w: two policies named %s (%s and %s); name them NAME=…", eval.ErrPolicyArg, dataset.Quote(name), out[i].Arg, arg)
		}
		out = append(out, PolicyArg{Name: name, Arg: arg})
	}
	return out, nil
}

func defaultName(arg string) string {
	kind, _, _ := strings.Cut(arg, ":")
	if !strings.ContainsAny(arg, "/\\") && !strings.Contains(kind, ".") {
		return kind
	}
	base := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
	if base == "policy" {
		if dir := filepath.Base(filepath.Dir(arg)); dir != "." && dir != string(filepath.Separator) {
			return dir
		}
	}
	return base
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// policy is one loaded policy: its model and a fixed pool of instances
// (policies keep working buffers, so each request borrows one).
type policy struct {
	Name, Arg, Algo, Fingerprint string
	Model                        *tableenv.Model
	inputs                       eval.LiveInputs
	metrics                      []string // the metric names a request may give
	pool                         chan eval.LivePolicy
	decided                      []prometheus.Counter // per action
	json                         decisionJSON
}

// loader builds policies; with a Source, from its table, else from
// policy.json files alone.
type loader struct {
	src       *eval.Source
	instances int
}

func (l loader) load(pa PolicyArg) (*policy, error) {
	p := &policy{Name: pa.Name, Arg: pa.Arg, pool: make(chan eval.LivePolicy, l.instances)}
	build, err := l.builder(p)
	if err != nil {
		return nil, err
	}
	for range l.instances {
		lp, err := build()
		if err != nil {
			return nil, err
		}
		p.pool <- lp
	}
	first := <-p.pool
	p.inputs = first.LiveInputs()
	p.pool <- first
	names := slices.Concat(p.Model.Spec.Observe, p.Model.MetricNames, p.inputs.Metrics)
	slices.Sort(names)
	p.metrics = slices.Compact(names)
	p.json = newDecisionJSON(p)
	return p, nil
}

// builder reads the policy's file once and returns how to make instances.
func (l loader) builder(p *policy) (func() (eval.LivePolicy, error), error) {
	isJSON := strings.HasSuffix(strings.ToLower(p.Arg), ".json")
	if l.src == nil {
		if !isJSON {
			return nil, fmt.Errorf("%w %s: without a table, serve takes policy.json files (a rule, a decision table or the optimal policy needs --data)", eval.ErrPolicyArg, dataset.Quote(p.Arg))
		}
		pf, err := train.LoadPolicy(p.Arg)
		if err != nil {
			return nil, err
		}
		if p.Model, err = pf.LiveModel(); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Arg, err)
		}
		p.Algo, p.Fingerprint = pf.Algo, pf.Checksum
		return func() (eval.LivePolicy, error) {
			g, err := pf.Greedy(p.Model)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.Arg, err)
			}
			return &eval.Greedy{Label: p.Name, Policy: g}, nil
		}, nil
	}
	p.Model = l.src.Model
	kind, _, _ := strings.Cut(p.Arg, ":")
	p.Algo, p.Fingerprint = kind, fingerprint([]byte(p.Arg))
	switch {
	case isJSON:
		pf, err := train.LoadPolicy(p.Arg)
		if err != nil {
			return nil, err
		}
		p.Algo, p.Fingerprint = pf.Algo, pf.Checksum
	case strings.HasSuffix(strings.ToLower(p.Arg), ".csv"):
		b, err := os.ReadFile(p.Arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Arg, dataset.FileError(err))
		}
		p.Algo, p.Fingerprint = "decisions", fingerprint(b)
	}
	return func() (eval.LivePolicy, error) { return eval.NewPolicy(p.Arg, *l.src) }, nil
}

func fingerprint(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// checkMetrics refuses a metric the policy does not know.
func (p *policy) checkMetrics(live tableenv.Live) error {
	for name := range live.Metrics {
		if _, ok := slices.BinarySearch(p.metrics, name); !ok {
			return &tableenv.LiveError{Field: "metrics." + name,
				Err: fmt.Errorf("%w: unknown%s (metrics: %s)", tableenv.ErrLive, dataset.DidYouMean(name, p.metrics), dataset.QuoteList(p.metrics))}
		}
	}
	return nil
}
