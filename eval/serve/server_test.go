package serve

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/eval/serve/externalscaler"
	"github.com/tablerl/tablerl/tableenv"
)

var demoMetadata = map[string]string{"policy": "ppo", "scalerAddress": "tablerl:9090",
	"config.replicas": "3", "config.cpu": "500", "config.heap": "700", "metrics.cpu.1": "0.3", "metrics.ram": "0.4"}

// TestMetricsParse: /metrics is Prometheus text, with the requests, the
// latency histogram, the decisions by action, the errors and the reloads.
func TestMetricsParse(t *testing.T) {
	s, base, _ := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(t)}}})
	client := &http.Client{}
	var actions []string
	for range 5 {
		_, out := post(t, client, base+"/v1/policies/ppo/decide", json.RawMessage(goodBody))
		actions = append(actions, out["action"].(string))
	}
	post(t, client, base+"/v1/policies/ppo/decide", map[string]any{"config": "x"})
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	for _, name := range []string{"requests_total", "request_duration_seconds", "decisions_total", "errors_total", "reloads_total"} {
		if fams["tablerl_serve_"+name] == nil {
			t.Errorf("no tablerl_serve_%s in /metrics", name)
		}
	}
	var decided float64
	for _, m := range fams["tablerl_serve_decisions_total"].GetMetric() {
		decided += m.GetCounter().GetValue()
	}
	if decided != 5 {
		t.Errorf("decisions_total sums to %v, want 5 (%v)", decided, actions)
	}
	var decideCount uint64
	for _, m := range fams["tablerl_serve_request_duration_seconds"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "route" && l.GetValue() == "decide" {
				decideCount = m.GetHistogram().GetSampleCount()
			}
		}
	}
	if decideCount != 6 {
		t.Errorf("the decide latency histogram counts %d requests, want 6", decideCount)
	}
	if f := fams["tablerl_serve_errors_total"]; f == nil || len(f.GetMetric()) != 1 || f.GetMetric()[0].GetCounter().GetValue() != 1 {
		t.Errorf("errors_total: %v, want one bad request", f)
	}
}

// TestKEDA talks to the external scaler with the client generated from
// externalscaler.proto: the metric spec asks for 1 per replica, GetMetrics
// and IsActive follow the decision, the stream sends it, bad metadata is
// InvalidArgument and an unknown policy NotFound; the health service serves.
func TestKEDA(t *testing.T) {
	_, base, addr := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(t)}}, StreamInterval: 10 * time.Millisecond})
	scaler, conn := scalerClient(t, addr)
	_, out := post(t, &http.Client{}, base+"/v1/policies/ppo/decide", json.RawMessage(goodBody))
	want := out["target"].(map[string]any)["replicas"].(float64)
	ref := &externalscaler.ScaledObjectRef{Name: "teastore", Namespace: "shop", ScalerMetadata: demoMetadata}

	spec, err := scaler.GetMetricSpec(ctx(t), ref)
	if err != nil {
		t.Fatal(err)
	}
	if ms := spec.GetMetricSpecs(); len(ms) != 1 || ms[0].GetTargetSize() != 1 || ms[0].GetTargetSizeFloat() != 1 || ms[0].GetMetricName() != "tablerl-ppo-replicas" {
		t.Errorf("metric spec %v, want tablerl-ppo-replicas with target 1", ms)
	}
	got, err := scaler.GetMetrics(ctx(t), &externalscaler.GetMetricsRequest{ScaledObjectRef: ref})
	if err != nil {
		t.Fatal(err)
	}
	if mv := got.GetMetricValues(); len(mv) != 1 || mv[0].GetMetricValueFloat() != want || mv[0].GetMetricValue() != int64(want) || mv[0].GetMetricName() != "tablerl-ppo-replicas" {
		t.Errorf("GetMetrics %v, want %v replicas", mv, want)
	}
	act, err := scaler.IsActive(ctx(t), ref)
	if err != nil || !act.GetResult() {
		t.Errorf("IsActive %v, %v", act, err)
	}
	stream, err := scaler.StreamIsActive(ctx(t), ref)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := stream.Recv(); err != nil || !r.GetResult() {
		t.Errorf("StreamIsActive: %v, %v", r, err)
	}
	for _, c := range []struct {
		edit map[string]string
		code codes.Code
		want string
	}{
		{map[string]string{"policy": "nope"}, codes.NotFound, "nope"},
		{map[string]string{"policy": ""}, codes.InvalidArgument, "policy"},
		{map[string]string{"config.replicas": "three"}, codes.InvalidArgument, "config.replicas"},
		{map[string]string{"metrics.ram": "NaN"}, codes.InvalidArgument, "metrics.ram"},
		{map[string]string{"config.disk": "1"}, codes.InvalidArgument, "config.disk"},
		{map[string]string{"shell": "rm"}, codes.InvalidArgument, "shell"},
		{map[string]string{"knob": "gpus"}, codes.InvalidArgument, "knob"},
	} {
		md := map[string]string{}
		for k, v := range demoMetadata {
			md[k] = v
		}
		for k, v := range c.edit {
			md[k] = v
		}
		_, err := scaler.GetMetrics(ctx(t), &externalscaler.GetMetricsRequest{ScaledObjectRef: &externalscaler.ScaledObjectRef{ScalerMetadata: md}})
		if status.Code(err) != c.code || !strings.Contains(err.Error(), c.want) {
			t.Errorf("metadata %v: %v, want %v naming %s", c.edit, err, c.code, c.want)
		}
	}
	if _, err := scaler.GetMetrics(ctx(t), &externalscaler.GetMetricsRequest{}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("no ScaledObjectRef: %v", err)
	}
	h, err := healthpb.NewHealthClient(conn).Check(ctx(t), &healthpb.HealthCheckRequest{Service: "externalscaler.ExternalScaler"})
	if err != nil || h.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health: %v, %v", h, err)
	}
}

// TestReload: a reload swaps a changed policy in; a broken file keeps the
// old policy answering, and says why.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.json")
	copyFile(t, demoPolicy(t), path)
	s, base, _ := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: path}}})
	client := &http.Client{}
	fingerprint := func() string {
		code, out := post(t, client, base+"/v1/policies/ppo/decide", json.RawMessage(goodBody))
		if code != 200 {
			t.Fatalf("decide after a reload: %d %v", code, out)
		}
		return out["policy"].(map[string]any)["fingerprint"].(string)
	}
	old := fingerprint()
	if err := os.WriteFile(path, []byte(`{"format": "tablerl-policy", "exec": "x"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err == nil || !strings.Contains(err.Error(), "ppo") {
		t.Errorf("reloading a broken file: %v, want its error", err)
	}
	if fp := fingerprint(); fp != old {
		t.Errorf("after a failed reload the fingerprint is %s, want the old %s", fp, old)
	}
	other := trainPolicy(t, tableModel(t, ""), "dqn", 1000, 2, dir)
	copyFile(t, other, path)
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if fp := fingerprint(); fp == old {
		t.Error("a reload of a changed file kept the old policy")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunSignals: Run reloads on SIGHUP and drains and returns on SIGTERM,
// readyz failing as it stops.
func TestRunSignals(t *testing.T) {
	s, err := New(Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(t)}}, Addr: "127.0.0.1:0", GRPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() { done <- s.Run(context.Background(), func() { close(started) }) }()
	<-started
	h, _ := s.Addrs()
	get := func(path string) int {
		resp, err := http.Get("http://" + h + path)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get("/readyz"); c != 200 {
		t.Fatalf("readyz %d", c)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	deadline := time.Now().Add(5 * time.Second)
	for s.metrics.reloadCount() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.metrics.reloadCount() != 1 {
		t.Errorf("SIGHUP: %v reloads, want 1", s.metrics.reloadCount())
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not stop Run")
	}
	if c := get("/healthz"); c != 0 {
		t.Errorf("after SIGTERM the server still answers: %d", c)
	}
	if err := s.Shutdown(context.Background()); err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("a second Shutdown: %v", err)
	}
}

// TestParsePolicyArgs names policies.
func TestParsePolicyArgs(t *testing.T) {
	got, err := ParsePolicyArgs([]string{"runs/demo/ppo/policy.json", "best=runs/x/policy.json", "dqn.json", "threshold:high=0.8", "optimal"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ppo", "best", "dqn", "threshold", "optimal"}
	for i, p := range got {
		if p.Name != want[i] {
			t.Errorf("%s named %q, want %q", p.Arg, p.Name, want[i])
		}
	}
	for _, bad := range [][]string{{"a/policy.json", "b/a/policy.json"}, {"bad name=x.json"}} {
		if _, err := ParsePolicyArgs(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// TestServeFromTable: with a table, rules, the optimal policy and a
// decision table are served, each deciding as eval.Decide does.
func TestServeFromTable(t *testing.T) {
	tbl, m := loadTable(t, "")
	src := &eval.Source{Model: m, Table: tbl, Solution: tableenv.Solve(m)}
	args := []string{"threshold", "hpa=target:target=0.6", "optimal", demoPolicy(t)}
	pas, err := ParsePolicyArgs(args)
	if err != nil {
		t.Fatal(err)
	}
	_, base, _ := start(t, Config{Policies: pas, Source: src})
	client := &http.Client{}
	for i, pa := range pas {
		p, err := eval.NewPolicy(pa.Arg, *src)
		if err != nil {
			t.Fatal(err)
		}
		for s := 0; s < m.NumStates(); s += 37 {
			body, _ := stateLive(m, s)
			want, err := eval.Decide(m, p, liveOf(body))
			if err != nil {
				t.Fatal(err)
			}
			code, got := post(t, client, base+"/v1/policies/"+pa.Name+"/decide", body)
			if code != 200 || got["action"] != want.ActionName {
				t.Fatalf("%s state %d: %d %v, want %s", args[i], s, code, got, want.ActionName)
			}
		}
	}
}

func liveOf(body map[string]any) tableenv.Live {
	return tableenv.Live{Config: body["config"].(map[string]float64), Metrics: body["metrics"].(map[string]float64)}
}

// TestDecideAnswer: a decision's JSON has the documented members, the
// probabilities sum to 1 and pick the action, and the snapped values are named.
func TestDecideAnswer(t *testing.T) {
	_, base, _ := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(t)}}})
	code, out := post(t, &http.Client{}, base+"/v1/policies/ppo/decide",
		json.RawMessage(`{"config":{"replicas":3.4,"cpu":450,"heap":700},"context":{},"metrics":{"cpu.1":0.62,"ram":0.55}}`))
	if code != 200 {
		t.Fatalf("%d %v", code, out)
	}
	for _, k := range []string{"action", "action_id", "target", "target_recorded", "config", "snapped", "recorded", "scores", "score_kind", "logits", "policy"} {
		if _, ok := out[k]; !ok {
			t.Errorf("the answer lacks %q: %v", k, out)
		}
	}
	if len(out) != 11 {
		t.Errorf("the answer has %d members, want 11: %v", len(out), out)
	}
	if sn := out["snapped"].([]any); len(sn) != 2 || sn[0] != "config.replicas" || sn[1] != "config.cpu" {
		t.Errorf("snapped %v", sn)
	}
	if c := out["config"].(map[string]any); c["replicas"] != 3.0 || c["cpu"] != 400.0 || c["heap"] != 700.0 {
		t.Errorf("config %v, want the nearest levels 3, 400, 700", c)
	}
	var sum, best float64
	bestAction := ""
	for a, p := range out["scores"].(map[string]any) {
		sum += p.(float64)
		if p.(float64) > best {
			best, bestAction = p.(float64), a
		}
	}
	if math.Abs(sum-1) > 1e-9 || bestAction != out["action"] || out["score_kind"] != "probability" {
		t.Errorf("scores %v (sum %v) do not pick %v", out["scores"], sum, out["action"])
	}
}
