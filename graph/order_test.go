package graph_test

import (
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
)

// TestSearchOrder: the order is the folded name's, then the id's, whatever
// the case, accents or order of the input.
func TestSearchOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input []graph.Entity
		want  []int32
	}{
		{"empty", nil, []int32{}},
		{"by folded name", []graph.Entity{{ID: "A", Name: "Sok"}, {ID: "B", Name: "Chea"}, {ID: "C", Name: "Ly"}}, []int32{2, 0, 1}},
		{"same folded name: by id", []graph.Entity{{ID: "B2", Name: "Sók"}, {ID: "B1", Name: "SOK"}, {ID: "A9", Name: "sok"}}, []int32{2, 1, 0}},
		{"a prefix first", []graph.Entity{{ID: "A", Name: "Kaloa"}, {ID: "Z", Name: "Kalo"}}, []int32{1, 0}},
		{"no name", []graph.Entity{{ID: "B", Name: "a"}, {ID: "A"}}, []int32{1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := graph.SearchOrder(tc.input); !slices.Equal(got, tc.want) {
				t.Errorf("SearchOrder = %v, want %v", got, tc.want)
			}
		})
	}
}
