package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteResponse checks that an answer is written as gqlgen wrote it
// (json.Marshal of the response), byte for byte.
func TestWriteResponse(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name string
		resp *graphql.Response
	}{
		{"data", &graphql.Response{Data: json.RawMessage(`{"entity":{"id":"E1","name":"Ly Yong Phat"}}`)}},
		{"no data", &graphql.Response{}},
		{"errors and data", &graphql.Response{
			Errors: gqlerror.List{{Message: "not found", Path: ast.Path{ast.PathName("entity")}, Extensions: map[string]any{"code": "NOT_FOUND"}}},
			Data:   json.RawMessage(`{"entity":null}`)}},
		{"errors only", &graphql.Response{Errors: gqlerror.List{{Message: "bad"}}}},
		{"extensions", &graphql.Response{Data: json.RawMessage(`{"a":1}`),
			Extensions: map[string]any{"datasetVersion": "abc", "cost": 3}}},
		{"incremental", &graphql.Response{Data: json.RawMessage(`{"a":1}`), Label: "l",
			Path: ast.Path{ast.PathName("a")}, HasNext: &yes}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			writeResponse(&got, tc.resp)
			if got.String() != string(want) {
				t.Errorf("wrote\n%s\nwant\n%s", got.String(), want)
			}
		})
	}
}

// TestResponseMediaType checks the media type chosen from Accept, as
// gqlgen's POST transport chooses it.
func TestResponseMediaType(t *testing.T) {
	for _, tc := range []struct{ accept, want string }{
		{"", mediaJSON},
		{"*/*", mediaJSON},
		{"application/*", mediaJSON},
		{"application/json", mediaJSON},
		{"application/graphql-response+json", mediaGraphQLResult},
		{"application/graphql-response+json, application/json;q=0.9", mediaGraphQLResult},
		{"application/json, application/graphql-response+json", mediaJSON},
		{"text/html", mediaGraphQLResult},
		{"bad;;, application/json", mediaJSON},
	} {
		r := httptest.NewRequest("POST", "/graphql", nil)
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		if got := responseMediaType(r); got != tc.want {
			t.Errorf("Accept %q: %s, want %s", tc.accept, got, tc.want)
		}
	}
}
