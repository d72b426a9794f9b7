package httpapi_test

import (
	"maps"
	"testing"
	"time"

	"github.com/patronage/patronage/httpapi"
)

// A page of compounds with, for each, its flags, sanctions (with sources),
// raids (with sources), and relationships (with the entity at the other end
// and each claim's sources).
const wideQuery = `query($first: Int) { compounds(first: $first) { nodes {
	id name
	flags { politicallyExposed sanctioned }
	sanctions { program sources { title } }
	raids { id sources { title url } }
	relationships { totalCount edges { node { id name flags { sanctioned } } claim { type sources { title url } } } }
} } }`

// TestNoNPlusOne shows that the number of store calls does not grow with
// the number of entities resolved: each kind of nested data costs one
// batched call per level of the query, for 2 compounds as for 7.
func TestNoNPlusOne(t *testing.T) {
	store := newCounting(fixtureStore(t))
	// A generous wait makes the batches independent of scheduling on a
	// busy machine; the batching itself is the same as with the default.
	h := newHandler(t, store, func(c *httpapi.Config) { c.LoaderWait = 50 * time.Millisecond })
	calls := func(first int) map[string]int {
		store.reset()
		must[map[string]any](t, post(t, h, wideQuery, map[string]any{"first": first}))
		return store.snapshot()
	}
	two, seven := calls(2), calls(7)
	t.Logf("store calls for 2 compounds: %v; for 7: %v", two, seven)
	if !maps.Equal(two, seven) {
		t.Errorf("store calls grow with the page: 2 compounds %v, 7 compounds %v", two, seven)
	}
	want := map[string]int{
		"Version":      1, // the datasetVersion extension, once per request
		"Compounds":    1,
		"Flags":        2, // the compounds' flags, then those of the entities at the other ends
		"Designations": 1,
		"RaidsOn":      1,
		"EdgesOf":      1,
		"Entities":     1, // the other ends of the claims (the compounds themselves are primed)
		"Sources":      1, // designation, raid and claim sources: all asked for in the same wave
	}
	if !maps.Equal(seven, want) {
		t.Errorf("store calls = %v, want %v", seven, want)
	}
}

// TestLoadersPerRequest checks that nothing is cached across requests: two
// identical requests make the same calls.
func TestLoadersPerRequest(t *testing.T) {
	store := newCounting(fixtureStore(t))
	h := newHandler(t, store)
	q := `{ entity(id: "C_A") { relationships { edges { node { id } } } } }`
	must[map[string]any](t, post(t, h, q, nil))
	first := store.snapshot()
	store.reset()
	must[map[string]any](t, post(t, h, q, nil))
	if second := store.snapshot(); !maps.Equal(first, second) || second["EdgesOf"] != 1 {
		t.Errorf("calls of two identical requests: %v then %v", first, second)
	}
}
