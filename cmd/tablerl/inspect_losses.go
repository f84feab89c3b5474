package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

// lossReport is inspect --policy's decomposition of a policy's shortfall.
type lossReport struct {
	Policy     string         `json:"policy"`
	Return     float64        `json:"return"`
	Normalized float64        `json:"normalized_score"`
	ByContext  []contextLoss  `json:"by_context"`
	Worst      []stateLossRow `json:"worst"`
}

type contextLoss struct {
	text    string             // the context as "expected_tps=600", in the spec's order
	Context map[string]float64 `json:"context"`
	Loss    float64            `json:"loss"`
	Points  float64            `json:"points"`
}

type stateLossRow struct {
	configText, contextText string
	Config                  map[string]float64 `json:"config"`
	Context                 map[string]float64 `json:"context"`
	Optimal                 float64            `json:"optimal"`
	Policy                  float64            `json:"policy"`
	Loss                    float64            `json:"loss"`
	Points                  float64            `json:"points"`
	Action                  string             `json:"action"`
	OptimalAction           string             `json:"optimal_action"`
}

func newLossReport(m *tableenv.Model, l *eval.Losses, policy string) *lossReport {
	text := func(names []string, vals []float64) string {
		if len(vals) == 0 {
			return "-"
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%s=%g", names[i], v)
		}
		return strings.Join(parts, " ")
	}
	named := func(names []string, vals []float64) map[string]float64 {
		out := make(map[string]float64, len(vals))
		for i, v := range vals {
			out[names[i]] = v
		}
		return out
	}
	knobs := make([]string, len(m.Spec.Knobs))
	for k, knob := range m.Spec.Knobs {
		knobs[k] = knob.Name
	}
	r := &lossReport{Policy: policy, Return: l.Return, Normalized: l.Normalized}
	for _, c := range l.ByContext {
		r.ByContext = append(r.ByContext, contextLoss{text: text(m.Spec.Context, c.Context), Context: named(m.Spec.Context, c.Context), Loss: c.Loss, Points: c.Points})
	}
	for _, st := range l.Worst {
		r.Worst = append(r.Worst, stateLossRow{configText: text(knobs, st.Config), contextText: text(m.Spec.Context, st.Context), Config: named(knobs, st.Config), Context: named(m.Spec.Context, st.Context),
			Optimal: st.Optimal, Policy: st.Policy, Loss: st.Loss, Points: st.Points, Action: st.Action, OptimalAction: st.OptimalAction})
	}
	return r
}

// printLosses prints the decomposition: the context table, then the worst states.
func (c *cli) printLosses(r *lossReport) {
	fmt.Fprintf(c.stdout, "\n%s from a uniformly drawn row: return %.4f, normalized %.2f\n", r.Policy, r.Return, r.Normalized)
	fmt.Fprintln(c.stdout, "loss against the optimum (points: of the normalized score; they add up to 100 − normalized)")
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	if len(r.ByContext) > 1 {
		fmt.Fprintln(w, "  context\tloss\tpoints")
		for _, ctx := range r.ByContext {
			fmt.Fprintf(w, "  %s\t%.4f\t%.2f\n", ctx.text, ctx.Loss, ctx.Points)
		}
		w.Flush()
	}
	if len(r.Worst) == 0 {
		return
	}
	fmt.Fprintln(w, "  worst states\tcontext\toptimal\tpolicy\tloss\tpoints\taction\toptimal action")
	for _, st := range r.Worst {
		fmt.Fprintf(w, "  %s\t%s\t%.4f\t%.4f\t%.4f\t%.2f\t%s\t%s\n", st.configText, st.contextText, st.Optimal, st.Policy, st.Loss, st.Points, st.Action, st.OptimalAction)
	}
	w.Flush()
}
