package serve

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	demoOnce   sync.Once
	demoPath   string
	demoDirErr error
)

// demoPolicy is a PPO policy trained briefly on the demo, shared by the
// package's tests.
func demoPolicy(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := tempDir()
		if err != nil {
			demoDirErr = err
			return
		}
		demoPath = trainPolicy(t, tableModel(t, ""), "ppo", 4096, 1, dir)
	})
	if demoDirErr != nil {
		t.Fatal(demoDirErr)
	}
	return demoPath
}

const goodBody = `{"config":{"replicas":3,"cpu":500,"heap":700},"metrics":{"cpu.1":0.3,"ram":0.4}}`

// rawRequest writes req on a fresh connection and reads one response.
func rawRequest(t *testing.T, addr string, parts []string, pause time.Duration) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for i, p := range parts {
		if i > 0 {
			time.Sleep(pause)
		}
		if _, err := io.WriteString(conn, p); err != nil {
			break // the server may close on us: read what it said
		}
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func decideHead(n int) string {
	return fmt.Sprintf("POST /v1/policies/ppo/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", n)
}

// TestHostileRequests sends malformed and hostile requests of many kinds:
// each gets a 4xx with a JSON error (naming the field where there is
// one), the server keeps answering, and no goroutine is left behind.
func TestHostileRequests(t *testing.T) {
	path := demoPolicy(t)
	s, base, _ := start(t, Config{Policies: []PolicyArg{{Name: "ppo", Arg: path}}, BodyLimit: 4096,
		ReadTimeout: 1500 * time.Millisecond, WriteTimeout: 5 * time.Second}) // loose: a loaded machine starves goroutines
	addr, _ := s.Addrs()
	client := &http.Client{Timeout: 5 * time.Second}
	deep := strings.Repeat("[", 1900) + strings.Repeat("]", 1900)
	many := make([]string, 300)
	for i := range many {
		many[i] = fmt.Sprintf(`"m%d":1`, i)
	}
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		field                           string
	}{
		{"truncated JSON", "POST", "/v1/policies/ppo/decide", "", `{"config":{"replicas":3`, 400, "config"},
		{"not JSON", "POST", "/v1/policies/ppo/decide", "", `hello`, 400, ""},
		{"empty body", "POST", "/v1/policies/ppo/decide", "", ``, 400, ""},
		{"array", "POST", "/v1/policies/ppo/decide", "", `[1,2]`, 400, ""},
		{"deep nesting", "POST", "/v1/policies/ppo/decide", "", deep, 400, ""},
		{"deep nesting in a value", "POST", "/v1/policies/ppo/decide", "", `{"config":{"replicas":` + deep + `}}`, 400, "config.replicas"},
		{"huge body", "POST", "/v1/policies/ppo/decide", "", `{"config":{"replicas":3},"metrics":{"x":"` + strings.Repeat("a", 10000) + `"}}`, 413, ""},
		{"unknown policy", "POST", "/v1/policies/nope/decide", "", goodBody, 404, "name"},
		{"string for a number", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"replicas":3`, `"replicas":"3"`, 1), 400, "config.replicas"},
		{"boolean", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"cpu":500`, `"cpu":true`, 1), 400, "config.cpu"},
		{"null", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"heap":700`, `"heap":null`, 1), 400, "config.heap"},
		{"object for a number", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"heap":700`, `"heap":{}`, 1), 400, "config.heap"},
		{"NaN", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `0.3`, `NaN`, 1), 400, "metrics.cpu.1"},
		{"infinite", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `0.3`, `1e999`, 1), 400, "metrics.cpu.1"},
		{"extra field", "POST", "/v1/policies/ppo/decide", "", `{"config":{"replicas":3,"cpu":500,"heap":700},"metrics":{"cpu.1":0.3,"ram":0.4},"exec":"rm -rf /"}`, 400, "exec"},
		{"unknown knob", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"heap":700`, `"heap":700,"disk":1`, 1), 400, "config.disk"},
		{"unknown metric", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"ram":0.4`, `"ram":0.4,"gpu":1`, 1), 400, "metrics.gpu"},
		{"missing knob", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `,"heap":700`, ``, 1), 400, "config.heap"},
		{"missing metric", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `,"ram":0.4`, ``, 1), 400, "metrics.ram"},
		{"missing config", "POST", "/v1/policies/ppo/decide", "", `{"metrics":{"cpu.1":0.3,"ram":0.4}}`, 400, "config"},
		{"key twice", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"cpu":500`, `"cpu":500,"cpu":600`, 1), 400, "config.cpu"},
		{"group twice", "POST", "/v1/policies/ppo/decide", "", `{"config":{},"config":{}}`, 400, "config"},
		{"trailing data", "POST", "/v1/policies/ppo/decide", "", goodBody + goodBody, 400, ""},
		{"too many values", "POST", "/v1/policies/ppo/decide", "", `{"metrics":{` + strings.Join(many[:257], ",") + `}}`, 400, "metrics"},
		{"invalid UTF-8 key", "POST", "/v1/policies/ppo/decide", "", strings.Replace(goodBody, `"heap":700`, "\"heap\":700,\"\xff\xfe\":1", 1), 400, "config.\ufffd\ufffd"},
		{"wrong method", "GET", "/v1/policies/ppo/decide", "", ``, 405, ""},
		{"wrong content type", "POST", "/v1/policies/ppo/decide", "text/plain", goodBody, 415, "Content-Type"},
		{"unknown path", "GET", "/admin", "", ``, 404, ""},
		{"path traversal", "GET", "/v1/policies/../../etc/passwd", "", ``, 404, ""},
		{"POST to the list", "POST", "/v1/policies", "", goodBody, 405, ""},
	}
	before := runtime.NumGoroutine()
	kinds := 0
	for _, c := range cases {
		req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		ct := c.ctype
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		checkError(t, c.name, resp, b, c.status, c.field)
		kinds++
	}
	// Slow and lying clients, on raw connections.
	resp, b := rawRequest(t, addr, []string{decideHead(len(goodBody)) + goodBody[:10], goodBody[10:]}, 2500*time.Millisecond)
	checkError(t, "slow body", resp, b, 408, "")
	resp, b = rawRequest(t, addr, []string{decideHead(len(goodBody)+50) + goodBody}, 0)
	checkError(t, "body shorter than its length (then a timeout)", resp, b, 408, "")
	resp, b = rawRequest(t, addr, []string{"POST /v1/policies/ppo/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{"}, 0)
	checkError(t, "declared huge body", resp, b, 413, "")
	resp, b = rawRequest(t, addr, []string{"POST /v1/policies/ppo/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", "2000\r\n" + strings.Repeat(" ", 0x2000) + "\r\n"}, 10*time.Millisecond)
	checkError(t, "chunked huge body", resp, b, 413, "")
	kinds += 4
	// A slow header (slowloris) is cut at the read timeout.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "POST /v1/policies/ppo/decide HTTP/1.1\r\nHost: t\r\n")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	io.ReadAll(conn)
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("a slow header held its connection %v", d)
	}
	conn.Close()
	if kinds < 20 {
		t.Fatalf("only %d kinds of hostile request", kinds)
	}
	// Still answering.
	if code, out := post(t, client, base+"/v1/policies/ppo/decide", json.RawMessage(goodBody)); code != 200 || out["action"] == nil {
		t.Fatalf("after the hostile requests: %d %v", code, out)
	}
	client.CloseIdleConnections()
	settled := false
	for i := 0; i < 100 && !settled; i++ {
		settled = runtime.NumGoroutine() <= before
		time.Sleep(20 * time.Millisecond)
	}
	if !settled {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before the hostile requests, %d after\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}
}

// checkError wants a JSON error of the status, naming field if given.
func checkError(t *testing.T, name string, resp *http.Response, body []byte, status int, field string) {
	t.Helper()
	var e struct {
		Error string `json:"error"`
		Field string `json:"field"`
	}
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &e) != nil || e.Error == "" {
		t.Errorf("%s: %d %q %s, want %d with a JSON error", name, resp.StatusCode, resp.Header.Get("Content-Type"), body, status)
		return
	}
	if field != "" && e.Field != field {
		t.Errorf("%s: error %q names field %q, want %q", name, e.Error, e.Field, field)
	}
}
