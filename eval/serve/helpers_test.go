package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval/serve/externalscaler"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// tableModel loads a table (path "" for the embedded demo) under the TeaStore spec.
func tableModel(tb testing.TB, path string) *tableenv.Model {
	tb.Helper()
	_, m := loadTable(tb, path)
	return m
}

// loadTable is tableModel with the table.
func loadTable(tb testing.TB, path string) (*dataset.Table, *tableenv.Model) {
	tb.Helper()
	var tbl *dataset.Table
	var err error
	if path == "" {
		tbl, err = dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{})
	} else {
		tbl, err = dataset.Load(path, dataset.LoadOptions{})
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tbl.Release)
	m, err := tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		tb.Fatal(err)
	}
	return tbl, m
}

// trainPolicy trains algo briefly on m and saves its policy file under dir.
func trainPolicy(tb testing.TB, m *tableenv.Model, algo string, steps int, seed uint64, dir string) string {
	tb.Helper()
	a, err := train.LookupAlgorithm(algo)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := a.NewConfig()
	cfg.Base().TotalSteps, cfg.Base().Seed = steps, seed
	l, err := a.NewLearner(m, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	for l.Steps() < steps {
		if _, err := l.Iterate(); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(dir, algo+".json")
	if err := train.Export(m, l, seed, "table", "").Save(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// start serves cfg on loopback ports of its own and stops it when the test ends.
func start(tb testing.TB, cfg Config) (*Server, string, string) {
	tb.Helper()
	cfg.Addr, cfg.GRPCAddr = "127.0.0.1:0", "127.0.0.1:0"
	s, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Shutdown(context.Background()); err != nil {
			tb.Error(err)
		}
	})
	h, g := s.Addrs()
	return s, "http://" + h, g
}

// post sends a JSON body and decodes the JSON answer.
func post(tb testing.TB, c *http.Client, url string, body any) (int, map[string]any) {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := c.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		tb.Fatalf("POST %s: answer not JSON: %v", url, err)
	}
	return resp.StatusCode, out
}

// scalerClient dials the server's gRPC address with the client generated
// from externalscaler.proto.
func scalerClient(tb testing.TB, addr string) (externalscaler.ExternalScalerClient, *grpc.ClientConn) {
	tb.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return externalscaler.NewExternalScalerClient(conn), conn
}

// stateLive is state s of m live: its configuration and the mean of each
// observe column over its rows; obs is the table's observation of the
// state's first row with those means as its observe values.
func stateLive(m *tableenv.Model, s int) (body map[string]any, obs []float64) {
	config := map[string]float64{}
	for k, v := range m.KnobValues(s, nil) {
		config[m.Spec.Knobs[k].Name] = v
	}
	rows := m.StateRows(s)
	obs = append([]float64(nil), m.Observation(int(rows[0]))...)
	metrics := map[string]float64{}
	nk := len(m.Spec.Knobs)
	for j, name := range m.Spec.Observe {
		var sum float64
		for _, r := range rows {
			sum += m.Observation(int(r))[nk+j]
		}
		metrics[name] = sum / float64(len(rows))
		obs[nk+j] = metrics[name]
	}
	return map[string]any{"config": config, "metrics": metrics}, obs
}

func ctx(tb testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	tb.Cleanup(cancel)
	return c
}

// sharedDir holds files shared by the package's tests; TestMain removes it.
var sharedDir string

func tempDir() (string, error) {
	if sharedDir == "" {
		return "", errors.New("no shared directory: TestMain did not run")
	}
	return sharedDir, nil
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tablerl-serve-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
