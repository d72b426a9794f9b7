package memory

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/synthetic"
)

// TestSearchOrder checks the kept search order against sorting every
// entity by (folded name, id): on a synthetic graph, with entities added
// whose names tie after folding (their ids against their places), whose
// alias folds to another's name, and whose names fold to nothing.
func TestSearchOrder(t *testing.T) {
	es := slices.Clone(synthetic.Dataset(2000, 1).Entities)
	es = append(es,
		graph.Entity{ID: "Z_TIE_2", Kind: graph.KindPerson, Name: "Sok Chea"},
		graph.Entity{ID: "A_TIE_1", Kind: graph.KindPerson, Name: "SOK  chea"},
		graph.Entity{ID: "M_TIE_3", Kind: graph.KindPerson, Name: "Sók Chéa", Aliases: []string{"sok chea", "Aardvark"}},
		graph.Entity{ID: "B_ALIAS", Kind: graph.KindPerson, Name: "Zzz", Aliases: []string{"Sok Chea"}},
		graph.Entity{ID: "Y_EMPTY", Kind: graph.KindPerson, Name: "—"},
		graph.Entity{ID: "C_EMPTY", Kind: graph.KindPerson, Name: "...", Aliases: []string{"Aardvark"}},
	)
	ix := buildNameIndex(es)
	want := make([]int32, len(es))
	for i := range want {
		want[i] = int32(i)
	}
	slices.SortFunc(want, func(a, b int32) int {
		return cmp.Or(strings.Compare(graph.Fold(es[a].Name), graph.Fold(es[b].Name)), strings.Compare(es[a].ID, es[b].ID))
	})
	if graph.Fold("—") != "" || graph.Fold("...") != "" {
		t.Fatalf("the test needs names that fold to nothing: %q, %q", graph.Fold("—"), graph.Fold("..."))
	}
	for at, e := range want {
		if got := ix.ord[e]; got != int32(at) {
			t.Fatalf("%s (%q) is at %d in the kept order, want %d", es[e].ID, es[e].Name, got, at)
		}
	}
}
