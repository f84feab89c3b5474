package serve

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics, on a registry of its own
// (several servers in one process, as in tests, do not collide). Labels
// take bounded values only: routes are fixed, policies and actions are
// those loaded, error kinds a short list.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // route, code
	latency   *prometheus.HistogramVec // route
	decisions *prometheus.CounterVec   // policy, action
	errors    *prometheus.CounterVec   // route, kind
	reloads   *prometheus.CounterVec   // result
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "tablerl", Subsystem: "serve",
			Name: "requests_total", Help: "Requests answered, by route and status code (gRPC: its code's name)."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "tablerl", Subsystem: "serve",
			Name: "request_duration_seconds", Help: "Time to answer a request, by route.",
			Buckets: []float64{25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 100e-3, 1}}, []string{"route"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "tablerl", Subsystem: "serve",
			Name: "decisions_total", Help: "Decisions made, by policy and action."}, []string{"policy", "action"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "tablerl", Subsystem: "serve",
			Name: "errors_total", Help: "Requests refused or failed, by route and kind."}, []string{"route", "kind"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "tablerl", Subsystem: "serve",
			Name: "reloads_total", Help: "Policy reloads (SIGHUP), by result: ok, or failed (the old policy kept)."}, []string{"result"}),
	}
	for _, r := range []string{"ok", "failed"} {
		m.reloads.WithLabelValues(r) // shown at 0 before the first reload
	}
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.errors, m.reloads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
