package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/httpapi"
)

// testLogger routes the server's logs to the test log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// fixtureStore is the embedded store on the contract suite's fictional
// fixture (see graph/storetest.Fixture for what it holds).
func fixtureStore(t *testing.T) *memory.Store {
	t.Helper()
	s, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newHandler serves store with the defaults, changed by opts.
func newHandler(t *testing.T, store graph.Store, opts ...func(*httpapi.Config)) http.Handler {
	t.Helper()
	c := httpapi.Config{Store: store, Logger: testLogger(t), Introspection: true}
	for _, o := range opts {
		o(&c)
	}
	h, err := httpapi.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// response is a GraphQL response.
type response struct {
	Status     int             `json:"-"`
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { c, _ := e.Extensions["code"].(string); return c }

// post sends a query as POST /graphql with JSON and decodes the answer.
func post(t *testing.T, h http.Handler, query string, vars map[string]any) response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return do(t, h, r)
}

// get sends a query as GET /graphql?query=...
func get(t *testing.T, h http.Handler, query string) response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
	return do(t, h, r)
}

func do(t *testing.T, h http.Handler, r *http.Request) response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var resp response
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("%s %s: status %d, body %q is not JSON: %v", r.Method, r.URL, w.Code, w.Body.String(), err)
	}
	resp.Status = w.Code
	return resp
}

// must fails the test on any error in the response and decodes its data.
func must[T any](t *testing.T, resp response) T {
	t.Helper()
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	var v T
	if err := json.Unmarshal(resp.Data, &v); err != nil {
		t.Fatalf("decoding %s: %v", resp.Data, err)
	}
	return v
}

// wantError checks that the response has exactly one error, with the code
// and a message containing msg.
func wantError(t *testing.T, resp response, code, msg string) {
	t.Helper()
	if len(resp.Errors) != 1 {
		t.Fatalf("got %d errors %+v, want one %s", len(resp.Errors), resp.Errors, code)
	}
	e := resp.Errors[0]
	if e.code() != code || !strings.Contains(e.Message, msg) {
		t.Errorf("error = %q (code %q), want code %s and a message containing %q", e.Message, e.code(), code, msg)
	}
	if strings.HasPrefix(e.Message, graph.ErrInvalid.Error()+":") {
		t.Errorf("error %q shows the internal sentinel's prefix", e.Message)
	}
}

// countingStore counts the calls made to each method of a store.
type countingStore struct {
	graph.Store
	mu    sync.Mutex
	calls map[string]int
}

func newCounting(s graph.Store) *countingStore {
	return &countingStore{Store: s, calls: map[string]int{}}
}

func (c *countingStore) count(name string) {
	c.mu.Lock()
	c.calls[name]++
	c.mu.Unlock()
}

func (c *countingStore) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.calls {
		out[k] = v
	}
	return out
}

func (c *countingStore) reset() {
	c.mu.Lock()
	c.calls = map[string]int{}
	c.mu.Unlock()
}

func (c *countingStore) Entities(ctx context.Context, ids []string) (map[string]graph.Entity, error) {
	c.count("Entities")
	return c.Store.Entities(ctx, ids)
}

func (c *countingStore) EdgesOf(ctx context.Context, ids []string, f graph.ClaimFilter) (map[string][]graph.Edge, error) {
	c.count("EdgesOf")
	return c.Store.EdgesOf(ctx, ids, f)
}

func (c *countingStore) Flags(ctx context.Context, ids []string, q graph.FlagQuery) (map[string]graph.Flags, error) {
	c.count("Flags")
	return c.Store.Flags(ctx, ids, q)
}

func (c *countingStore) Designations(ctx context.Context, ids []string) (map[string][]graph.Designation, error) {
	c.count("Designations")
	return c.Store.Designations(ctx, ids)
}

func (c *countingStore) Compounds(ctx context.Context, f graph.CompoundFilter) (graph.CompoundPage, error) {
	c.count("Compounds")
	return c.Store.Compounds(ctx, f)
}

func (c *countingStore) RaidsOn(ctx context.Context, ids []string) (map[string][]graph.Raid, error) {
	c.count("RaidsOn")
	return c.Store.RaidsOn(ctx, ids)
}

func (c *countingStore) Sources(ctx context.Context, ids []string) (map[string]graph.Source, error) {
	c.count("Sources")
	return c.Store.Sources(ctx, ids)
}

func (c *countingStore) Version(ctx context.Context) (string, error) {
	c.count("Version")
	return c.Store.Version(ctx)
}

// failingStore fails or panics on some calls.
type failingStore struct {
	graph.Store
	searchPanics bool
	err          error // returned by Search and Version when set
}

func (f failingStore) Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error) {
	if f.searchPanics {
		panic("search exploded")
	}
	if f.err != nil {
		return graph.SearchPage{}, f.err
	}
	return f.Store.Search(ctx, q)
}

func (f failingStore) Version(ctx context.Context) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	return f.Store.Version(ctx)
}

var _ io.Writer = testWriter{}
