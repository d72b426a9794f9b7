package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/patronage/patronage/httpapi"
)

// The tests in this file hold the API to GraphQL over HTTP
// (https://graphql.github.io/graphql-over-http/draft/) and to the clients
// that speak it: the two response media types, and what a server refuses
// and how.

const (
	mediaJSON  = "application/json"
	mediaGraph = "application/graphql-response+json"
	// acceptApollo4 is what Apollo Client 4 sends; Apollo Client 3 sends */*.
	acceptApollo4 = "application/graphql-response+json,application/json;q=0.9"
)

// exchange is one HTTP exchange, read raw: the status, the headers, the
// top-level keys of the body and the body as a GraphQL response.
type exchange struct {
	status int
	header http.Header
	keys   map[string]json.RawMessage
	resp   response
	body   string
}

// send sends a request built by the caller and reads the answer raw.
func send(t *testing.T, h http.Handler, r *http.Request) exchange {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	x := exchange{status: w.Code, header: w.Header(), body: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), &x.keys); err != nil {
		t.Fatalf("%s %.80s: status %d, body %.300q is not a JSON object: %v", r.Method, r.URL, w.Code, w.Body.String(), err)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &x.resp); err != nil {
		t.Fatalf("%s %.80s: body %.300q is not a GraphQL response: %v", r.Method, r.URL, w.Body.String(), err)
	}
	x.resp.Status = w.Code
	return x
}

// postRaw sends body as it is, with the content type and Accept given ("":
// no header).
func postRaw(contentType, accept, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return r
}

// getRaw sends GET /graphql with the parameters given.
func getRaw(accept string, params url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/graphql?"+params.Encode(), nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return r
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStatusCodes checks the status code, media type and shape of the
// response to each kind of outcome, for each response media type. A
// request error (the request is refused before anything runs: parse,
// validation, variable coercion, limits) has no data key; with
// application/json it answers 200, with application/graphql-response+json
// 400. An execution error answers 200 with data under both.
func TestStatusCodes(t *testing.T) {
	h := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.MaxDepth = 4; c.MaxComplexity = 150 })
	type outcome struct {
		code     string // of the first error; "" when none
		data     bool   // the body has a data key
		jsonStat int    // status with application/json
		grjStat  int    // status with application/graphql-response+json
	}
	request := func(c string) outcome { return outcome{code: c, jsonStat: 200, grjStat: 400} }
	for _, tc := range []struct {
		name  string
		query string
		vars  map[string]any
		want  outcome
	}{
		{"parse error", `{ entity(id: "C_A") { id }`, nil, request("GRAPHQL_PARSE_FAILED")},
		{"validation error", `{ entity(id: "C_A") { owner } }`, nil, request("GRAPHQL_VALIDATION_FAILED")},
		{"variable of the wrong type", `query($n: Int) { raids(first: $n) { totalCount } }`, map[string]any{"n": "ten"}, request("GRAPHQL_VALIDATION_FAILED")},
		{"required variable missing", `query($d: Date!) { raids(filter: {from: $d}) { totalCount } }`, nil, request("GRAPHQL_VALIDATION_FAILED")},
		{"enum value in the wrong case", `query($m: ClaimStatus) { siteAssessment(minClaimStatus: $m) { sites { connected } } }`, map[string]any{"m": "reported"}, request(httpapi.CodeBadUserInput)},
		{"enum literal in the wrong case", `{ entity(id: "C_A") { relationships(direction: in) { totalCount } } }`, nil, request(httpapi.CodeBadUserInput)},
		{"too deep", `{ entity(id: "C_A") { sanctions { authority { sanctions { id } } } } }`, nil, request(httpapi.CodeDepthLimit)},
		{"too costly", `{ compounds(first: 200) { nodes { id } } }`, nil, request("COMPLEXITY_LIMIT_EXCEEDED")},
		{"no operation", ``, nil, request("GRAPHQL_VALIDATION_FAILED")},
		{"execution error", `{ entity(id: "NOPE") { id } }`, nil, outcome{code: httpapi.CodeNotFound, data: true, jsonStat: 200, grjStat: 200}},
		{"execution error, data null", `{ search(query: "  ") { totalCount } }`, nil, outcome{code: httpapi.CodeBadUserInput, data: true, jsonStat: 200, grjStat: 200}},
		{"success", `{ entity(id: "C_A") { id } }`, nil, outcome{data: true, jsonStat: 200, grjStat: 200}},
	} {
		for _, m := range []struct{ accept, media string }{
			{"", mediaJSON},
			{mediaJSON, mediaJSON},
			{"*/*", mediaJSON},
			{mediaGraph, mediaGraph},
			{acceptApollo4, mediaGraph},
		} {
			want := tc.want.jsonStat
			if m.media == mediaGraph {
				want = tc.want.grjStat
			}
			reqs := []*http.Request{postRaw(mediaJSON, m.accept, jsonBody(t, map[string]any{"query": tc.query, "variables": tc.vars}))}
			if tc.vars == nil {
				reqs = append(reqs, getRaw(m.accept, url.Values{"query": {tc.query}}))
			}
			for _, r := range reqs {
				x := send(t, h, r)
				where := fmt.Sprintf("%s, %s, Accept %q", tc.name, r.Method, m.accept)
				if x.status != want {
					t.Errorf("%s: status %d, want %d", where, x.status, want)
				}
				if ct := x.header.Get("Content-Type"); !strings.HasPrefix(ct, m.media) {
					t.Errorf("%s: Content-Type %q, want %s", where, ct, m.media)
				}
				if _, ok := x.keys["data"]; ok != tc.want.data {
					t.Errorf("%s: data key present %v, want %v (body %.200s)", where, ok, tc.want.data, x.body)
				}
				code := ""
				if len(x.resp.Errors) > 0 {
					code = x.resp.Errors[0].code()
				}
				if code != tc.want.code {
					t.Errorf("%s: error code %q, want %q (body %.200s)", where, code, tc.want.code, x.body)
				}
				if x.resp.Extensions["datasetVersion"] != "fixture" {
					t.Errorf("%s: extensions %v, want the datasetVersion", where, x.resp.Extensions)
				}
			}
		}
	}
}

// TestMalformedRequests: a request that is not a GraphQL-over-HTTP request
// gets a 4xx and one coded error with a short message that does not repeat
// the body.
func TestMalformedRequests(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	secret := strings.Repeat("s3cr3t", 100)
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		code   string
		msg    string
	}{
		{"batch", postRaw(mediaJSON, "", `[{"query":"{ datasetVersion }"},{"query":"{ a: datasetVersion }","variables":{"x":"`+secret+`"}}]`),
			http.StatusBadRequest, httpapi.CodeBatchingNotSupported, "batched requests are not supported"},
		{"batch after spaces", postRaw(mediaJSON, mediaGraph, "\n\t [ ]"), http.StatusBadRequest, httpapi.CodeBatchingNotSupported, "batched requests are not supported"},
		{"not JSON", postRaw(mediaJSON, "", `{"query": "{ datasetVersion }", `+secret), http.StatusBadRequest, httpapi.CodeBadRequest, "not valid JSON"},
		{"a JSON string", postRaw(mediaJSON, "", `"`+secret+`"`), http.StatusBadRequest, httpapi.CodeBadRequest, "must be a JSON object"},
		{"empty body", postRaw(mediaJSON, "", ``), http.StatusBadRequest, httpapi.CodeBadRequest, "must be a JSON object"},
		{"query not a string", postRaw(mediaJSON, "", `{"query": {"q": "`+secret+`"}}`), http.StatusBadRequest, httpapi.CodeBadRequest, `"query" must be a string, not an object`},
		{"variables not an object", postRaw(mediaJSON, "", `{"query": "{ datasetVersion }", "variables": ["`+secret+`"]}`), http.StatusBadRequest, httpapi.CodeBadRequest, `"variables" must be an object, not an array`},
		{"two JSON values", postRaw(mediaJSON, "", `{"query": "{ datasetVersion }"} {"query": "`+secret+`"}`), http.StatusBadRequest, httpapi.CodeBadRequest, "one JSON object"},
		{"GET with bad variables", getRaw("", url.Values{"query": {"{ datasetVersion }"}, "variables": {"{" + secret}}), http.StatusBadRequest, httpapi.CodeBadRequest, "variables"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := send(t, h, tc.req)
			if x.status != tc.status {
				t.Errorf("status %d, want %d", x.status, tc.status)
			}
			wantError(t, x.resp, tc.code, tc.msg)
			if strings.Contains(x.body, "s3cr3t") || len(x.body) > 400 {
				t.Errorf("the response repeats the body: %.500s", x.body)
			}
			if _, ok := x.keys["data"]; ok {
				t.Errorf("body %s has a data key; nothing ran", x.body)
			}
		})
	}
	// a batch answers with the media type asked for
	x := send(t, h, postRaw(mediaJSON, mediaGraph, `[]`))
	if ct := x.header.Get("Content-Type"); !strings.HasPrefix(ct, mediaGraph) {
		t.Errorf("batch with Accept %s: Content-Type %q", mediaGraph, ct)
	}
}

// TestUnsupportedMediaType: a POST whose body is not application/json is
// refused with 415, naming the media type accepted in the message and in
// the Accept and Accept-Post headers.
func TestUnsupportedMediaType(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, ct := range []string{"text/plain", "application/graphql", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=utf-8; oops"} {
		x := send(t, h, postRaw(ct, "", `query=%7B+datasetVersion+%7D`))
		if x.status != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: status %d, want 415", ct, x.status)
		}
		wantError(t, x.resp, httpapi.CodeUnsupportedMediaType, "POST /graphql accepts application/json")
		if a, ap := x.header.Get("Accept"), x.header.Get("Accept-Post"); a != mediaJSON || ap != mediaJSON {
			t.Errorf("Content-Type %q: Accept %q, Accept-Post %q; want %s", ct, a, ap, mediaJSON)
		}
	}
	// application/json with a charset parameter is JSON
	for _, ct := range []string{"application/json; charset=utf-8", "Application/JSON"} {
		if x := send(t, h, postRaw(ct, "", `{"query":"{ datasetVersion }"}`)); x.status != http.StatusOK || len(x.resp.Errors) > 0 {
			t.Errorf("Content-Type %q: %d %s", ct, x.status, x.body)
		}
	}
}

// TestNoEcho: an error never repeats more than a short prefix of what it
// was sent, whoever writes the message (the resolvers, the date parser,
// the loaders or gqlparser).
func TestNoEcho(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	huge := strings.Repeat("x", 900<<10)
	spaced := strings.Repeat("x ", 450<<10)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code        string
	}{
		{"id, literal", `{ entity(id: "` + huge + `") { id } }`, nil, httpapi.CodeNotFound},
		{"id, variable", `query($id: ID!) { entity(id: $id) { id } }`, map[string]any{"id": huge}, httpapi.CodeNotFound},
		{"source id", `query($id: ID!) { source(id: $id) { id } }`, map[string]any{"id": huge}, httpapi.CodeNotFound},
		{"paths end", `query($id: ID!) { paths(from: "C_A", to: $id) { length } }`, map[string]any{"id": huge}, httpapi.CodeNotFound},
		{"asOf", `query($d: Date) { entity(id: "C_A") { flags(asOf: $d) { sanctioned } } }`, map[string]any{"d": huge}, httpapi.CodeBadUserInput},
		{"asOf, literal", `{ entity(id: "C_A") { flags(asOf: "` + huge + `") { sanctioned } } }`, nil, httpapi.CodeBadUserInput},
		{"asOf with spaces", `query($d: Date) { entity(id: "C_A") { flags(asOf: $d) { sanctioned } } }`, map[string]any{"d": spaced}, httpapi.CodeBadUserInput},
		{"cursor", `query($a: String) { sources(after: $a) { totalCount } }`, map[string]any{"a": "%" + huge}, httpapi.CodeBadUserInput},
		{"enum", `query($m: ClaimStatus) { siteAssessment(minClaimStatus: $m) { sites { connected } } }`, map[string]any{"m": huge}, "GRAPHQL_VALIDATION_FAILED"},
		{"a string for an Int", `{ raids(first: "` + huge + `") { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
		{"a long field name", `{ ` + huge + ` }`, nil, "GRAPHQL_VALIDATION_FAILED"},
		{"a long unquoted number", `{ raids(first: 1` + strings.Repeat("0", 900<<10) + `) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := send(t, h, postRaw(mediaJSON, "", jsonBody(t, map[string]any{"query": tc.query, "variables": tc.vars})))
			if len(x.resp.Errors) == 0 || x.resp.Errors[0].code() != tc.code {
				t.Fatalf("errors %.300v, want one %s", x.resp.Errors, tc.code)
			}
			for _, e := range x.resp.Errors {
				if strings.Contains(e.Message, strings.Repeat("x", 65)) || strings.Contains(e.Message, strings.Repeat("x ", 65)) ||
					strings.Contains(e.Message, strings.Repeat("0", 65)) || len(e.Message) > 700 {
					t.Errorf("message of %d bytes repeats the input: %.200q…", len(e.Message), e.Message)
				}
				if !strings.Contains(e.Message, "…") {
					t.Errorf("message %.200q does not mark the cut", e.Message)
				}
			}
			if len(x.body) > 4<<10 {
				t.Errorf("response of %d bytes", len(x.body))
			}
		})
	}
	// A short value is quoted whole.
	wantError(t, post(t, h, `{ entity(id: "NOPE") { id } }`, nil), httpapi.CodeNotFound, `entity "NOPE": not found`)
}

// TestSearchNotUTF8: a search text that is not valid UTF-8 is refused as
// such, however it came: raw bytes in a GET query, in a JSON body (which
// JSON decoders turn into U+FFFD), or an escaped lone surrogate.
func TestSearchNotUTF8(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	q := func(text string) string { return `{ search(query: "` + text + `") { totalCount } }` }
	// in a JSON body, raw: the bytes as they are, the quotes escaped
	inBody := func(text string) string { return `{"query": "{ search(query: \"` + text + `\") { totalCount } }"}` }
	variable := `{"query": "query($t: String!) { search(query: $t) { totalCount } }", "variables": {"t": "`
	for _, tc := range []struct {
		name string
		req  *http.Request
	}{
		{"GET, a lone byte", getRaw("", url.Values{"query": {q("\xff")}})},
		{"GET, a byte between letters", getRaw("", url.Values{"query": {q("alpha\xffpark")}})},
		{"POST, a byte in the query", postRaw(mediaJSON, "", inBody("\xfe\xff"))},
		{"POST, a byte between letters", postRaw(mediaJSON, "", inBody("al\xffpha"))},
		{"POST, a variable", postRaw(mediaJSON, "", variable+"\xc3"+`"}}`)},
		{"POST, an escaped lone surrogate", postRaw(mediaJSON, "", variable+`\ud800"}}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, send(t, h, tc.req).resp, httpapi.CodeBadUserInput, "search text is not valid UTF-8")
		})
	}
	// An empty text is still empty, and valid text still answers.
	wantError(t, post(t, h, q(" ,; "), nil), httpapi.CodeBadUserInput, "search text is empty")
	must[map[string]any](t, post(t, h, q("阿尔法"), nil))
}
