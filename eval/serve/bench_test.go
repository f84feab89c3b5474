package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkDecideHTTP is the loopback load test: concurrent clients, each
// on a keep-alive connection of its own, POST decide requests for the
// demo's PPO policy, b.N in all (the bench time bounds it), and it reports
// decisions per second and the p50 and p99 latency of a request as its
// client sees it. The clients write prepared HTTP/1.1 requests and read
// the answers with net/http's parser: the load generator, on the same two
// cores, should not cost more than the server it measures (http.Client's
// per-connection goroutines and channels would).
func BenchmarkDecideHTTP(b *testing.B) {
	s, _, _ := start(b, Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(b)}}})
	addr, _ := s.Addrs()
	req := []byte(decideHead(len(goodBody)) + goodBody)
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(8) // 8 clients per CPU
	b.ResetTimer()
	startAll := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer conn.Close()
		br := bufio.NewReader(conn)
		own := make([]time.Duration, 0, 1024)
		for pb.Next() {
			t0 := time.Now()
			if _, err := conn.Write(req); err != nil {
				b.Error(err)
				return
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
			own = append(own, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, own...)
		mu.Unlock()
	})
	elapsed := time.Since(startAll)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "decisions/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkDecideHandler is one decision through the HTTP handler in
// process, no network: the server's own cost per decision.
func BenchmarkDecideHandler(b *testing.B) {
	s, err := New(Config{Policies: []PolicyArg{{Name: "ppo", Arg: demoPolicy(b)}}})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	body := strings.NewReader(goodBody)
	req := httptest.NewRequest(http.MethodPost, "/v1/policies/ppo/decide", body)
	req.Header.Set("Content-Type", "application/json")
	b.ReportAllocs()
	for b.Loop() {
		body.Reset(goodBody)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
