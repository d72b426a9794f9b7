package memory

import (
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/synthetic"
)

// TestSearchOrder checks the kept search order against graph.SearchOrder
// (every entity sorted by folded name, then id): on a synthetic graph, with entities added
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
	order := graph.SearchOrder(es)
	if graph.Fold("—") != "" || graph.Fold("...") != "" {
		t.Fatalf("the test needs names that fold to nothing: %q, %q", graph.Fold("—"), graph.Fold("..."))
	}
	for e, at := range order {
		if got := ix.ord[e]; got != at {
			t.Fatalf("%s (%q) is at %d in the kept order, want %d", es[e].ID, es[e].Name, got, at)
		}
	}
}
