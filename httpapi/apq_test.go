package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/patronage/patronage/httpapi"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestPersistedQueries follows Apollo's automatic persisted queries with
// the requests Apollo Client sends: the hash alone first, answered with
// PersistedQueryNotFound; then the hash with the query, which registers it;
// then the hash alone again, which now answers. Over POST and GET, and
// with the Accept headers of Apollo Client 3 (*/*) and 4.
func TestPersistedQueries(t *testing.T) {
	const query = `query Entity($id: ID!) { entity(id: $id) { id name } }`
	hash := sha256Hex(query)
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	vars := map[string]any{"id": "C_A"}
	hashOnly := map[string]any{"operationName": "Entity", "variables": vars, "extensions": ext}
	withQuery := map[string]any{"operationName": "Entity", "variables": vars, "extensions": ext, "query": query}
	get := func(accept string, body map[string]any) *http.Request {
		p := url.Values{"operationName": {"Entity"}, "variables": {jsonBody(t, vars)}, "extensions": {jsonBody(t, ext)}}
		if q, ok := body["query"].(string); ok {
			p.Set("query", q)
		}
		return getRaw(accept, p)
	}
	post := func(accept string, body map[string]any) *http.Request {
		return postRaw(mediaJSON, accept, jsonBody(t, body))
	}
	for _, tc := range []struct {
		name           string
		accept         string
		send           func(string, map[string]any) *http.Request
		notFoundStatus int
	}{
		{"POST, Apollo Client 3", "*/*", post, http.StatusOK},
		{"POST, Apollo Client 4", acceptApollo4, post, http.StatusBadRequest},
		{"GET, Apollo Client 3", "*/*", get, http.StatusOK},
		{"GET, Apollo Client 4", acceptApollo4, get, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			build := func(body map[string]any) *http.Request { return tc.send(tc.accept, body) }
			checkPersistedQueryMiss(t, build, hashOnly, withQuery, tc.notFoundStatus)
		})
	}

	t.Run("hash mismatch", func(t *testing.T) {
		h := newHandler(t, fixtureStore(t))
		for _, req := range []*http.Request{
			post("", map[string]any{"query": "{ datasetVersion }", "extensions": ext}),
			getRaw("", url.Values{"query": {"{ datasetVersion }"}, "extensions": {jsonBody(t, ext)}}),
		} {
			x := send(t, h, req)
			wantError(t, x.resp, httpapi.CodeBadRequest, "sha256Hash does not match the query")
			if x.status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", req.Method, x.status)
			}
		}
		// the mismatched query was not registered under the hash
		wantError(t, send(t, h, post("", hashOnly)).resp, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
	})

	t.Run("malformed extension", func(t *testing.T) { checkMalformedPersistedQuery(t, hash) })

	t.Run("a hash in upper case", func(t *testing.T) {
		h := newHandler(t, fixtureStore(t))
		upper := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.ToUpper(hash)}}
		must[map[string]any](t, send(t, h, post("", map[string]any{"query": query, "variables": vars, "extensions": upper})).resp)
		must[map[string]any](t, send(t, h, post("", hashOnly)).resp)
	})

	t.Run("the cache is bounded", checkPersistedQueriesBounded)
}

// checkPersistedQueryMiss sends the hash alone, which is unknown, then the
// hash with the query and the hash alone twice, which answer; build makes
// each request, as one client does.
func checkPersistedQueryMiss(t *testing.T, build func(map[string]any) *http.Request, hashOnly, withQuery map[string]any, notFoundStatus int) {
	t.Helper()
	h := newHandler(t, fixtureStore(t))
	x := send(t, h, build(hashOnly))
	wantError(t, x.resp, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
	if len(x.resp.Errors) == 1 && x.resp.Errors[0].Message != "PersistedQueryNotFound" {
		t.Errorf("message %q, want exactly PersistedQueryNotFound (Apollo Client matches it)", x.resp.Errors[0].Message)
	}
	if x.status != notFoundStatus {
		t.Errorf("unknown hash: status %d, want %d", x.status, notFoundStatus)
	}
	if _, ok := x.keys["data"]; ok {
		t.Errorf("unknown hash: body %s has a data key; nothing ran", x.body)
	}
	for i, req := range []*http.Request{build(withQuery), build(hashOnly), build(hashOnly)} {
		x := send(t, h, req)
		got := must[struct{ Entity struct{ ID, Name string } }](t, x.resp)
		if x.status != http.StatusOK || got.Entity.Name != "Alpha Park" {
			t.Errorf("request %d after the miss: status %d, %+v; want 200 and Alpha Park", i+1, x.status, got)
		}
	}
}

// checkMalformedPersistedQuery sends persistedQuery extensions that are
// not version 1 with a SHA-256 hash: each is a bad request.
func checkMalformedPersistedQuery(t *testing.T, hash string) {
	t.Helper()
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		name string
		pq   any
		msg  string
	}{
		{"version 2", map[string]any{"version": 2, "sha256Hash": hash}, "version 2 is not supported"},
		{"no hash", map[string]any{"version": 1}, "sha256Hash must be 64 hexadecimal digits"},
		{"short hash", map[string]any{"version": 1, "sha256Hash": "abc"}, "sha256Hash must be 64 hexadecimal digits"},
		{"not an object", "yes", "persistedQuery must be an object"},
	} {
		x := send(t, h, postJSON(t, "", map[string]any{"extensions": map[string]any{"persistedQuery": tc.pq}}))
		if x.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", tc.name, x.status)
		}
		wantError(t, x.resp, httpapi.CodeBadRequest, tc.msg)
	}
}

// checkPersistedQueriesBounded registers three queries in a cache of two:
// the first is forgotten.
func checkPersistedQueriesBounded(t *testing.T) {
	h := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.MaxPersistedQueries = 2 })
	register := func(q string) map[string]any {
		e := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha256Hex(q)}}
		must[map[string]any](t, send(t, h, postJSON(t, "", map[string]any{"query": q, "extensions": e})).resp)
		return map[string]any{"extensions": e}
	}
	first := register(`{ datasetVersion }`)
	register(`{ a: datasetVersion }`)
	register(`{ b: datasetVersion }`)
	wantError(t, send(t, h, postJSON(t, "", first)).resp, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
}

// TestPersistedQueriesAreMeasured: a query registered as a persisted query
// and then sent by its hash alone is measured like any other (the selection
// limit runs on the text the hash stands for).
func TestPersistedQueriesAreMeasured(t *testing.T) {
	query := "{" + strings.Repeat(" datasetVersion", 3000) + " }"
	hash := sha256Hex(query)
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	h := newHandler(t, fixtureStore(t))
	register := send(t, h, postRaw(mediaJSON, "*/*", jsonBody(t, map[string]any{"query": query, "extensions": ext})))
	wantError(t, register.resp, httpapi.CodeSelectionLimit, "")
	byHash := send(t, h, postRaw(mediaJSON, "*/*", jsonBody(t, map[string]any{"extensions": ext})))
	if len(byHash.resp.Errors) != 1 || (byHash.resp.Errors[0].code() != httpapi.CodeSelectionLimit && byHash.resp.Errors[0].code() != "PERSISTED_QUERY_NOT_FOUND") {
		t.Errorf("the hash of a refused query: %s, want it refused again or unknown", byHash.body)
	}
}

// postJSON posts body as JSON with the Accept header given ("": none).
func postJSON(t *testing.T, accept string, body map[string]any) *http.Request {
	t.Helper()
	return postRaw(mediaJSON, accept, jsonBody(t, body))
}
