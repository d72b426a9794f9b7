package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/patronage/patronage/graph"
)

// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/),
// on top of gqlgen's GET and POST transports, which parse the request,
// negotiate the response media type and run the operation. What they do
// not do as the specification and its clients expect is done here:
//
//   - A request error (the request is refused before anything runs: parse,
//     validation, variable coercion, the limits, persisted queries) has no
//     data entry. With application/json it answers 200, as every
//     well-formed request does (gqlgen: 422); with
//     application/graphql-response+json it answers 400 (gqlgen: 400 for
//     parse and validation only, 200 for the rest). A BAD_REQUEST error
//     answers 400 under both. Execution errors answer 200, with data.
//   - A request that is not a GraphQL-over-HTTP request answers 400 with a
//     short coded error that does not repeat it (gqlgen: the whole body,
//     uncoded): a JSON array (batching) BATCHING_NOT_SUPPORTED; not one
//     JSON object, or a parameter of the wrong type, BAD_REQUEST.
//   - A POST body that is not application/json answers 415 with the media
//     type accepted (gqlgen: 400 "transport not supported").

// Media types of GraphQL over HTTP.
const (
	mediaJSON          = "application/json"
	mediaGraphQLResult = "application/graphql-response+json"
)

// conforming wraps a gqlgen HTTP transport (GET or POST): it refuses what
// is not a GraphQL-over-HTTP request before the transport reads it, and
// answers a request error with the status of its media type, without data.
type conforming struct{ graphql.Transport }

func (c conforming) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if err := checkRequest(r); err != nil {
		var re *requestError
		if !errors.As(err, &re) {
			re = &requestError{code: CodeBadRequest, msg: "could not read the request"}
		}
		writeError(w, r, http.StatusBadRequest, re.msg, re.code)
		return
	}
	rw := &refusalWriter{ResponseWriter: w}
	c.Transport.Do(rw, r, refusals{GraphExecutor: exec, w: rw})
	rw.finish()
}

// refusals is the executor as the transport sees it: it tells the writer
// when a request was refused before it ran, with the response.
type refusals struct {
	graphql.GraphExecutor
	w *refusalWriter
}

func (x refusals) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	op, errs := x.GraphExecutor.CreateOperationContext(ctx, params)
	x.w.refused, x.w.errs = len(errs) > 0, errs
	return op, errs
}

func (x refusals) DispatchError(ctx context.Context, list gqlerror.List) *graphql.Response {
	resp := x.GraphExecutor.DispatchError(ctx, list)
	if x.w.refused {
		x.w.resp = resp
	}
	return resp
}

// refusalWriter passes the transport's response through, except for a
// request refused before it ran: that one it writes itself, in finish.
type refusalWriter struct {
	http.ResponseWriter
	refused bool
	errs    gqlerror.List     // why
	resp    *graphql.Response // the refusal, as presented
}

func (w *refusalWriter) WriteHeader(status int) {
	if !w.refused {
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *refusalWriter) Write(b []byte) (int, error) {
	if w.refused {
		return len(b), nil // the refusal is written by finish
	}
	return w.ResponseWriter.Write(b)
}

func (w *refusalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish writes a refusal: 200 with application/json, 400 with
// application/graphql-response+json or for a BAD_REQUEST; no data entry.
func (w *refusalWriter) finish() {
	if !w.refused {
		return
	}
	if w.resp == nil { // not presented by the transport (gqlgen's always are)
		w.resp = &graphql.Response{Errors: w.errs}
	}
	media := mediaJSON
	if ct, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type")); ct == mediaGraphQLResult {
		media = mediaGraphQLResult
	}
	status := http.StatusOK
	if media == mediaGraphQLResult || hasCode(w.resp.Errors, CodeBadRequest) {
		status = http.StatusBadRequest
	}
	writeErrors(w.ResponseWriter, media, status, errorResponse{Errors: w.resp.Errors, Extensions: w.resp.Extensions})
}

func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions[extensionsCode].(string); c == code {
			return true
		}
	}
	return false
}

// requestError is a request that is not a GraphQL-over-HTTP request.
type requestError struct{ code, msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{code: CodeBadRequest, msg: fmt.Sprintf(format, args...)}
}

// checkRequest checks the shape of a request before gqlgen reads it: a POST
// body is one JSON object, a GET's variables and extensions JSON objects,
// and every parameter of its type. Returns a *requestError when it is not.
func checkRequest(r *http.Request) error {
	switch r.Method {
	case http.MethodPost:
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("reading the body: %w", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		return checkBody(body)
	case http.MethodGet:
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return badRequest("the query string is malformed")
		}
		for _, name := range []string{"variables", "extensions"} {
			if v := q.Get(name); v != "" {
				if err := checkParam(name, json.RawMessage(v), '{'); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkBody checks a POST body: one JSON object, whose query and
// operationName are strings and variables and extensions objects (or null).
func checkBody(body []byte) error {
	switch trimmed := bytes.TrimLeft(body, " \t\r\n"); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		return &requestError{code: CodeBatchingNotSupported,
			msg: `batched requests are not supported: send one operation per request, as one JSON object {"query": …}`}
	case len(trimmed) == 0 || trimmed[0] != '{':
		return badRequest(`the request body must be a JSON object {"query": …, "variables": {…}}`)
	}
	var params struct {
		Query, OperationName, Variables, Extensions json.RawMessage
	}
	if err := json.Unmarshal(body, &params); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return badRequest(`the request body is not valid JSON (at byte %d: %s); send one JSON object {"query": …}`, syntax.Offset, syntax)
		}
		return badRequest("the request body is not valid JSON")
	}
	for _, p := range []struct {
		name string
		v    json.RawMessage
		kind byte
	}{
		{"query", params.Query, '"'},
		{"operationName", params.OperationName, '"'},
		{"variables", params.Variables, '{'},
		{"extensions", params.Extensions, '{'},
	} {
		if err := checkParam(p.name, p.v, p.kind); err != nil {
			return err
		}
	}
	return nil
}

// checkParam checks that a parameter is null, absent, or valid JSON of the
// kind its first byte says: '"' a string, '{' an object.
func checkParam(name string, v json.RawMessage, kind byte) error {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	want := map[byte]string{'"': "a string", '{': "an object"}[kind]
	if !json.Valid(v) {
		return badRequest("%q must be %s in JSON", name, want)
	}
	if v[0] != kind {
		return badRequest("%q must be %s, not %s", name, want, jsonKind(v[0]))
	}
	return nil
}

func jsonKind(first byte) string {
	switch first {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

// unsupportedMediaType is the last transport: a POST that no other
// transport takes has a body that is not application/json.
type unsupportedMediaType struct{}

func (unsupportedMediaType) Supports(r *http.Request) bool { return r.Method == http.MethodPost }

func (unsupportedMediaType) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	w.Header().Set("Accept", mediaJSON)
	w.Header().Set("Accept-Post", mediaJSON)
	got := r.Header.Get("Content-Type")
	if got == "" {
		got = "none"
	} else {
		got = graph.Quote(got)
	}
	writeError(w, r, http.StatusUnsupportedMediaType,
		fmt.Sprintf("unsupported Content-Type %s: POST /graphql accepts %s (a JSON object {\"query\": …}), or use GET /graphql?query=…", got, mediaJSON),
		CodeUnsupportedMediaType)
}

// responseMediaType is the media type of a response to r, chosen as gqlgen's
// transports choose it, so that every response to a request has the same:
// the first of application/json, application/graphql-response+json,
// application/* and */* (application/json) in the Accept header; no Accept,
// application/json; none of them, application/graphql-response+json.
func responseMediaType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch media {
		case mediaJSON, "application/*", "*/*":
			return mediaJSON
		case mediaGraphQLResult:
			return mediaGraphQLResult
		}
	}
	return mediaGraphQLResult
}
