package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/httpapi"
	"github.com/patronage/patronage/seeds"
)

// repeat is a query selecting sel n times.
func repeat(sel string, n int) string {
	return "{" + strings.Repeat(" "+sel, n) + " }"
}

// aliased is a query selecting sel n times, each under its own alias.
func aliased(sel string, n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, sel)
	}
	b.WriteString(" }")
	return b.String()
}

// fragments is a query spreading n fragments: each spreading the one
// before (a chain), or all spread together.
func fragments(n int, chain bool) string {
	var b strings.Builder
	if chain {
		fmt.Fprintf(&b, "{ ...F%d }\nfragment F0 on Query { datasetVersion }\n", n)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "fragment F%d on Query { ...F%d }\n", i, i-1)
		}
		return b.String()
	}
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " ...F%d", i)
	}
	b.WriteString(" }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { f%d: datasetVersion }\n", i, i)
	}
	return b.String()
}

// attack is a query that once took seconds of CPU before any limit
// answered (issue 9), and the error that now refuses it.
type attack struct {
	name, query string
	code, msg   string
}

func attacks() []attack {
	return []attack{
		// 224 KB, within the parser's token limit: 25 s in validation
		// (OverlappingFieldsCanBeMerged compares every pair).
		{"field duplication", repeat("datasetVersion", 14990), httpapi.CodeSelectionLimit, "the query has 14990 selections"},
		// 6 s in validation before the cost limit answered.
		{"raids totalCount repeated", repeat("raids { totalCount }", 3700), httpapi.CodeSelectionLimit, "the query has 7400 selections"},
		// 1.3 KB, 2^25 fields expanded: the cost and depth walks expanded
		// every spread (7.5 s at 24 levels, doubling with each).
		{"fragment fan-out", httpapi.FanOut(25), httpapi.CodeSelectionLimit, "which exceeds the limit of 2000"},
		// within the old cost limit (130 each), each a walk of 6 hops
		// from every compound: 6.6 s on Neo4j.
		{"siteAssessment(maxHops: 6) aliased", aliased("siteAssessment(maxHops: 6) { sites { site { id } } }", 150), httpapi.CodeComplexityLimit, "operation has complexity 1204500, which exceeds the limit of 20000"},
		// The shapes validation is super-linear on, each within the
		// selection limit on its own count.
		{"repeats", repeat("datasetVersion", 500), httpapi.CodeSelectionLimit, "the query selects 499 fields again where the same name is already selected"},
		{"nested repeats", repeat("raids { totalCount }", 150), httpapi.CodeSelectionLimit, "the query selects 298 fields again"},
		// each fragment is validated on its own with those it spreads:
		// fragment k of the chain counts k+1 selections
		{"fragment chain", fragments(90, true), httpapi.CodeSelectionLimit, "the query has 4278 selections"},
		{"fragments spread together", fragments(1000, false), httpapi.CodeSelectionLimit, "the query has 1000 fragments, which exceeds the limit of 100"},
		{"arguments of repeated fields", repeat(`raids(`+strings.Repeat("first: 1 ", 78)+`) { __typename }`, 50), httpapi.CodeSelectionLimit, "a field of the query has 78 arguments, which exceeds the limit of 20"},
		// counted before validation: an invalid query is refused all the same
		{"unknown fields", repeat("nope", 3000), httpapi.CodeSelectionLimit, "the query has 3000 selections"},
	}
}

// TestAttacksRefused checks that each query of issue 9 is refused with a
// coded error before it runs, and at once: the bound here is a generous
// sanity check (they took 6 to 30 s); BenchmarkAttacks measures them.
func TestAttacksRefused(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range attacks() {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resp := post(t, h, tc.query, nil)
			elapsed := time.Since(start)
			wantError(t, resp, tc.code, tc.msg)
			if resp.Data != nil && string(resp.Data) != "null" {
				t.Errorf("data %s, want none", resp.Data)
			}
			if elapsed > 2*time.Second {
				t.Errorf("refused after %v, want at once (under 2 s)", elapsed)
			}
		})
	}
	// The payloads are what the issue describes.
	if n := len(attacks()[0].query); n < 220_000 {
		t.Errorf("the field duplication payload is %d bytes, want about 224 KB", n)
	}
	if n := len(httpapi.FanOut(25)); n < 1200 || n > 1400 {
		t.Errorf("the fan-out payload is %d bytes, want about 1.3 KB", n)
	}
}

// TestSelectionLimitAdmits checks the limits' edges: what is just within
// them runs, and a smaller selection limit is configurable.
func TestSelectionLimitAdmits(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, q := range []string{
		aliased("datasetVersion", 2000), // 2,000 selections
		repeat("datasetVersion", 101),   // 100 repeats
		httpapi.FanOut(7),               // 383 + 749 selections
		fragments(100, false),           // 100 fragments
		aliased("siteAssessment(maxHops: 6) { sites { site { id } } }", 2),    // 16,060
		aliased("siteAssessment { sites { site { id } } }", 19),               // 19,570
		aliased(`paths(from: "C_A", to: "P_SEN", maxHops: 6) { length }`, 24), // 19,800
	} {
		if resp := post(t, h, q, nil); len(resp.Errors) > 0 || len(resp.Data) < 3 {
			t.Errorf("%.60s...: refused %+v", q, resp.Errors)
		}
	}
	wantError(t, post(t, h, aliased("siteAssessment(maxHops: 6) { sites { site { id } } }", 3), nil), httpapi.CodeComplexityLimit, "exceeds the limit of 20000")
	wantError(t, post(t, h, aliased(`paths(from: "C_A", to: "P_SEN", maxHops: 6) { length }`, 150), nil), httpapi.CodeComplexityLimit, "exceeds the limit of 20000")

	small := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.MaxSelections = 5 })
	wantError(t, post(t, small, `{ entity(id: "C_A") { id name kind aliases note } }`, nil), httpapi.CodeSelectionLimit, "the query has 6 selections")
	if resp := post(t, small, `{ entity(id: "C_A") { id name kind aliases } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("5 selections refused with a limit of 5: %+v", resp.Errors)
	}
	// A refused query is not cached: asked again, it is refused again.
	wantError(t, post(t, small, `{ entity(id: "C_A") { id name kind aliases note } }`, nil), httpapi.CodeSelectionLimit, "the query has 6 selections")
}

// documentedQueries are the queries of docs/graphql.md and the README
// (curl's query=... and the notebook's QUERY), with their variables.
func documentedQueries(t *testing.T) []question {
	t.Helper()
	curl := regexp.MustCompile(`(?s)--data-urlencode 'query=(.*?)'`)
	notebook := regexp.MustCompile(`(?s)QUERY = """(.*?)""".*?"variables": (\{[^}]*\})`)
	var out []question
	for _, path := range []string{"../docs/graphql.md", "../README.md"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range curl.FindAllSubmatch(b, -1) {
			out = append(out, question{name: fmt.Sprintf("%s curl %d", path, i+1), query: string(m[1])})
		}
		for i, m := range notebook.FindAllSubmatch(b, -1) {
			var vars map[string]any
			if err := json.Unmarshal(m[2], &vars); err != nil {
				t.Fatalf("%s: the notebook's variables %s: %v", path, m[2], err)
			}
			out = append(out, question{name: fmt.Sprintf("%s notebook %d", path, i+1), query: string(m[1]), vars: vars})
		}
	}
	if len(out) < 7 {
		t.Fatalf("found %d queries in the documentation, want at least 7 (did its layout change?)", len(out))
	}
	return out
}

// TestLimitsAdmitOrdinaryQueries runs the documentation's examples on the
// curated seeds and the benchmark's four questions on a synthetic graph,
// under the default limits: every one answers, without an error.
func TestLimitsAdmitOrdinaryQueries(t *testing.T) {
	sd, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	seeded, err := memory.New(sd)
	if err != nil {
		t.Fatal(err)
	}
	d := synthetic.Dataset(2000, 1)
	syn, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		h  http.Handler
		qs []question
	}{
		{newHandler(t, seeded), documentedQueries(t)},
		{newHandler(t, syn), questions(d)},
	} {
		for _, q := range tc.qs {
			resp := post(t, tc.h, q.query, q.vars)
			if len(resp.Errors) > 0 || len(resp.Data) < 3 {
				t.Errorf("%s: errors %+v, data %.80s", q.name, resp.Errors, resp.Data)
			}
		}
	}
}

// BenchmarkAttacks measures how long the server takes to refuse each query
// of issue 9 (TestAttacksRefused), through the whole handler:
//
//	go test -run '^$' -bench Attacks ./httpapi
func BenchmarkAttacks(b *testing.B) {
	store, err := memory.New(synthetic.Dataset(1000, 1))
	if err != nil {
		b.Fatal(err)
	}
	h, err := httpapi.New(httpapi.Config{Store: store, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range attacks() {
		body, _ := json.Marshal(map[string]any{"query": a.query})
		b.Run(strings.ReplaceAll(a.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(a.query)))
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if !bytes.Contains(w.Body.Bytes(), []byte(a.code)) {
					b.Fatalf("%s: %s", a.name, w.Body.String())
				}
			}
		})
	}
}
