package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/httpapi"
)

// logLines collects a handler's log records as JSON objects.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

// records returns the records whose message is msg.
func (l *logLines) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func observedHandler(t *testing.T, store graph.Store, opts ...func(*httpapi.Config)) (http.Handler, *logLines) {
	t.Helper()
	logs := &logLines{}
	h := newHandler(t, store, append([]func(*httpapi.Config){func(c *httpapi.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(io.MultiWriter(logs, testWriter{t}), &slog.HandlerOptions{Level: slog.LevelInfo}))
		c.Metrics = true
	}}, opts...)...)
	return h, logs
}

// sendQuery posts a query with the given headers and returns the recorder.
func sendQuery(h http.Handler, query string, header map[string]string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]any{"query": query})
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func decode(t *testing.T, w *httptest.ResponseRecorder) response {
	t.Helper()
	var resp response
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d, body %q: %v", w.Code, w.Body.String(), err)
	}
	resp.Status = w.Code
	return resp
}

func TestRequestID(t *testing.T) {
	h, logs := observedHandler(t, fixtureStore(t))
	generated := regexp.MustCompile(`^[0-9a-f]{24}$`)
	for _, tc := range []struct {
		name, sent string
		want       *regexp.Regexp
	}{
		{"none sent: one is made", "", generated},
		{"the client's is kept", "trace-42:a.b_c", regexp.MustCompile(`^trace-42:a\.b_c$`)},
		{"unsafe characters: replaced", "x\ny", generated},
		{"too long: replaced", strings.Repeat("a", 129), generated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := sendQuery(h, `query Bad { entity(id: "NOPE") { id } }`, map[string]string{"X-Request-Id": tc.sent})
			id := w.Header().Get("X-Request-Id")
			if !tc.want.MatchString(id) {
				t.Fatalf("X-Request-Id = %q, want %s", id, tc.want)
			}
			resp := decode(t, w)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error for a missing entity: %s", w.Body.String())
			}
			for _, e := range resp.Errors {
				if e.Extensions["requestId"] != id {
					t.Errorf("error %q: extensions.requestId = %v, want %q", e.Message, e.Extensions["requestId"], id)
				}
			}
			var found bool
			for _, rec := range logs.records(t, "request") {
				if rec["request_id"] == id {
					found = true
					if rec["level"] != "INFO" || rec["operation"] != "Bad" || rec["outcome"] != httpapi.CodeNotFound || rec["status"] != float64(200) {
						t.Errorf("access log line %v: want level INFO, operation Bad, outcome NOT_FOUND, status 200", rec)
					}
				}
			}
			if !found {
				t.Errorf("no access log line with request_id %q", id)
			}
		})
	}
	// errors made outside the executor carry it too
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ datasetVersion }"}`+strings.Repeat(" ", 2<<20)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Request-Id", "big-one")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || w.Header().Get("X-Request-Id") != "big-one" {
		t.Errorf("oversized body: status %d, X-Request-Id %q", w.Code, w.Header().Get("X-Request-Id"))
	}
	for _, rec := range logs.records(t, "request") {
		if rec["request_id"] == "big-one" && rec["outcome"] != "HTTP 413" {
			t.Errorf("oversized body logged with outcome %v, want HTTP 413", rec["outcome"])
		}
	}
}

// switchStore fails every call with graph.ErrUnavailable while down is set.
type switchStore struct {
	graph.Store
	down atomic.Bool
}

func (s *switchStore) err() error {
	if s.down.Load() {
		return fmt.Errorf("neo4j at 10.0.0.3: %w", graph.ErrUnavailable)
	}
	return nil
}

func (s *switchStore) Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error) {
	if err := s.err(); err != nil {
		return graph.SearchPage{}, err
	}
	return s.Store.Search(ctx, q)
}

func (s *switchStore) Version(ctx context.Context) (string, error) {
	if err := s.err(); err != nil {
		return "", err
	}
	return s.Store.Version(ctx)
}

func TestOutage(t *testing.T) {
	store := &switchStore{Store: fixtureStore(t)}
	h, logs := observedHandler(t, store)
	const q = `query Find { search(query: "alpha") { totalCount } }`
	if w := sendQuery(h, q, nil); w.Code != http.StatusOK {
		t.Fatalf("store up: status %d %s", w.Code, w.Body.String())
	}
	store.down.Store(true)
	for range 5 {
		w := sendQuery(h, q, nil)
		resp := decode(t, w)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("store down: status %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
		}
		wantError(t, resp, httpapi.CodeUnavailable, "the store is unavailable")
		if strings.Contains(w.Body.String(), "ask for less") {
			t.Errorf("an outage blames the query: %s", w.Body.String())
		}
	}
	store.down.Store(false)
	for range 3 {
		if w := sendQuery(h, q, nil); w.Code != http.StatusOK {
			t.Errorf("store back: status %d", w.Code)
		}
	}
	if got := logs.records(t, "store unavailable: requests fail with UNAVAILABLE (503) until it answers again"); len(got) != 1 || got[0]["level"] != "ERROR" {
		t.Errorf("the outage was logged %d times (%v), want once at ERROR", len(got), got)
	}
	if got := logs.records(t, "store answers again"); len(got) != 1 {
		t.Errorf("the recovery was logged %d times, want once", len(got))
	}
	var unavailable int
	for _, rec := range logs.records(t, "request") {
		if rec["outcome"] == httpapi.CodeUnavailable {
			unavailable++
			if rec["status"] != float64(503) {
				t.Errorf("access log: an UNAVAILABLE request logged with status %v", rec["status"])
			}
		}
	}
	if unavailable != 5 {
		t.Errorf("access log: %d requests with outcome UNAVAILABLE, want 5", unavailable)
	}
}

// stuckStore's search waits until its caller gives up.
type stuckStore struct{ graph.Store }

func (s stuckStore) Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error) {
	<-ctx.Done()
	return graph.SearchPage{}, ctx.Err()
}

func TestTimeoutObserved(t *testing.T) {
	h, logs := observedHandler(t, stuckStore{fixtureStore(t)}, func(c *httpapi.Config) { c.RequestTimeout = 50 * time.Millisecond })
	w := sendQuery(h, `query Slow { search(query: "alpha") { totalCount } }`, map[string]string{"X-Request-Id": "slow-1"})
	resp := decode(t, w)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
	wantError(t, resp, httpapi.CodeTimeout, "took longer than the server allows (50ms)")
	if resp.Errors[0].Extensions["requestId"] != "slow-1" {
		t.Errorf("timeout error extensions %v lack the request id", resp.Errors[0].Extensions)
	}
	if got := logs.records(t, "request timed out"); len(got) != 1 || got[0]["request_id"] != "slow-1" || got[0]["operation"] != "Slow" || got[0]["level"] != "WARN" {
		t.Errorf("timeout logs %v, want one WARN line with request_id slow-1 and operation Slow", got)
	}
	for _, rec := range logs.records(t, "request") {
		if rec["request_id"] == "slow-1" && (rec["outcome"] != httpapi.CodeTimeout || rec["status"] != float64(503)) {
			t.Errorf("access log %v, want outcome TIMEOUT, status 503", rec)
		}
	}
}

func TestMetrics(t *testing.T) {
	store := &switchStore{Store: fixtureStore(t)}
	h, _ := observedHandler(t, store)
	for range 3 {
		sendQuery(h, `query Find { search(query: "alpha") { totalCount } }`, nil)
	}
	sendQuery(h, `{ entity(id: "NOPE") { id } }`, nil)
	store.down.Store(true)
	sendQuery(h, `query Find { search(query: "alpha") { totalCount } }`, nil)
	store.down.Store(false)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("/metrics: status %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`patronage_requests_total{operation="Find",outcome="OK"} 3`,
		`patronage_requests_total{operation="anonymous",outcome="NOT_FOUND"} 1`,
		`patronage_requests_total{operation="Find",outcome="UNAVAILABLE"} 1`,
		`patronage_request_duration_seconds_count{operation="Find"} 4`,
		`patronage_requests_in_flight 0`,
		`patronage_dataset_info{version="fixture"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}

	// operation names beyond the bound are counted together
	for i := range 250 {
		sendQuery(h, fmt.Sprintf(`query Op%d { datasetVersion }`, i), nil)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if n := strings.Count(w.Body.String(), "patronage_requests_total{"); n > 205 {
		t.Errorf("%d request series after 250 operation names, want at most about 200", n)
	}
	if !strings.Contains(w.Body.String(), `patronage_requests_total{operation="other",outcome="OK"}`) {
		t.Error(`names beyond the bound are not counted as "other"`)
	}

	off := newHandler(t, fixtureStore(t))
	w = httptest.NewRecorder()
	off.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusNotFound && w.Code != http.StatusMethodNotAllowed {
		t.Errorf("/metrics with Metrics off: status %d", w.Code)
	}
}
