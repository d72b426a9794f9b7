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
// the number of entities resolved: each kind of nested data costs at most
// one batched call per level of the query that asks for it, for 2
// compounds as for 7. (The root field reads its page and the raids on it
// together; the store here has no Answerer of its own, so graph.Primitives
// reads them with two calls, and the version with one.)
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
	most := map[string]int{
		"Version":   1, // with the root answer, once per request
		"Compounds": 1,
		"RaidsOn":   1, // read with the root answer
		// the compounds' flags, then those of the entities at the other ends:
		// those already read (primed) are asked one wave before the others
		"Flags":        3,
		"Designations": 1,
		"EdgesOf":      1,
		"Entities":     2, // the other ends of the claims, in at most two waves (the compounds themselves are primed)
		"Sources":      2, // designation and raid sources, claim sources
	}
	for _, n := range []int{2, 7} {
		got := calls(n)
		t.Logf("store calls for %d compounds: %v", n, got)
		for m, c := range got {
			if c > most[m] {
				t.Errorf("%d compounds: %d calls of %s, want at most %d (all: %v)", n, c, m, most[m], got)
			}
		}
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
