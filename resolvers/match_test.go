package resolvers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/httpapi"
	"github.com/patronage/patronage/match"
)

// TestMatchField asks Query.match through the real handler, on the
// fictional fixture.
func TestMatchField(t *testing.T) {
	s, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpapi.New(httpapi.Config{Store: s, Names: match.NewNameIndex(s), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ask := func(query string) (data map[string][]map[string]any, errs []map[string]any) {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"query": query})
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body)).WithContext(t.Context())
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var resp struct {
			Data   map[string][]map[string]any
			Errors []map[string]any
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%s: %v", rec.Body.Bytes(), err)
		}
		return resp.Data, resp.Errors
	}
	data, errs := ask(`{ match(name: "Neak Oknha SENATOR, Alpha", kind: PERSON, threshold: 0.9) {
		entity { id name } score matchedName reasons } }`)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := data["match"]
	if len(got) != 1 || got[0]["entity"].(map[string]any)["id"] != "P_SEN" || got[0]["score"].(float64) < 0.95 {
		t.Fatalf("match: %v", got)
	}
	if reasons := got[0]["reasons"].([]any); len(reasons) == 0 || !strings.Contains(reasons[0].(string), "neak oknha") {
		t.Errorf("reasons %v", reasons)
	}
	code := func(errs []map[string]any) any {
		if len(errs) != 1 {
			return fmt.Sprint(errs)
		}
		return errs[0]["extensions"].(map[string]any)["code"]
	}
	_, errs = ask(`{ match(name: "x", threshold: 2) { score } }`)
	if code(errs) != httpapi.CodeBadUserInput {
		t.Errorf("threshold 2: errors %v", errs)
	}
	// a "name" of 201 characters is not a name
	_, errs = ask(`{ match(name: "` + strings.Repeat("a", graph.MaxQueryText+1) + `") { score } }`)
	if code(errs) != httpapi.CodeBadUserInput || !strings.Contains(fmt.Sprint(errs), "at most 200") {
		t.Errorf("overlong name: errors %v", errs)
	}
	// many matches in one query cost more than the limit allows
	var many strings.Builder
	many.WriteString("{")
	for i := range 50 {
		fmt.Fprintf(&many, ` m%d: match(name: "Alpha %d") { score }`, i, i)
	}
	many.WriteString(" }")
	if _, errs = ask(many.String()); code(errs) != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("50 matches in one query: errors %v", errs)
	}
}
