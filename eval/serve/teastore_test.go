package serve

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/tablerl/tablerl/eval/serve/externalscaler"
	"github.com/tablerl/tablerl/internal/teastore"
	"github.com/tablerl/tablerl/train"
)

// TestTeaStoreDecideEveryConfig: serving a PPO policy trained on TeaStore
// from its policy.json alone, decide for each of the 729 configurations,
// given the mean metrics of its rows, returns the library's greedy action
// for that observation; KEDA's GetMetrics returns the replicas of the
// action's target.
func TestTeaStoreDecideEveryConfig(t *testing.T) {
	m := tableModel(t, teastore.Path(t))
	path := trainPolicy(t, m, "ppo", 8192, 1, t.TempDir())
	pf, err := train.LoadPolicy(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := pf.Greedy(m) // on the table's model, not the served one's
	if err != nil {
		t.Fatal(err)
	}
	_, base, grpcAddr := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: path}}})
	client := &http.Client{}
	scaler, _ := scalerClient(t, grpcAddr)
	if m.NumStates() != 729 {
		t.Fatalf("TeaStore has %d states, want 729", m.NumStates())
	}
	actions := map[string]int{}
	for s := range m.NumStates() {
		body, obs := stateLive(m, s)
		want := m.ActionNames[g.Act(obs)]
		code, got := post(t, client, base+"/v1/policies/ppo/decide", body)
		if code != http.StatusOK || got["action"] != want {
			t.Fatalf("state %d %v: %d %v, want action %s", s, body, code, got, want)
		}
		actions[want]++
		target := got["target"].(map[string]any)
		if a := int(got["action_id"].(float64)); m.Next(s, a) >= 0 && target["replicas"] != m.KnobValues(m.Next(s, a), nil)[0] {
			t.Fatalf("state %d: target %v, the table's %v", s, target, m.KnobValues(m.Next(s, a), nil))
		}
		md := map[string]string{"policy": "ppo", "scalerAddress": "tablerl:9090"}
		for group, vals := range body {
			for k, v := range vals.(map[string]float64) {
				md[group+"."+k] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		resp, err := scaler.GetMetrics(ctx(t), &externalscaler.GetMetricsRequest{
			ScaledObjectRef: &externalscaler.ScaledObjectRef{Name: "teastore", Namespace: "default", ScalerMetadata: md},
			MetricName:      "s0-tablerl-ppo-replicas"})
		if err != nil {
			t.Fatalf("state %d: GetMetrics: %v", s, err)
		}
		mv := resp.GetMetricValues()
		if len(mv) != 1 || mv[0].GetMetricValueFloat() != target["replicas"] || mv[0].GetMetricValue() != int64(target["replicas"].(float64)) || mv[0].GetMetricName() != "s0-tablerl-ppo-replicas" {
			t.Fatalf("state %d: GetMetrics %v, want the target's %v replicas", s, mv, target["replicas"])
		}
	}
	t.Logf("729 decisions: %v", fmt.Sprint(actions))
}
