package serve

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/tablerl/tablerl/eval"
)

// decisionJSON writes a policy's decisions as JSON, the names encoded once
// when the policy loads and only the numbers per answer (encoding/json on
// maps cost half of a decision's time). An answer is
//
//	{"action": "+replicas", "action_id": 1,
//	 "target": {KNOB: value, …}, "target_recorded": true,
//	 "config": {KNOB: value, …}, "context": {NAME: value, …}, "snapped": ["config.cpu"], "recorded": true,
//	 "scores": {ACTION: score, …}, "score_kind": "probability", "logits": {ACTION: logit, …},
//	 "policy": {"name": …, "algo": …, "fingerprint": …}}
//
// with the configuration the decision was made from (the nearest recorded
// levels; snapped lists the values moved to reach them), context only
// with a context, and the scores only for a policy that has them.
type decisionJSON struct {
	actions, knobs, context [][]byte // encoded names
	policy                  []byte   // the "policy" member's value
}

func newDecisionJSON(p *policy) decisionJSON {
	m := p.Model
	enc := func(names []string) [][]byte {
		out := make([][]byte, len(names))
		for i, n := range names {
			out[i], _ = json.Marshal(n)
		}
		return out
	}
	ref, _ := json.Marshal(policyRef{Name: p.Name, Algo: p.Algo, Fingerprint: p.Fingerprint})
	return decisionJSON{actions: enc(m.ActionNames), knobs: enc(m.KnobNames()), context: enc(m.Spec.Context), policy: ref}
}

func (j decisionJSON) appendDecision(b []byte, d *eval.Decision) []byte {
	pl := d.Placement
	b = append(b, `{"action":`...)
	b = append(b, j.actions[d.Action]...)
	b = append(b, `,"action_id":`...)
	b = strconv.AppendInt(b, int64(d.Action), 10)
	b = append(b, `,"target":`...)
	b = appendValues(b, j.knobs, d.Target)
	b = append(b, `,"target_recorded":`...)
	b = strconv.AppendBool(b, d.TargetRecorded)
	b = append(b, `,"config":`...)
	b = appendValues(b, j.knobs, pl.Config)
	if len(j.context) > 0 {
		b = append(b, `,"context":`...)
		b = appendValues(b, j.context, pl.Context)
	}
	b = append(b, `,"snapped":[`...)
	for i, f := range pl.Snapped {
		if i > 0 {
			b = append(b, ',')
		}
		q, _ := json.Marshal(f)
		b = append(b, q...)
	}
	b = append(b, `],"recorded":`...)
	b = strconv.AppendBool(b, pl.Recorded)
	if d.Scores.Kind != "" {
		b = append(b, `,"scores":`...)
		b = appendValues(b, j.actions, d.Scores.Values)
		b = append(b, `,"score_kind":`...)
		b = strconv.AppendQuote(b, d.Scores.Kind) // one of a few ASCII words
		if d.Scores.Logits != nil {
			b = append(b, `,"logits":`...)
			b = appendValues(b, j.actions, d.Scores.Logits)
		}
	}
	b = append(b, `,"policy":`...)
	b = append(b, j.policy...)
	return append(b, "}\n"...)
}

// appendValues writes {name: value, …}; a value that is not finite (JSON
// has no NaN) is null.
func appendValues(b []byte, names [][]byte, vals []float64) []byte {
	b = append(b, '{')
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, n...)
		b = append(b, ':')
		if v := vals[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, '}')
}
