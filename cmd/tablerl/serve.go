package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/eval/serve"
)

type serveReport struct {
	HTTP     string   `json:"http"`
	GRPC     string   `json:"grpc"`
	Policies []string `json:"policies"`
}

func runServe(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("serve"))
	var tf tableFlags
	tf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "HTTP address to listen on (port 0: any free port; empty: no HTTP)")
	grpcAddr := fs.String("grpc-addr", "127.0.0.1:9090", "gRPC address of the KEDA external scaler and the health service (empty: no gRPC)")
	dataPath := fs.String("data", "", "serve against this table ('demo': the embedded one): then POLICY may be any --policy kind of eval\n(a rule, a decision table, the optimal policy); without it, policy.json files alone, which carry their table's layout")
	anyData := fs.Bool("any-data", false, "with --data, serve a policy.json trained on other data")
	bodyLimit := fs.Int64("body-limit", 64<<10, "largest request body, in bytes")
	readTimeout := fs.Duration("read-timeout", 10*time.Second, "time allowed to read a request")
	writeTimeout := fs.Duration("write-timeout", 10*time.Second, "time allowed to write an answer")
	quiet := fs.Bool("quiet", false, "log errors only")
	pos, err := c.parse(fs, args, 1, 1<<20)
	if err != nil {
		return err
	}
	if *bodyLimit < 1 || *readTimeout <= 0 || *writeTimeout <= 0 {
		return usagef("--body-limit, --read-timeout and --write-timeout must be positive")
	}
	if *addr == "" && *grpcAddr == "" {
		return usagef("give --addr or --grpc-addr")
	}
	pas, err := serve.ParsePolicyArgs(pos)
	if err != nil {
		return usageError{err}
	}
	cfg := serve.Config{Policies: pas, Addr: *addr, GRPCAddr: *grpcAddr, BodyLimit: *bodyLimit,
		ReadTimeout: *readTimeout, WriteTimeout: *writeTimeout, Log: c.logger(tf.json, *quiet)}
	if *dataPath != "" {
		var path []string
		if *dataPath != "demo" {
			path = []string{*dataPath}
		}
		t, m, sol, err := c.openSolved(path, &tf)
		if err != nil {
			return err
		}
		defer t.Release()
		cfg.Source = &eval.Source{Model: m, Table: t, Solution: sol, AnyData: *anyData,
			DataSHA: func() (string, error) { return t.Fingerprint(), nil },
			FileSHA: func() (string, error) { return fileSHA(path) }}
	}
	srv, err := serve.New(cfg)
	if errors.Is(err, eval.ErrPolicyArg) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	return srv.Run(context.Background(), func() {
		h, g := srv.Addrs()
		rep := serveReport{HTTP: h, GRPC: g}
		for _, pa := range pas {
			rep.Policies = append(rep.Policies, pa.Name)
		}
		if tf.json {
			writeJSON(c.stdout, rep)
			return
		}
		fmt.Fprintf(c.stdout, "serving %d policies: %v\n", len(pas), rep.Policies)
		if h != "" {
			fmt.Fprintf(c.stdout, "HTTP  http://%s  (POST /v1/policies/NAME/decide, GET /v1/policies, /healthz, /readyz, /metrics)\n", h)
		}
		if g != "" {
			fmt.Fprintf(c.stdout, "gRPC  %s  (KEDA externalscaler.ExternalScaler, grpc.health.v1)\n", g)
		}
		fmt.Fprintln(c.stdout, "SIGHUP reloads the policies, SIGTERM stops")
	})
}

// logger logs to stderr: text, or JSON lines with --json; errors only when quiet.
func (c *cli) logger(asJSON, quiet bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if quiet {
		opts.Level = slog.LevelError
	}
	if asJSON {
		return slog.New(slog.NewJSONHandler(c.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(c.stderr, opts))
}
