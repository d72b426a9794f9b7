package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/httpapi"
)

// BenchmarkEmbedded serves the API on the embedded store over a synthetic
// graph of 10,000 entities and answers the peerbench's four questions
// through the whole HTTP handler (no network), one at a time and from
// parallel clients:
//
//	go test -run '^$' -bench Embedded ./httpapi
func BenchmarkEmbedded(b *testing.B) {
	// as `patronage serve` runs (cmd/patronage: serveGCPercent)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	d := synthetic.Dataset(10000, 1)
	store, err := memory.New(d)
	if err != nil {
		b.Fatal(err)
	}
	h, err := httpapi.New(httpapi.Config{Store: store, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range questions(d) {
		body, _ := json.Marshal(map[string]any{"query": q.query, "variables": q.vars})
		do := func(b *testing.B) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
				b.Fatalf("%s: %d %s", q.name, w.Code, w.Body.String())
			}
			_, _ = io.Copy(io.Discard, w.Body)
		}
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				do(b)
			}
		})
		b.Run(q.name+"-parallel", func(b *testing.B) {
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					do(b)
				}
			})
		})
	}
}

// question is one of the peerbench's questions, with its variables.
type question struct {
	name, query string
	vars        map[string]any
}

// questions are the peerbench's four questions on d (see BenchmarkEmbedded):
// q1 the busiest entity's first 20 claims, q2 a page of 50 compounds with
// their raids, q3 a name search, q4 the assessment's four cells.
func questions(d *graph.Dataset) []question {
	return []question{
		{"q1", `query Q1($id: ID!) { entity(id: $id) { id name relationships(first: 20) { edges { direction node { id name } claim { id type status sources { id title } } } } } }`, map[string]any{"id": synthetic.Busiest(d)}},
		{"q2", `query Q2 { compounds(first: 50) { totalCount edges { node { id name province raids { id start status } } } } }`, nil},
		{"q3", `query Q3($q: String!) { search(query: $q, first: 20) { edges { node { id name } } } }`, map[string]any{"q": "kalo"}},
		{"q4", `query Q4 { siteAssessment { raidedConnected { site { id } } raidedUnconnected { site { id } } unraidedConnected { site { id } } unraidedUnconnected { site { id } } } }`, nil},
	}
}
