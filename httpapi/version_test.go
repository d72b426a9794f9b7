package httpapi_test

import (
	"context"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/httpapi"
)

// reloadingStore answers like the store it wraps, but its Entities reads
// report another dataset version, as a store does whose data was replaced
// between two reads of one request.
type reloadingStore struct{ graph.Store }

func (s reloadingStore) Entities(ctx context.Context, ids []string) (map[string]graph.Entity, error) {
	graph.ReportVersion(ctx, "the-next-dataset")
	return s.Store.Entities(ctx, ids)
}

// TestNoMixedAnswer: a request whose reads came from two dataset versions
// gets no data and one UNAVAILABLE error, never an answer half from each;
// a request that reads from one version carries it as datasetVersion.
func TestNoMixedAnswer(t *testing.T) {
	fx := fixtureStore(t)
	h := newHandler(t, reloadingStore{fx})
	// the entity is read with the root question (version A); the other
	// ends of a second, differently argued relationships field are read
	// through Entities (version B)
	q := `{ entity(id: "P_KID") { a: relationships(direction: OUT) { edges { node { id } } } b: relationships(direction: IN) { edges { node { name } } } } }`
	resp := post(t, h, q, nil)
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		t.Errorf("data = %s, want none", resp.Data)
	}
	wantError(t, resp, httpapi.CodeUnavailable, "the dataset changed while the request was answered")

	resp = post(t, newHandler(t, fx), q, nil)
	v, _ := fx.Version(context.Background())
	if len(resp.Errors) > 0 || resp.Extensions["datasetVersion"] != v {
		t.Errorf("one dataset: errors %v, datasetVersion %v; want none and %s", resp.Errors, resp.Extensions["datasetVersion"], v)
	}
}
