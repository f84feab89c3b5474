package serve

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/eval/serve/externalscaler"
	"github.com/tablerl/tablerl/tableenv"
)

const healthServing = healthpb.HealthCheckResponse_SERVING

func registerHealth(g *grpc.Server, h *health.Server) { healthpb.RegisterHealthServer(g, h) }

// kedaKeys are the trigger metadata KEDA itself reads and passes on with
// the rest (scalerAddress, TLS): ignored here.
var kedaKeys = []string{"scalerAddress", "caCert", "tlsCertFile", "tlsClientCert", "tlsClientKey", "unsafeSsl", "enableTLS"}

// scaler is KEDA's external scaler over the server's policies. A trigger's
// scalerMetadata names the policy ("policy"), optionally the knob whose
// value is the replica count ("knob", default "replicas" or the first
// knob), and carries the live situation as "config.NAME", "context.NAME"
// and "metrics.NAME" entries in decimal.
type scaler struct {
	externalscaler.UnimplementedExternalScalerServer
	s *Server
}

// kedaRequest is a ScaledObjectRef's metadata, parsed.
type kedaRequest struct {
	policy string
	knob   string
	live   tableenv.Live
}

func parseMetadata(md map[string]string) (kedaRequest, error) {
	req := kedaRequest{live: tableenv.Live{Config: map[string]float64{}, Context: map[string]float64{}, Metrics: map[string]float64{}}}
	groups := map[string]map[string]float64{"config": req.live.Config, "context": req.live.Context, "metrics": req.live.Metrics}
	if len(md) > 3*maxEntries {
		return req, invalid("scalerMetadata", "more than %d entries", 3*maxEntries)
	}
	for _, key := range slices.Sorted(maps.Keys(md)) {
		val := md[key]
		group, name, _ := strings.Cut(key, ".")
		dst, ok := groups[group]
		switch {
		case key == "policy":
			req.policy = val
		case key == "knob":
			req.knob = val
		case slices.Contains(kedaKeys, key):
		case ok && name != "":
			v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return req, invalid(key, "%q is not a finite number", val)
			}
			dst[name] = v
		default:
			return req, invalid(key, "unknown metadata key (want policy, knob, config.NAME, context.NAME, metrics.NAME)")
		}
	}
	if req.policy == "" {
		return req, invalid("policy", "missing: name the policy to ask")
	}
	return req, nil
}

func invalid(field, format string, a ...any) error {
	return status.Errorf(codes.InvalidArgument, "scalerMetadata %s: %s", field, fmt.Sprintf(format, a...))
}

// grpcError maps a decision's error to its gRPC status.
func grpcError(err error) error {
	if _, ok := status.FromError(err); ok && status.Code(err) != codes.Unknown {
		return err
	}
	var le *tableenv.LiveError
	switch {
	case errors.As(err, &le):
		return status.Errorf(codes.InvalidArgument, "scalerMetadata %s", le.Error())
	case errors.Is(err, ErrUnknownPolicy):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, eval.ErrUnrecorded):
		return status.Error(codes.FailedPrecondition, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	}
	return status.Error(codes.Internal, "internal error")
}

// replicas is the target value of the replica knob the policy wants.
func (k *scaler) replicas(ctx context.Context, ref *externalscaler.ScaledObjectRef) (kedaRequest, float64, error) {
	if ref == nil {
		return kedaRequest{}, 0, invalid("scaledObjectRef", "missing")
	}
	req, err := parseMetadata(ref.GetScalerMetadata())
	if err != nil {
		return req, 0, err
	}
	p, d, err := k.s.decide(ctx, req.policy, req.live)
	if err != nil {
		return req, 0, grpcError(err)
	}
	kn, err := replicaKnob(p.Model, req.knob)
	if err != nil {
		return req, 0, err
	}
	req.knob = p.Model.Spec.Knobs[kn].Name
	return req, d.Target[kn], nil
}

// replicaKnob is the knob named, or replicas, or the first.
func replicaKnob(m *tableenv.Model, name string) (int, error) {
	names := m.KnobNames()
	if name == "" {
		return max(0, slices.Index(names, "replicas")), nil
	}
	if k := slices.Index(names, name); k >= 0 {
		return k, nil
	}
	return 0, invalid("knob", "no knob %q (knobs: %s)", name, strings.Join(names, ", "))
}

// metricName is the metric a trigger's HPA follows.
func metricName(policy, knob string) string { return "tablerl-" + policy + "-" + knob }

// IsActive is true while the policy wants at least one replica.
func (k *scaler) IsActive(ctx context.Context, ref *externalscaler.ScaledObjectRef) (*externalscaler.IsActiveResponse, error) {
	_, n, err := k.replicas(ctx, ref)
	if err != nil {
		return nil, err
	}
	return &externalscaler.IsActiveResponse{Result: n > 0}, nil
}

// StreamIsActive sends IsActive's answer now and again whenever it
// changes, deciding every StreamInterval, until the client or the server
// stops.
func (k *scaler) StreamIsActive(ref *externalscaler.ScaledObjectRef, stream externalscaler.ExternalScaler_StreamIsActiveServer) error {
	ctx := stream.Context()
	tick := time.NewTicker(k.s.cfg.StreamInterval)
	defer tick.Stop()
	last, first := false, true
	for {
		r, err := k.IsActive(ctx, ref)
		if err != nil {
			return err
		}
		if first || r.Result != last {
			if err := stream.Send(r); err != nil {
				return err
			}
			first, last = false, r.Result
		}
		select {
		case <-ctx.Done():
			return nil
		case <-k.s.stopStream:
			return nil
		case <-tick.C:
		}
	}
}

// GetMetricSpec asks for a target of 1 per replica: the HPA then sets the
// replicas to the metric's value, the policy's count.
func (k *scaler) GetMetricSpec(ctx context.Context, ref *externalscaler.ScaledObjectRef) (*externalscaler.GetMetricSpecResponse, error) {
	if ref == nil {
		return nil, invalid("scaledObjectRef", "missing")
	}
	req, err := parseMetadata(ref.GetScalerMetadata())
	if err != nil {
		return nil, err
	}
	p, err := k.s.lookup(req.policy)
	if err != nil {
		return nil, grpcError(err)
	}
	kn, err := replicaKnob(p.Model, req.knob)
	if err != nil {
		return nil, err
	}
	return &externalscaler.GetMetricSpecResponse{MetricSpecs: []*externalscaler.MetricSpec{{
		MetricName: metricName(req.policy, p.Model.Spec.Knobs[kn].Name), TargetSize: 1, TargetSizeFloat: 1}}}, nil
}

// GetMetrics returns the replicas the policy wants.
func (k *scaler) GetMetrics(ctx context.Context, r *externalscaler.GetMetricsRequest) (*externalscaler.GetMetricsResponse, error) {
	req, n, err := k.replicas(ctx, r.GetScaledObjectRef())
	if err != nil {
		return nil, err
	}
	name := r.GetMetricName()
	if name == "" {
		name = metricName(req.policy, req.knob)
	}
	return &externalscaler.GetMetricsResponse{MetricValues: []*externalscaler.MetricValue{{
		MetricName: name, MetricValue: int64(math.Round(n)), MetricValueFloat: n}}}, nil
}

// unaryMetrics and streamMetrics count gRPC calls like HTTP requests.
func (s *Server) unaryMetrics(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	start := time.Now()
	resp, err := h(ctx, req)
	s.observeRPC(info.FullMethod, start, err)
	return resp, err
}

func (s *Server) streamMetrics(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	start := time.Now()
	err := h(srv, ss)
	s.observeRPC(info.FullMethod, start, err)
	return err
}

func (s *Server) observeRPC(method string, start time.Time, err error) {
	route := "grpc:" + method[strings.LastIndex(method, "/")+1:]
	code := status.Code(err)
	s.metrics.requests.WithLabelValues(route, code.String()).Inc()
	s.metrics.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	if err != nil {
		s.metrics.errors.WithLabelValues(route, code.String()).Inc()
	}
}
