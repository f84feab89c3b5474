package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

// Handler is the server's HTTP API (see the package doc).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/policies/{name}/decide", s.route("decide", http.MethodPost, s.handleDecide))
	mux.Handle("/v1/policies", s.route("list", http.MethodGet, s.handleList))
	mux.Handle("/healthz", s.route("healthz", http.MethodGet, func(w http.ResponseWriter, _ *http.Request) error {
		return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}))
	mux.Handle("/readyz", s.route("readyz", http.MethodGet, func(w http.ResponseWriter, _ *http.Request) error {
		if !s.ready.Load() {
			return &requestError{Status: http.StatusServiceUnavailable, Msg: "not ready: starting or stopping"}
		}
		return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	}))
	prom := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	mux.Handle("/metrics", s.route("metrics", http.MethodGet, func(w http.ResponseWriter, r *http.Request) error {
		prom.ServeHTTP(w, r)
		return nil
	}))
	mux.Handle("/", s.route("other", "", func(_ http.ResponseWriter, r *http.Request) error {
		return &requestError{Status: http.StatusNotFound, Msg: fmt.Sprintf("no such path %q (see GET /v1/policies)", r.URL.Path)}
	}))
	return mux
}

// statusWriter remembers the status code, for the metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// route wraps a handler: the method check, errors as JSON, a recovered
// panic as a 500, and the request's metrics.
func (s *Server) route(name, method string, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	latency := s.metrics.latency.WithLabelValues(name)
	var byCode sync.Map // status code → its requests counter
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w := &statusWriter{ResponseWriter: rw}
		defer func() {
			if v := recover(); v != nil {
				s.cfg.Log.Error("panic answering a request", "route", name, "panic", v)
				s.fail(w, name, &requestError{Status: http.StatusInternalServerError, Msg: "internal error"})
			}
			c, ok := byCode.Load(w.code)
			if !ok {
				c, _ = byCode.LoadOrStore(w.code, s.metrics.requests.WithLabelValues(name, strconv.Itoa(w.code)))
			}
			c.(prometheus.Counter).Inc()
			latency.Observe(time.Since(start).Seconds())
		}()
		if method != "" && r.Method != method {
			w.Header().Set("Allow", method)
			s.fail(w, name, &requestError{Status: http.StatusMethodNotAllowed, Msg: fmt.Sprintf("use %s, not %s", method, r.Method)})
			return
		}
		if err := h(w, r); err != nil {
			s.fail(w, name, err)
		}
	})
}

// errorBody is every error's JSON.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// fail answers err as JSON with its status: a request's own mistakes are
// 4xx naming the field, an unknown policy 404.
func (s *Server) fail(w http.ResponseWriter, route string, err error) {
	status, body, kind := classify(err)
	s.metrics.errors.WithLabelValues(route, kind).Inc()
	if status >= 500 {
		s.cfg.Log.Error("request failed", "route", route, "err", err)
	}
	writeJSON(w, status, body)
}

// classify maps an error to its status, JSON body and metrics kind.
func classify(err error) (int, errorBody, string) {
	var re *requestError
	var le *tableenv.LiveError
	switch {
	case errors.As(err, &re):
		kind := map[int]string{400: "bad_request", 404: "not_found", 405: "method", 408: "timeout", 413: "too_large", 415: "media_type", 503: "not_ready"}[re.Status]
		if kind == "" {
			kind = "internal"
		}
		return re.Status, errorBody{Error: re.Error(), Field: re.Field}, kind
	case errors.As(err, &le):
		return http.StatusBadRequest, errorBody{Error: le.Error(), Field: le.Field}, "bad_request"
	case errors.Is(err, ErrUnknownPolicy):
		return http.StatusNotFound, errorBody{Error: err.Error(), Field: "name"}, "not_found"
	case errors.Is(err, eval.ErrUnrecorded):
		return http.StatusUnprocessableEntity, errorBody{Error: err.Error(), Field: "config"}, "unrecorded"
	case errors.Is(err, eval.ErrNotLive):
		return http.StatusUnprocessableEntity, errorBody{Error: err.Error(), Field: "name"}, "not_live"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, errorBody{Error: err.Error()}, "cancelled"
	}
	return http.StatusInternalServerError, errorBody{Error: "internal error"}, "internal"
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n')) // a client gone before its answer is no error of the server's
	return nil
}

// policyRef names the policy that answered.
type policyRef struct {
	Name        string `json:"name"`
	Algo        string `json:"algo"`
	Fingerprint string `json:"fingerprint"`
}

func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &requestError{Status: http.StatusUnsupportedMediaType, Field: "Content-Type", Msg: fmt.Sprintf("want application/json, got %q (curl: -H 'Content-Type: application/json')", ct)}
		}
	}
	name := r.PathValue("name")
	if _, err := s.lookup(name); err != nil {
		return err // before reading the body: an unknown policy is a 404 whatever is sent
	}
	if r.ContentLength > s.cfg.BodyLimit {
		return &requestError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the request body (%d bytes) is over the limit of %d", r.ContentLength, s.cfg.BodyLimit)}
	}
	live, err := parseDecide(http.MaxBytesReader(w, r.Body, s.cfg.BodyLimit))
	if err != nil {
		return err
	}
	p, d, err := s.decide(r.Context(), name, live)
	if err != nil {
		return err
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer bodyBuffers.Put(buf)
	buf.Reset()
	buf.Write(p.json.appendDecision(buf.AvailableBuffer(), d))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(buf.Bytes()) // as writeJSON
	return nil
}

// policyInfo is a policy as GET /v1/policies lists it: what a decide
// request must and may give.
type policyInfo struct {
	policyRef
	// Knobs are the configuration's members, with their recorded values
	// in the table's units (those of the column named).
	Knobs   []knobInfo    `json:"knobs"`
	Context []contextInfo `json:"context"`
	// Metrics must be given; OptionalMetrics may be.
	Metrics         []string `json:"metrics"`
	OptionalMetrics []string `json:"optional_metrics"`
	Actions         []string `json:"actions"`
	Observation     []string `json:"observation,omitempty"`
}

type knobInfo struct {
	Name   string    `json:"name"`
	Column string    `json:"column"`
	Levels []float64 `json:"levels"`
}

type contextInfo struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
}

func (s *Server) handleList(w http.ResponseWriter, _ *http.Request) error {
	ps := *s.policies.Load()
	out := struct {
		Policies []policyInfo `json:"policies"`
	}{Policies: []policyInfo{}}
	for _, name := range s.order {
		out.Policies = append(out.Policies, newPolicyInfo(ps[name]))
	}
	return writeJSON(w, http.StatusOK, out)
}

func newPolicyInfo(p *policy) policyInfo {
	m := p.Model
	info := policyInfo{policyRef: policyRef{Name: p.Name, Algo: p.Algo, Fingerprint: p.Fingerprint},
		Context: []contextInfo{}, Metrics: []string{}, OptionalMetrics: []string{}, Actions: m.ActionNames}
	for k, kn := range m.Spec.Knobs {
		info.Knobs = append(info.Knobs, knobInfo{Name: kn.Name, Column: kn.Column, Levels: m.Levels[k]})
	}
	layout := m.Layout()
	for c, name := range m.Spec.Context {
		ci := contextInfo{Name: name}
		for _, t := range layout.Contexts {
			ci.Values = append(ci.Values, t[c])
		}
		info.Context = append(info.Context, ci)
	}
	var required []string
	if p.inputs.Observation {
		required = append(required, m.Spec.Observe...)
		info.Observation = m.ObsNames
	}
	required = append(required, p.inputs.Metrics...)
	for _, n := range p.metrics {
		if slices.Contains(required, n) {
			info.Metrics = append(info.Metrics, n)
		} else {
			info.OptionalMetrics = append(info.OptionalMetrics, n)
		}
	}
	return info
}
