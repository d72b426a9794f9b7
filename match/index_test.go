package match_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/match"
)

// reloading is a store whose dataset is replaced while the server runs, as
// a `patronage load` replaces what a Neo4j holds.
type reloading struct {
	graph.Store
	cur atomic.Pointer[memory.Store]
}

func (r *reloading) Version(ctx context.Context) (string, error) { return r.cur.Load().Version(ctx) }
func (r *reloading) AllEntities(ctx context.Context) ([]graph.Entity, error) {
	return r.cur.Load().AllEntities(ctx)
}

func TestNameIndexFollowsReloads(t *testing.T) {
	first, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.Fixture()
	d.Version = "fixture-2"
	d.Entities = append(d.Entities, graph.Entity{ID: "P_NEW", Kind: graph.KindPerson, Name: "Omega Newcomer"})
	second, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	r := &reloading{Store: first}
	r.cur.Store(first)
	ix := match.NewNameIndex(r)
	ctx := context.Background()
	find := func() int {
		m, err := ix.Matcher(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(m.Match("Omega Newcomer", graph.KindPerson, 0.9))
	}
	if n := find(); n != 0 {
		t.Fatalf("before the reload: %d candidates for a name not in the dataset", n)
	}
	r.cur.Store(second)
	if n := find(); n != 1 {
		t.Fatalf("after the reload: %d candidates, want the new entity", n)
	}
	if match.NewNameIndex(struct{ graph.Store }{first}) != nil {
		t.Error("a store that cannot list its entities has a name index")
	}
}
