package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/patronage/patronage/graph"
)

// optional names the fields of records that hold nothing as nil: a
// record's own optional lists, not lists a method returns.
var optional = map[reflect.Type]map[string]bool{
	reflect.TypeFor[graph.Entity]():      {"Aliases": true, "ExternalIDs": true, "StatusSources": true},
	reflect.TypeFor[graph.RaidAccount](): {"Breakdown": true, "Outcomes": true},
	reflect.TypeFor[graph.Raid]():        {"Places": true},
}

// nilLists returns where an answer breaks the contract's "lists are never
// nil": every slice and map in v, however deep (a page's items and cursors,
// a map's lists, an assessment's cells, a path's hops, the maps of
// Extras), except a record's optional fields (an entity's aliases,
// external ids and status sources, a raid's places, a raid account's
// breakdown and outcomes). Paths are written from the root, e.g. ".Items[2].Raids" or
// "[P_SEN]", and sorted.
func nilLists(v any) []string {
	var out []string
	walkNil(reflect.ValueOf(v), "", &out)
	sort.Strings(out)
	return out
}

func walkNil(v reflect.Value, at string, out *[]string) {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			*out = append(*out, at)
			return
		}
		for i := range v.Len() {
			walkNil(v.Index(i), fmt.Sprintf("%s[%d]", at, i), out)
		}
	case reflect.Map:
		if v.IsNil() {
			*out = append(*out, at)
			return
		}
		it := v.MapRange()
		for it.Next() {
			walkNil(it.Value(), fmt.Sprintf("%s[%v]", at, it.Key()), out)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkNil(v.Elem(), at, out)
		}
	case reflect.Struct:
		skip := optional[v.Type()]
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && !skip[f.Name] {
				walkNil(v.Field(i), at+"."+f.Name, out)
			}
		}
	}
}

// testNeverNil asks the questions whose answers are empty, or hold empty
// parts, and checks that every list in them is empty, not nil (every other
// answer of the suite is checked the same way by must).
func testNeverNil(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	none := graph.PageArgs{None: true}
	later := graph.MustDate("2030")
	nothing := graph.CompoundFilter{Province: "Nowhere"}
	for name, answer := range map[string]func() (any, error){
		"Entities(none)":              func() (any, error) { return s.Entities(ctx, []string{}) },
		"Entities(unknown)":           func() (any, error) { return s.Entities(ctx, []string{"NOPE"}) },
		"Search(no hit)":              func() (any, error) { return s.Search(ctx, graph.SearchQuery{Text: "zzz"}) },
		"Search(no page)":             func() (any, error) { return s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: none}) },
		"EdgesOf(unknown, no claims)": func() (any, error) { return s.EdgesOf(ctx, []string{"NOPE", "C_G"}, graph.ClaimFilter{}) },
		"Paths(none)":                 func() (any, error) { return s.Paths(ctx, graph.PathQuery{From: "C_A", To: "P_SEN", MaxHops: 2}) },
		"Paths(itself)":               func() (any, error) { return s.Paths(ctx, graph.PathQuery{From: "C_G", To: "P_SEN"}) },
		"Flags(unknown)":              func() (any, error) { return s.Flags(ctx, []string{"NOPE"}, graph.FlagQuery{}) },
		"Designations(none)":          func() (any, error) { return s.Designations(ctx, []string{"P_SEN", "C_G", "NOPE"}) },
		"Compounds(none)":             func() (any, error) { return s.Compounds(ctx, nothing) },
		"Compounds(no page)":          func() (any, error) { return s.Compounds(ctx, graph.CompoundFilter{PageArgs: none}) },
		"Raids(none)":                 func() (any, error) { return s.Raids(ctx, graph.RaidFilter{From: later}) },
		"RaidsOn(none)":               func() (any, error) { return s.RaidsOn(ctx, []string{"C_B", "NOPE"}) },
		"SiteAssessment(no raids)":    func() (any, error) { return s.SiteAssessment(ctx, graph.AssessmentQuery{From: later}) },
		"SiteAssessment(cells only)":  func() (any, error) { return s.SiteAssessment(ctx, graph.AssessmentQuery{CellsOnly: true}) },
		"SiteAssessment(bare)":        func() (any, error) { return s.SiteAssessment(ctx, graph.AssessmentQuery{CellsOnly: true, Bare: true}) },
		"Sources(unknown)":            func() (any, error) { return s.Sources(ctx, []string{"NOPE"}) },
		"ListSources(no page)":        func() (any, error) { return s.ListSources(ctx, none) },
		"Statements":                  func() (any, error) { return s.Statements(ctx) },
		"EntityWith(no claims)": func() (any, error) {
			e, x, err := a.EntityWith(ctx, "C_G", graph.Want{Raids: true, Sanctions: true, Flags: []graph.FlagQuery{{}},
				Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 5}, Others: true, Sources: true, TotalCount: true}})
			return []any{e, x}, err
		},
		"SearchWith(no hit)": func() (any, error) {
			p, x, err := a.SearchWith(ctx, graph.SearchQuery{Text: "zzz"}, graph.Want{Raids: true, TotalCount: true})
			return []any{p, x}, err
		},
		"CompoundsWith(none)": func() (any, error) {
			p, x, err := a.CompoundsWith(ctx, nothing, graph.Want{Raids: true, Sanctions: true, TotalCount: true})
			return []any{p, x}, err
		},
		"SiteAssessmentWith(no raids)": func() (any, error) {
			p, x, err := a.SiteAssessmentWith(ctx, graph.AssessmentQuery{From: later})
			return []any{p, x}, err
		},
	} {
		v, err := answer()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if n := nilLists(v); len(n) > 0 {
			t.Errorf("%s: nil lists at %q, want empty ones", name, n)
		}
	}
}
