package neo4j_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/httpapi"
)

// TestOneStatementPerQuestion serves the GraphQL API on Neo4j (the seeds
// loaded) and counts the Cypher statements each question sends: one, the
// dataset version included, for the questions of the benchmark (an entity
// with a page of claims, their other ends and sources; a page of compounds
// with raids and the total; a search; the assessment's cells), with the
// same answer as the embedded store gives.
func TestOneStatementPerQuestion(t *testing.T) {
	d := realSeeds(t)
	store := load(t, d)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpapi.New(httpapi.Config{Store: store, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	hm, err := httpapi.New(httpapi.Config{Store: mem, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	post := func(h http.Handler, query string, vars map[string]any) string {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Request-Id", "roundtrip") // the same in both answers
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Body.String()
	}
	for _, tc := range oneStatementCases {
		before := store.CypherStatements()
		got := post(h, tc.query, tc.vars)
		if n := store.CypherStatements() - before; n != tc.statements {
			t.Errorf("%s: %d statements, want %d", tc.name, n, tc.statements)
		}
		if want := post(hm, tc.query, tc.vars); got != want {
			t.Errorf("%s: answers differ\nneo4j  %s\nmemory %s", tc.name, got, want)
		}
	}
}

// oneStatementCases are TestOneStatementPerQuestion's GraphQL requests,
// with the Cypher statements each may send.
var oneStatementCases = []struct {
	name, query string
	vars        map[string]any
	statements  int64
}{
	{"q1 entity with claims, other ends and sources",
		`query($id: ID!) { entity(id: $id) { id name relationships(first: 20) { totalCount edges { direction node { id name } claim { id type status sources { id title } } } } } }`,
		map[string]any{"id": "P_HUNMANET"}, 1},
	{"q1 with arguments", `{ entity(id: "C_OSMACH") { ... on Compound { province raids { id } } relationships(direction: IN, minClaimStatus: REPORTED, first: 2) { pageInfo { hasNextPage endCursor } edges { node { name } } } } }`, nil, 1},
	{"q2 compounds with raids and total",
		`{ compounds(first: 50) { totalCount edges { node { id name province raids { id start status } } } } }`, nil, 1},
	{"q3 search", `query($q: String!) { search(query: $q, first: 20) { edges { node { id name } } } }`, map[string]any{"q": "hun"}, 1},
	{"q4 cells", `{ siteAssessment { raidedConnected { site { id } } raidedUnconnected { site { id } } unraidedConnected { site { id } } unraidedUnconnected { site { id } } } }`, nil, 1},
	{"an entity that does not exist", `{ entity(id: "NO_SUCH") { id } }`, nil, 1},
	{"flags, sanctions with their authority and sources, the other ends' flags",
		`{ entity(id: "O_LYPGROUP") { flags { sanctioned politicallyExposed relativeOrCloseAssociate } old: flags(asOf: "2019") { sanctioned }
		   sanctions { program date authority { name } sources { title } }
		   relationships(first: 5) { edges { node { id flags(minClaimStatus: REPORTED) { sanctioned politicallyExposed } } } } } }`, nil, 1},
	{"compounds with flags, sanctions and raids",
		`{ compounds(first: 30) { nodes { id flags { sanctioned } sanctions { program authority { name } } raids { id } } } }`, nil, 1},
	{"search with flags", `{ search(query: "hun", first: 10) { nodes { id flags(asOf: "2020") { politicallyExposed } } } }`, nil, 1},
	// bare nodes (id, kind, name) beside the same entities asked for whole
	{"bare search beside whole entities",
		`{ search(query: "hun", first: 5) { edges { cursor rank match node { __typename id kind name } } } entity(id: "P_HUNMANET") { id name aliases note } }`, nil, 2},
	// no match selected: the hits' names are not read; rank and cursors stay
	{"search without match", `{ search(query: "o", first: 4) { edges { cursor rank node { id name } } pageInfo { endCursor hasNextPage } } }`, nil, 1},
	{"search with match in a fragment on the edge", `{ search(query: "hun", first: 5) { edges { ... on SearchEdge { match } node { id } } } }`, nil, 1},
	{"bare compounds", `{ compounds(first: 50) { edges { cursor node { id name } } } }`, nil, 1},
	// no cursor selected: none is made (graph.Want.Uncursored); any one
	// selected, on an edge, in a fragment or on the page, and all are
	{"search with only the page's start cursor", `{ search(query: "o", first: 3) { pageInfo { startCursor hasNextPage } edges { node { id } } } }`, nil, 1},
	{"compounds with only the page's end cursor", `{ compounds(first: 3) { pageInfo { endCursor hasNextPage } nodes { id } } }`, nil, 1},
	{"compounds with the edges' cursors in a fragment", `{ compounds(first: 3) { edges { ... on CompoundEdge { cursor } node { id } } } }`, nil, 1},
	{"search and compounds without cursors", `{ search(query: "o", first: 3) { pageInfo { hasNextPage } edges { rank node { id } } } compounds(first: 3) { pageInfo { hasNextPage } edges { node { id } } } }`, nil, 2},
	{"search with a field past the bare ones, in a fragment",
		`{ search(query: "o", first: 20) { nodes { id name ... on Compound { province status { state date } } ... on Person { aliases } } } }`, nil, 1},
	{"the assessment with evidence", `{ siteAssessment(maxHops: 2) { sites { connected evidence { path { length } } } } }`, nil, 1},
	// places: codes already on the items, the gazetteer in the server
	{"compounds with their places", `{ compounds(first: 50) { nodes { id place { unit { code nameKm } province { name } district { code } text point { lat lon } precision pointSource } } } }`, nil, 1},
	{"raids with their places", `{ raids(first: 50) { nodes { id places { unit { code } province { code } text precision } } } }`, nil, 1},
	{"compounds and raids filtered by place",
		`{ compounds(filter: {place: "12"}) { totalCount nodes { id } } raids(filter: {place: "2008"}) { totalCount nodes { id } } }`, nil, 2},
	{"places: the cells by province, one assessment",
		`{ places { unit { code name nameKm } raidedConnected raidedUnconnected unraidedConnected unraidedUnconnected sites { site { id name } raided connected } } }`, nil, 1},
	{"places with raids: one assessment, one raids listing",
		`{ places(from: "2025-07", to: "2025-07", level: DISTRICT, within: "12") { unit { code } raids { id site { name } } raidedUnconnected } }`, nil, 2},
	{"place with evidence and raids",
		`{ place(code: "15", maxHops: 2) { sites { site { id } evidence { path { length } } } raids { id start } raidedConnected } }`, nil, 2},
}

// TestNoAnswerDuringALoad: while the dataset marker says a load is in
// progress (or was interrupted), every question fails with UNAVAILABLE and
// no data — the answerer's statements and the wrapped ones alike — and
// answers again once the load completes.
func TestNoAnswerDuringALoad(t *testing.T) {
	d := realSeeds(t)
	store := load(t, d)
	h, err := httpapi.New(httpapi.Config{Store: store, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{
		`{ entity(id: "C_OSMACH") { id } }`,
		`{ raids(first: 2) { nodes { id } } }`,
		`{ sources(first: 2) { nodes { id } } }`,
		`{ paths(from: "C_OSMACH", to: "P_HUNMANET") { length } }`,
		`{ statements { id } }`,
	}
	post := func(query string) (status int, body map[string]any) {
		b, _ := json.Marshal(map[string]any{"query": query})
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: %v", w.Body.String(), err)
		}
		return w.Code, body
	}
	neo4jtest.Query(t, `MATCH (m:Dataset {key: 'current'}) SET m.loading = 'test-stamp'`, nil)
	for _, q := range queries {
		_, body := post(q)
		errs, _ := body["errors"].([]any)
		if body["data"] != nil || len(errs) != 1 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != httpapi.CodeUnavailable {
			t.Errorf("during a load, %s answered %v; want no data and one UNAVAILABLE error", q, body)
		}
	}
	// a query refused before it runs keeps its own error
	if _, body := post(`{ entity(id: "C_OSMACH") { id }`); fmt.Sprint(body["errors"]) == "" || !strings.Contains(fmt.Sprint(body["errors"]), "GRAPHQL_PARSE_FAILED") {
		t.Errorf("a syntax error during a load answered %v; want its parse error", body)
	}
	neo4jtest.Query(t, `MATCH (m:Dataset {key: 'current'}) REMOVE m.loading`, nil)
	for _, q := range queries {
		if _, body := post(q); body["errors"] != nil || body["data"] == nil {
			t.Errorf("after the load, %s answered %v", q, body)
		}
	}
}
