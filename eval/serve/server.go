package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/eval/serve/externalscaler"
	"github.com/tablerl/tablerl/tableenv"
)

// Config says what to serve and how.
type Config struct {
	Policies []PolicyArg
	// Source, if set, is the table policies are built from (any
	// eval.NewPolicy argument); nil serves policy.json files alone.
	Source *eval.Source
	// Addr and GRPCAddr are where to listen ("127.0.0.1:0" picks a port;
	// "" does not serve that protocol).
	Addr, GRPCAddr string
	// BodyLimit bounds a request body (default 64 KiB).
	BodyLimit int64
	// ReadTimeout and WriteTimeout bound a request's reading and its
	// answer's writing (defaults 10 s); IdleTimeout a kept-alive
	// connection's wait (default 60 s).
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// StreamInterval is how often StreamIsActive re-decides (default 10 s).
	StreamInterval time.Duration
	// ShutdownGrace bounds the draining of requests in flight (default 10 s).
	ShutdownGrace time.Duration
	Log           *slog.Logger
}

func (c *Config) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.ReadTimeout, 10*time.Second)
	set(&c.WriteTimeout, 10*time.Second)
	set(&c.IdleTimeout, 60*time.Second)
	set(&c.StreamInterval, 10*time.Second)
	set(&c.ShutdownGrace, 10*time.Second)
	if c.BodyLimit <= 0 {
		c.BodyLimit = 64 << 10
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Server serves live decisions over HTTP and gRPC.
type Server struct {
	cfg      Config
	load     loader
	policies atomic.Pointer[map[string]*policy]
	order    []string // policy names in argument order
	metrics  *metrics
	ready    atomic.Bool
	reloadMu sync.Mutex

	http       *http.Server
	grpc       *grpc.Server
	health     *health.Server
	httpLn     net.Listener
	grpcLn     net.Listener
	stopStream chan struct{}
	serveErr   chan error
	stopOnce   sync.Once
	stopErr    error
}

// New loads the policies; any that fails to load is an error.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if len(cfg.Policies) == 0 {
		return nil, fmt.Errorf("%w: no policy to serve", eval.ErrPolicyArg)
	}
	s := &Server{cfg: cfg, load: loader{src: cfg.Source, instances: max(2, 2*runtime.GOMAXPROCS(0))},
		metrics: newMetrics(), stopStream: make(chan struct{}), serveErr: make(chan error, 2)}
	ps := map[string]*policy{}
	for _, pa := range cfg.Policies {
		p, err := s.loadPolicy(pa)
		if err != nil {
			return nil, err
		}
		ps[pa.Name] = p
		s.order = append(s.order, pa.Name)
	}
	s.policies.Store(&ps)
	return s, nil
}

// Reload loads every policy again and swaps the new set in at once; a
// policy that no longer loads keeps its old version, and its error is
// logged and returned (joined).
func (s *Server) Reload() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	old := *s.policies.Load()
	next := make(map[string]*policy, len(old))
	var errs []error
	for _, pa := range s.cfg.Policies {
		p, err := s.loadPolicy(pa)
		if err != nil {
			s.cfg.Log.Error("reload failed: keeping the policy loaded before", "policy", pa.Name, "arg", pa.Arg, "err", err)
			s.metrics.reloads.WithLabelValues("failed").Inc()
			errs = append(errs, fmt.Errorf("%s: %w", pa.Name, err))
			p = old[pa.Name]
		} else {
			s.cfg.Log.Info("reloaded", "policy", pa.Name, "algo", p.Algo, "fingerprint", short(p.Fingerprint))
			s.metrics.reloads.WithLabelValues("ok").Inc()
		}
		next[pa.Name] = p
	}
	s.policies.Store(&next)
	return errors.Join(errs...)
}

// loadPolicy loads a policy with its decisions' counters.
func (s *Server) loadPolicy(pa PolicyArg) (*policy, error) {
	p, err := s.load.load(pa)
	if err != nil {
		return nil, err
	}
	for _, a := range p.Model.ActionNames {
		p.decided = append(p.decided, s.metrics.decisions.WithLabelValues(p.Name, a))
	}
	return p, nil
}

func short(fp string) string { return fp[:min(12, len(fp))] }

// Addrs are where the server listens (after Start; "" for a protocol not served).
func (s *Server) Addrs() (httpAddr, grpcAddr string) {
	if s.httpLn != nil {
		httpAddr = s.httpLn.Addr().String()
	}
	if s.grpcLn != nil {
		grpcAddr = s.grpcLn.Addr().String()
	}
	return httpAddr, grpcAddr
}

// Start listens and serves in the background.
func (s *Server) Start() error {
	var err error
	if s.cfg.Addr != "" {
		if s.httpLn, err = net.Listen("tcp", s.cfg.Addr); err != nil {
			return fmt.Errorf("--addr: %w", err)
		}
		s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: s.cfg.ReadTimeout, ReadTimeout: s.cfg.ReadTimeout,
			WriteTimeout: s.cfg.WriteTimeout, IdleTimeout: s.cfg.IdleTimeout, MaxHeaderBytes: 16 << 10,
			ErrorLog: slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelWarn)}
		go func() { s.serveErr <- ignoreClosed(s.http.Serve(s.httpLn)) }()
	}
	if s.cfg.GRPCAddr != "" {
		if s.grpcLn, err = net.Listen("tcp", s.cfg.GRPCAddr); err != nil {
			if s.httpLn != nil {
				s.httpLn.Close()
			}
			return fmt.Errorf("--grpc-addr: %w", err)
		}
		s.grpc = grpc.NewServer(grpc.MaxRecvMsgSize(int(s.cfg.BodyLimit)), grpc.ConnectionTimeout(s.cfg.ReadTimeout), grpc.MaxConcurrentStreams(256),
			grpc.ChainUnaryInterceptor(s.unaryMetrics), grpc.ChainStreamInterceptor(s.streamMetrics))
		externalscaler.RegisterExternalScalerServer(s.grpc, &scaler{s: s})
		s.health = health.NewServer()
		s.health.SetServingStatus("", healthServing)
		s.health.SetServingStatus(externalscaler.ExternalScaler_ServiceDesc.ServiceName, healthServing)
		registerHealth(s.grpc, s.health)
		go func() { s.serveErr <- ignoreClosed(s.grpc.Serve(s.grpcLn)) }()
	}
	s.ready.Store(true)
	return nil
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Shutdown stops taking requests (readyz fails first), drains those in
// flight for at most the grace period, and stops.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() { s.stopErr = s.shutdown(ctx) })
	return s.stopErr
}

func (s *Server) shutdown(ctx context.Context) error {
	s.ready.Store(false)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ShutdownGrace)
	defer cancel()
	close(s.stopStream)
	var errs []error
	if s.health != nil {
		s.health.Shutdown()
	}
	if s.grpc != nil {
		done := make(chan struct{})
		go func() { s.grpc.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			s.grpc.Stop()
			<-done
		}
	}
	if s.http != nil {
		if err := s.http.Shutdown(ctx); err != nil {
			errs = append(errs, err)
			s.http.Close()
		}
	}
	return errors.Join(errs...)
}

// Run starts the server and serves until ctx ends or SIGTERM or SIGINT
// arrives, reloading the policies on SIGHUP; started, if set, is called
// once the server listens.
func (s *Server) Run(ctx context.Context, started func()) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if err := s.Start(); err != nil {
		return err
	}
	if started != nil {
		started()
	}
	for {
		select {
		case <-hup:
			s.cfg.Log.Info("SIGHUP: reloading the policies")
			s.Reload() // logged
		case err := <-s.serveErr:
			if err != nil {
				s.Shutdown(context.Background())
				return err
			}
		case <-ctx.Done():
			s.cfg.Log.Info("stopping: draining requests in flight")
			return s.Shutdown(context.Background())
		}
	}
}

// decide answers a live situation with the named policy, borrowing one of
// its instances.
func (s *Server) decide(ctx context.Context, name string, live tableenv.Live) (*policy, *eval.Decision, error) {
	p, err := s.lookup(name)
	if err != nil {
		return nil, nil, err
	}
	if err := p.checkMetrics(live); err != nil {
		return p, nil, err
	}
	var inst eval.LivePolicy
	select {
	case inst = <-p.pool:
	case <-ctx.Done():
		return p, nil, ctx.Err()
	}
	d, err := eval.Decide(p.Model, inst, live)
	p.pool <- inst
	if err == nil {
		p.decided[d.Action].Inc()
	}
	return p, d, err
}

// lookup is the policy called name.
func (s *Server) lookup(name string) (*policy, error) {
	p, ok := (*s.policies.Load())[name]
	if !ok {
		return nil, fmt.Errorf("%w %s%s (policies: %s)", ErrUnknownPolicy, dataset.Quote(name), dataset.DidYouMean(name, s.order), dataset.QuoteList(s.order))
	}
	return p, nil
}
