package storetest

import (
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
)

func TestCanonical(t *testing.T) {
	type rec struct {
		List []string
		Ptr  *int
		Note string
	}
	if a, b := Canonical(rec{}), Canonical(rec{List: []string{}}); a != b {
		t.Errorf("nil and empty lists differ: %s vs %s", a, b)
	}
	if a, b := Canonical(rec{Note: "null"}), Canonical(rec{Note: "[]"}); a == b {
		t.Errorf("strings were rewritten: %s", a)
	}
	if a, b := Canonical(rec{List: []string{"x"}}), Canonical(rec{List: []string{"y"}}); a == b {
		t.Errorf("different lists compare equal: %s", a)
	}
	// extras hold maps keyed by flag queries
	flags := func(politicallyExposed bool) graph.Extras {
		return graph.Extras{Flags: map[graph.FlagQuery]map[string]graph.Flags{
			{MinStatus: graph.StatusAlleged, AsOf: graph.MustDate("2024-06")}: {"P_A": {PoliticallyExposed: politicallyExposed}}}}
	}
	if a, b := Canonical(flags(true)), Canonical(flags(false)); a == b {
		t.Errorf("different flags compare equal: %s", a)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a value JSON cannot write did not panic")
			}
		}()
		Canonical(map[[2]int]bool{{1, 2}: true})
	}()
}

func TestNilLists(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want []string
	}{
		{"empty page", graph.RaidPage{Items: []graph.Raid{}, Cursors: []string{}}, nil},
		{"nil items", graph.RaidPage{Cursors: []string{}}, []string{".Items"}},
		{"nil map", map[string][]graph.Edge(nil), []string{""}},
		{"nil list in a map", map[string][]graph.Edge{"A": {}, "B": nil}, []string{"[B]"}},
		{"an entity's optional fields", []graph.Entity{{ID: "A"}}, nil},
		{"a raid's own lists", []graph.Raid{{ID: "R", Provinces: []string{}}}, []string{"[0].Accounts"}},
		{"a raid account's optional fields", graph.Raid{Provinces: []string{}, Accounts: []graph.RaidAccount{{Sources: []string{}}}}, nil},
		{"deep", graph.Assessment{RaidedConnected: []graph.SiteAssessment{{Raids: []graph.Raid{}, Evidence: []graph.Evidence{{Path: graph.Path{Hops: []graph.Hop{}}}}}},
			RaidedUnconnected: []graph.SiteAssessment{}, UnraidedConnected: []graph.SiteAssessment{}, UnraidedUnconnected: []graph.SiteAssessment{}},
			[]string{".Query.Filter.Types", ".RaidedConnected[0].Evidence[0].Reasons"}},
	} {
		if got := nilLists(tc.v); !slices.Equal(got, tc.want) {
			t.Errorf("%s: nilLists = %q, want %q", tc.name, got, tc.want)
		}
	}
}
