// Package storetest is the contract suite every graph.Store must pass, and
// a comparison that runs the same questions against two stores and demands
// identical answers. Backends call Run from their own tests:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, d *graph.Dataset) graph.Store { ... })
//	}
package storetest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

// Opener builds a store holding exactly the dataset d.
type Opener func(t *testing.T, d *graph.Dataset) graph.Store

// Run checks a store against the contract on the Fixture dataset.
func Run(t *testing.T, open Opener) {
	t.Helper()
	s := open(t, Fixture())
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, context.Context, graph.Store)
	}{
		{"Entity", testEntity},
		{"Search", testSearch},
		{"Neighbours", testNeighbours},
		{"EdgesOf", testEdgesOf},
		{"Paths", testPaths},
		{"Flags", testFlags},
		{"Designations", testDesignations},
		{"Compounds", testCompounds},
		{"Raids", testRaids},
		{"SiteAssessment", testAssessment},
		{"Sources", testSources},
		{"Errors", testErrors},
		{"Cursors", testCursors},
		{"BlankFilters", testBlankFilters},
		{"NeverNil", testNeverNil},
		{"Cancelled", testCancelled},
		{"PlaceCodes", testPlaceCodes},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, ctx, s) })
	}
	// Last, since it opens a second dataset (a store may hold only one).
	t.Run("LiteralFilters", func(t *testing.T) { testLiteralFilters(t, ctx, open(t, unplacedFixture())) })
	t.Run("UndatedDesignation", func(t *testing.T) { testUndatedDesignation(t, ctx, open(t, undatedFixture())) })
	t.Run("FinerPlaces", func(t *testing.T) { testFinerPlaces(t, ctx, open(t, FinerPlacesFixture())) })
}

// undatedFixture is the Fixture with D_FX_2 undated, known only to have
// been made on or before 2025-09-08, as a list of that date that gives no
// date of designation is read; and a second designation of O_SANC, D_FX_3,
// undated with no on-or-before date, only a note.
func undatedFixture() *graph.Dataset {
	d := Fixture()
	for i := range d.Designations {
		if d.Designations[i].ID == "D_FX_2" {
			d.Designations[i].Date = graph.Date{}
			d.Designations[i].OnOrBefore = graph.MustDate("2025-09-08")
			d.Designations[i].Note = "date of designation unknown"
		}
	}
	d.Designations = append(d.Designations, graph.Designation{ID: "D_FX_3", Target: "O_SANC", Authority: "G_FX_GOV",
		Program: "FIXTURE-2", Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}, Note: "the gazette gives no date"})
	return d
}

// testUndatedDesignation: a designation whose date is unknown is kept and
// read back undated, with its on-or-before date (ordered among the undated
// by it: D_FX_3, which has none, first), and is in effect at any as-of
// date, before its on-or-before date too: what is known is that it was
// made by then, not when.
func testUndatedDesignation(t *testing.T, ctx context.Context, s graph.Store) {
	got := must(s.Designations(ctx, []string{"O_SANC"}))(t)["O_SANC"]
	want := []graph.Designation{
		{ID: "D_FX_3", Target: "O_SANC", Authority: "G_FX_GOV", Program: "FIXTURE-2", Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}, Note: "the gazette gives no date"},
		{ID: "D_FX_2", Target: "O_SANC", Authority: "G_FX_GOV", Program: graph.ProgramNotVerified, OnOrBefore: graph.MustDate("2025-09-08"), Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}, Note: "date of designation unknown"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Designations[O_SANC] =\n%+v\nwant\n%+v", got, want)
	}
	for _, asOf := range []string{"", "1999", "2019-12-31", "2025-09-07", "2025-09-08", "2030-01"} {
		var q graph.FlagQuery
		if asOf != "" {
			q.AsOf = graph.MustDate(asOf)
		}
		got := must(s.Flags(ctx, []string{"O_SANC"}, q))(t)
		if !got["O_SANC"].Sanctioned {
			t.Errorf("Flags(as of %q)[O_SANC] = %+v: an undated designation is in effect at any as-of date", asOf, got["O_SANC"])
		}
	}
}

// must(call)(t) fails the test when call returned an error, or an answer
// holding a nil list (the contract: lists are never nil).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if n := nilLists(v); len(n) > 0 {
			t.Errorf("nil lists at %q in %+v, want empty ones", n, v)
		}
		return v
	}
}

func testEntity(t *testing.T, ctx context.Context, s graph.Store) {
	e := must(graph.EntityByID(ctx, s, "C_A"))(t)
	if e.Name != "Alpha Park" || e.Kind != graph.KindCompound || e.Province != "Kampot" {
		t.Errorf("Entity(C_A) = %+v", e)
	}
	if e.Status != graph.SiteOperating || e.StatusDate != graph.MustDate("2025-07") || !slices.Equal(e.StatusSources, []string{"S_FX_NEWS"}) || e.StatusClaimStatus != graph.StatusReported {
		t.Errorf("C_A status = %v %v %v %v", e.Status, e.StatusDate, e.StatusSources, e.StatusClaimStatus)
	}
	if e.Place != "07" {
		t.Errorf("C_A place = %q, want 07 (Kampot)", e.Place)
	}
	if e.Coordinates == nil || e.Coordinates.Lat != 11.5 || e.Coordinates.Lon != 104.9 {
		t.Errorf("C_A coordinates = %+v", e.Coordinates)
	}
	if !slices.Equal(e.Aliases, []string{"阿尔法园区"}) {
		t.Errorf("C_A aliases = %q", e.Aliases)
	}
	if _, err := graph.EntityByID(ctx, s, "NOPE"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Entity(NOPE) error = %v, want ErrNotFound", err)
	}
	m := must(s.Entities(ctx, []string{"P_SEN", "NOPE", "O_HOLD"}))(t)
	if len(m) != 2 || m["P_SEN"].Name != "Ōkna Alpha Senator" || m["O_HOLD"].OrgKind != graph.OrgCompany {
		t.Errorf("Entities = %+v, want P_SEN and O_HOLD only", m)
	}
}

func hitIDs(p graph.SearchPage) []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, fmt.Sprintf("%s:%d:%s", h.Entity.ID, h.Rank, h.Match))
	}
	return out
}

func testSearch(t *testing.T, ctx context.Context, s graph.Store) {
	for _, tc := range []struct {
		q     graph.SearchQuery
		want  []string
		total int
	}{
		{graph.SearchQuery{Text: "alpha"}, []string{"C_A:1:Alpha Park", "P_SEN:2:Senator Alpha"}, 2},
		{graph.SearchQuery{Text: "  CASINO  o "}, []string{"C_C:0:Casino O"}, 1},
		{graph.SearchQuery{Text: "Okna"}, []string{"P_SEN:1:Ōkna Alpha Senator"}, 1},
		{graph.SearchQuery{Text: "阿尔法"}, []string{"P_SEN:0:阿尔法", "C_A:1:阿尔法园区"}, 2},
		{graph.SearchQuery{Text: "阿尔法", Kinds: []graph.Kind{graph.KindCompound}}, []string{"C_A:1:阿尔法园区"}, 1},
		{graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{First: 2}}, []string{"C_D:2:Delta Compound", "O_FAR:2:Far Co"}, 5},
		{graph.SearchQuery{Text: "zzz"}, []string{}, 0},
	} {
		got := must(s.Search(ctx, tc.q))(t)
		if !slices.Equal(hitIDs(got), tc.want) || got.TotalCount != tc.total {
			t.Errorf("Search(%+v) = %q total %d, want %q total %d", tc.q, hitIDs(got), got.TotalCount, tc.want, tc.total)
		}
	}
	// walking every page of "co" gives every hit once, in order
	all := must(s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{First: 100}}))(t)
	var walked []string
	after := ""
	for {
		p := must(s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{First: 4, After: after}}))(t)
		walked = append(walked, hitIDs(p)...)
		if !p.HasNextPage {
			break
		}
		after = p.EndCursor
	}
	if !slices.Equal(walked, hitIDs(all)) {
		t.Errorf("paged search = %q, want %q", walked, hitIDs(all))
	}
}

func edgeIDs(es []graph.Edge) []string {
	out := []string{}
	for _, e := range es {
		dir := "<"
		if e.Outgoing {
			dir = ">"
		}
		out = append(out, e.Claim.ID+dir+e.Other)
	}
	return out
}

func testNeighbours(t *testing.T, ctx context.Context, s graph.Store) {
	all := []string{"CL_03<P_ADV", "CL_02<P_KID", "CL_01>POS_SEN", "CL_13>DOC_FX", "CL_14>DOC_FX", "CL_07<C_D", "CL_11>O_TOP"}
	for _, tc := range []struct {
		name string
		id   string
		f    graph.ClaimFilter
		want []string
	}{
		{"all", "P_SEN", graph.ClaimFilter{}, all},
		{"out", "P_SEN", graph.ClaimFilter{Direction: graph.DirectionOut}, []string{"CL_01>POS_SEN", "CL_13>DOC_FX", "CL_14>DOC_FX", "CL_11>O_TOP"}},
		{"in", "P_SEN", graph.ClaimFilter{Direction: graph.DirectionIn}, []string{"CL_03<P_ADV", "CL_02<P_KID", "CL_07<C_D"}},
		{"types", "P_SEN", graph.ClaimFilter{Types: []graph.RelType{graph.RelFamilyOf, graph.RelOwns}}, []string{"CL_02<P_KID", "CL_11>O_TOP"}},
		{"min reported", "P_SEN", graph.ClaimFilter{MinStatus: graph.StatusReported, Types: []graph.RelType{graph.RelAdviserTo, graph.RelFamilyOf}}, []string{"CL_02<P_KID"}},
		{"as of 2023-01", "P_SEN", graph.ClaimFilter{AsOf: graph.MustDate("2023-01-01"), Types: []graph.RelType{graph.RelAdviserTo, graph.RelFamilyOf}}, []string{"CL_02<P_KID"}},
		{"as of 2023-06", "P_SEN", graph.ClaimFilter{AsOf: graph.MustDate("2023-06"), Types: []graph.RelType{graph.RelAdviserTo}}, []string{"CL_03<P_ADV"}},
		{"ended claim", "O_HOLD", graph.ClaimFilter{AsOf: graph.MustDate("2024-01-01")}, []string{"CL_05>C_A"}},
		{"ended claim, last day", "O_HOLD", graph.ClaimFilter{AsOf: graph.MustDate("2023-12-31")}, []string{"CL_05>C_A", "CL_04<P_KID"}},
		{"denied left out", "C_F", graph.ClaimFilter{}, []string{}},
		{"denied asked for", "C_F", graph.ClaimFilter{MinStatus: graph.StatusDenied}, []string{"CL_12<O_SANC"}},
	} {
		p := must(graph.Neighbours(ctx, s, tc.id, tc.f, graph.PageArgs{First: 100}))(t)
		if got := edgeIDs(p.Items); !slices.Equal(got, tc.want) || p.TotalCount != len(tc.want) || p.HasNextPage {
			t.Errorf("%s: Neighbours(%s) = %q (total %d, next %v), want %q", tc.name, tc.id, got, p.TotalCount, p.HasNextPage, tc.want)
		}
	}
	// pagination: pages of 3 walk the whole list with stable cursors
	var walked []string
	after := ""
	pages := 0
	for {
		p := must(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{}, graph.PageArgs{First: 3, After: after}))(t)
		pages++
		if p.TotalCount != len(all) {
			t.Errorf("page %d totalCount = %d, want %d", pages, p.TotalCount, len(all))
		}
		walked = append(walked, edgeIDs(p.Items)...)
		if len(p.Items) > 0 && (p.Items[len(p.Items)-1].Cursor() != p.EndCursor || p.Cursors[len(p.Cursors)-1] != p.EndCursor || len(p.Cursors) != len(p.Items)) {
			t.Errorf("page %d: last edge cursor %q, last of the page's cursors %q, end cursor %q", pages, p.Items[len(p.Items)-1].Cursor(), p.Cursors, p.EndCursor)
		}
		if !p.HasNextPage {
			break
		}
		after = p.EndCursor
	}
	if !slices.Equal(walked, all) || pages != 3 {
		t.Errorf("paged neighbours = %q in %d pages, want %q in 3", walked, pages, all)
	}
	p := must(graph.Neighbours(ctx, s, "C_A", graph.ClaimFilter{}, graph.PageArgs{}))(t)
	if len(p.Items) != 1 || !slices.Equal(p.Items[0].Claim.Sources, []string{"S_FX_GAZETTE", "S_FX_NEWS"}) || p.Items[0].Claim.Status != graph.StatusOfficialRecord {
		t.Errorf("C_A claim = %+v, want CL_05 with both sources", p.Items)
	}
	if c := must(graph.Neighbours(ctx, s, "O_HOLD", graph.ClaimFilter{Types: []graph.RelType{graph.RelOwns}, Direction: graph.DirectionIn}, graph.PageArgs{}))(t).Items; len(c) != 1 ||
		c[0].Claim.Start != graph.MustDate("2021") || c[0].Claim.End != graph.MustDate("2023-12") || c[0].Claim.Start.Precision() != graph.PrecisionYear {
		t.Errorf("CL_04 dates = %+v, want 2021 to 2023-12 at their precision", c)
	}
}

func testEdgesOf(t *testing.T, ctx context.Context, s graph.Store) {
	m := must(s.EdgesOf(ctx, []string{"P_SEN", "C_A", "NOPE"}, graph.ClaimFilter{Types: []graph.RelType{graph.RelOwns, graph.RelFamilyOf}}))(t)
	want := map[string][]string{"P_SEN": {"CL_02<P_KID", "CL_11>O_TOP"}, "C_A": {"CL_05<O_HOLD"}, "NOPE": {}}
	for id, w := range want {
		if got := edgeIDs(m[id]); !slices.Equal(got, w) {
			t.Errorf("EdgesOf[%s] = %q, want %q", id, got, w)
		}
	}
}

func pathIDs(ps []graph.Path) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s/%s", graph.PathKey(p), p.Weakest))
	}
	return out
}

func testPaths(t *testing.T, ctx context.Context, s graph.Store) {
	for _, tc := range []struct {
		name string
		q    graph.PathQuery
		want []string
	}{
		{"two hops", graph.PathQuery{From: "P_KID", To: "C_A"}, []string{"P_KID>CL_04>CL_05/reported"}},
		{"reverse", graph.PathQuery{From: "C_A", To: "P_SEN"}, []string{"C_A>CL_05>CL_04>CL_02/reported"}},
		{"too short", graph.PathQuery{From: "C_A", To: "P_SEN", MaxHops: 2}, []string{}},
		{"as of 2024", graph.PathQuery{From: "C_A", To: "P_SEN", Filter: graph.ClaimFilter{AsOf: graph.MustDate("2024")}}, []string{}},
		{"parallel claims", graph.PathQuery{From: "P_SEN", To: "DOC_FX", MaxHops: 1}, []string{"P_SEN>CL_13/reported", "P_SEN>CL_14/reported"}},
		{"shortest first", graph.PathQuery{From: "P_KID", To: "P_ADV", MaxHops: 3}, []string{"P_KID>CL_02>CL_03/alleged"}},
		{"min status", graph.PathQuery{From: "P_KID", To: "P_ADV", Filter: graph.ClaimFilter{MinStatus: graph.StatusReported}}, []string{}},
		{"five hops", graph.PathQuery{From: "P_ADV", To: "C_E", MaxHops: 6}, []string{"P_ADV>CL_03>CL_11>CL_10>CL_09>CL_08/alleged"}},
		{"types", graph.PathQuery{From: "C_D", To: "P_KID", MaxHops: 3}, []string{"C_D>CL_07>CL_02/reported"}},
		{"types excluded", graph.PathQuery{From: "C_D", To: "P_KID", MaxHops: 3, Filter: graph.ClaimFilter{Types: graph.ConnectionTypes()}}, []string{}},
		{"direction out", graph.PathQuery{From: "P_SEN", To: "C_E", MaxHops: 4, Filter: graph.ClaimFilter{Direction: graph.DirectionOut}}, []string{}},
		{"limit", graph.PathQuery{From: "P_SEN", To: "DOC_FX", MaxHops: 1, Limit: 1}, []string{"P_SEN>CL_13/reported"}},
	} {
		got := must(s.Paths(ctx, tc.q))(t)
		if !slices.Equal(pathIDs(got), tc.want) {
			t.Errorf("%s: Paths = %q, want %q", tc.name, pathIDs(got), tc.want)
		}
	}
	ps := must(s.Paths(ctx, graph.PathQuery{From: "P_KID", To: "C_A"}))(t)
	if len(ps) != 1 {
		t.Fatalf("Paths(P_KID, C_A) = %d paths, want 1", len(ps))
	}
	h := ps[0].Hops
	if len(h) != 2 || h[0].From != "P_KID" || h[0].To != "O_HOLD" || h[1].From != "O_HOLD" || h[1].To != "C_A" || h[1].Claim.Type != graph.RelOwns || len(h[1].Claim.Sources) != 2 {
		t.Errorf("hops = %+v", h)
	}
}

func testFlags(t *testing.T, ctx context.Context, s graph.Store) {
	for _, tc := range []struct {
		q    graph.FlagQuery
		want map[string]graph.Flags
	}{
		{graph.FlagQuery{}, map[string]graph.Flags{"P_SEN": {PoliticallyExposed: true}, "P_KID": {RelativeOrCloseAssociate: true},
			"P_ADV": {RelativeOrCloseAssociate: true}, "C_C": {Sanctioned: true}, "O_SANC": {Sanctioned: true}, "O_HOLD": {}}},
		{graph.FlagQuery{MinStatus: graph.StatusReported}, map[string]graph.Flags{"P_KID": {RelativeOrCloseAssociate: true}, "P_ADV": {}}},
		{graph.FlagQuery{AsOf: graph.MustDate("2019-12-31")}, map[string]graph.Flags{"P_SEN": {}, "P_KID": {}, "C_C": {}}},
		{graph.FlagQuery{AsOf: graph.MustDate("2024-09-12")}, map[string]graph.Flags{"C_C": {Sanctioned: true}, "O_SANC": {}, "P_ADV": {RelativeOrCloseAssociate: true}}},
		{graph.FlagQuery{AsOf: graph.MustDate("2024-09")}, map[string]graph.Flags{"C_C": {Sanctioned: true}}},
		// an undated position counts from its source's date (2025-07)
		{graph.FlagQuery{AsOf: graph.MustDate("2025-06-30")}, map[string]graph.Flags{"P_MIN": {}, "P_SEN": {PoliticallyExposed: true}}},
		{graph.FlagQuery{AsOf: graph.MustDate("2025-07-01")}, map[string]graph.Flags{"P_MIN": {PoliticallyExposed: true}}},
		{graph.FlagQuery{}, map[string]graph.Flags{"P_MIN": {PoliticallyExposed: true}}},
	} {
		ids := []string{"NOPE"}
		for id := range tc.want {
			ids = append(ids, id)
		}
		got := must(s.Flags(ctx, ids, tc.q))(t)
		if _, ok := got["NOPE"]; ok || len(got) != len(tc.want) {
			t.Errorf("Flags(%+v) has %d entries (unknown ids must be absent): %+v", tc.q, len(got), got)
		}
		for id, w := range tc.want {
			if got[id] != w {
				t.Errorf("Flags(%+v)[%s] = %+v, want %+v", tc.q, id, got[id], w)
			}
		}
	}
}

func testDesignations(t *testing.T, ctx context.Context, s graph.Store) {
	m := must(s.Designations(ctx, []string{"C_C", "O_SANC", "P_SEN"}))(t)
	if len(m["C_C"]) != 1 || m["C_C"][0].Program != "FIXTURE" || m["C_C"][0].Authority != "G_FX_GOV" || m["C_C"][0].Date != graph.MustDate("2024-09-12") {
		t.Errorf("Designations[C_C] = %+v", m["C_C"])
	}
	if len(m["O_SANC"]) != 1 || m["O_SANC"][0].Program != graph.ProgramNotVerified {
		t.Errorf("Designations[O_SANC] = %+v", m["O_SANC"])
	}
	if m["P_SEN"] == nil || len(m["P_SEN"]) != 0 {
		t.Errorf("Designations[P_SEN] = %#v, want an empty list", m["P_SEN"])
	}
}

func compoundIDs(p graph.CompoundPage) []string {
	out := []string{}
	for _, e := range p.Items {
		out = append(out, e.ID)
	}
	return out
}

func testCompounds(t *testing.T, ctx context.Context, s graph.Store) {
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		f     graph.CompoundFilter
		want  []string
		total int
		next  bool
	}{
		{"first page", graph.CompoundFilter{PageArgs: graph.PageArgs{First: 3}}, []string{"C_A", "C_B", "C_C"}, 7, true},
		{"province folded", graph.CompoundFilter{Province: "kampot"}, []string{"C_A", "C_B"}, 2, false},
		{"status", graph.CompoundFilter{Status: graph.SiteOperating}, []string{"C_A"}, 1, false},
		{"raided", graph.CompoundFilter{Raided: &yes}, []string{"C_A", "C_D", "C_G"}, 3, false},
		{"raided, unconnected", graph.CompoundFilter{Raided: &yes, Connected: &no}, []string{"C_D", "C_G"}, 2, false},
		{"connected, window", graph.CompoundFilter{Connected: &yes, Raided: &no, Assessment: graph.AssessmentQuery{From: graph.MustDate("2025-07-15")}}, []string{"C_A", "C_B", "C_C"}, 3, false},
		{"place, a province", graph.CompoundFilter{Place: "07"}, []string{"C_A", "C_B"}, 2, false},
		{"place, a page of it", graph.CompoundFilter{Place: "08", PageArgs: graph.PageArgs{First: 1}}, []string{"C_C"}, 2, true},
		{"place, raided", graph.CompoundFilter{Place: "24", Raided: &yes}, []string{"C_G"}, 1, false},
		{"place and province, unconnected", graph.CompoundFilter{Place: "23", Province: "Kep", Connected: &no}, []string{"C_E", "C_F"}, 2, false},
		{"place and another province", graph.CompoundFilter{Place: "23", Province: "Kandal"}, []string{}, 0, false},
		// a site known only to lie in Kampot is not known to lie in one of its districts
		{"place, a district of a province", graph.CompoundFilter{Place: "0708"}, []string{}, 0, false},
		{"place, a province holding none", graph.CompoundFilter{Place: "25"}, []string{}, 0, false},
		{"place, no such unit", graph.CompoundFilter{Place: "99"}, []string{}, 0, false},
	} {
		p := must(s.Compounds(ctx, tc.f))(t)
		if got := compoundIDs(p); !slices.Equal(got, tc.want) || p.TotalCount != tc.total || p.HasNextPage != tc.next {
			t.Errorf("%s: Compounds = %q total %d next %v, want %q total %d next %v", tc.name, got, p.TotalCount, p.HasNextPage, tc.want, tc.total, tc.next)
		}
	}
	first := must(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 3}}))(t)
	second := must(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 3, After: first.EndCursor}}))(t)
	third := must(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 3, After: second.EndCursor}}))(t)
	if got := append(compoundIDs(second), compoundIDs(third)...); !slices.Equal(got, []string{"C_D", "C_E", "C_F", "C_G"}) || third.HasNextPage {
		t.Errorf("later pages = %q (next %v)", got, third.HasNextPage)
	}
	if len(second.Cursors) != 3 || second.Cursors[2] != second.EndCursor {
		t.Errorf("cursors %q, end %q", second.Cursors, second.EndCursor)
	}
}

func raidIDs(p graph.RaidPage) []string {
	out := []string{}
	for _, r := range p.Items {
		out = append(out, r.ID)
	}
	return out
}

func testRaids(t *testing.T, ctx context.Context, s graph.Store) {
	d := graph.MustDate
	for _, tc := range []struct {
		name string
		f    graph.RaidFilter
		want []string
	}{
		{"all by date", graph.RaidFilter{}, []string{"R_FX_3", "R_FX_1", "R_FX_2", "R_FX_4", "R_FX_5"}},
		{"province, any of several", graph.RaidFilter{Province: "kep"}, []string{"R_FX_4"}},
		{"province", graph.RaidFilter{Province: "Kandal"}, []string{"R_FX_4", "R_FX_5"}},
		{"one day inside a range", graph.RaidFilter{From: d("2025-07-18"), To: d("2025-07-18")}, []string{"R_FX_4"}},
		{"month", graph.RaidFilter{From: d("2024-10-15"), To: d("2024-12")}, []string{"R_FX_3"}},
		{"site", graph.RaidFilter{Site: "C_G"}, []string{"R_FX_3", "R_FX_2"}},
		{"place, a province", graph.RaidFilter{Place: "24"}, []string{"R_FX_3", "R_FX_2"}},
		{"place, the first of several", graph.RaidFilter{Place: "08"}, []string{"R_FX_4", "R_FX_5"}},
		{"place, the second of several", graph.RaidFilter{Place: "23"}, []string{"R_FX_4"}},
		{"place and window", graph.RaidFilter{Place: "24", From: d("2025")}, []string{"R_FX_2"}},
		{"place and province", graph.RaidFilter{Place: "23", Province: "Kandal"}, []string{"R_FX_4"}},
		{"place and site", graph.RaidFilter{Place: "08", Site: "C_D"}, []string{"R_FX_5"}},
		{"place, a district of a province", graph.RaidFilter{Place: "2301"}, []string{}},
		{"place, no such unit", graph.RaidFilter{Place: "00"}, []string{}},
	} {
		p := must(s.Raids(ctx, tc.f))(t)
		if got := raidIDs(p); !slices.Equal(got, tc.want) || p.TotalCount != len(tc.want) {
			t.Errorf("%s: Raids = %q (total %d), want %q", tc.name, got, p.TotalCount, tc.want)
		}
	}
	p := must(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{First: 2}}))(t)
	p2 := must(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{First: 2, After: p.EndCursor}}))(t)
	if !slices.Equal(raidIDs(p2), []string{"R_FX_2", "R_FX_4"}) || p2.TotalCount != 5 || !p2.HasNextPage {
		t.Errorf("second page = %q total %d next %v", raidIDs(p2), p2.TotalCount, p2.HasNextPage)
	}
	r := must(s.RaidsOn(ctx, []string{"C_A", "C_B"}))(t)
	if len(r["C_B"]) != 0 || r["C_B"] == nil || len(r["C_A"]) != 1 {
		t.Fatalf("RaidsOn = %+v", r)
	}
	acc := r["C_A"][0].Accounts
	if len(acc) != 2 || *acc[0].Detained != (graph.Count{Value: 234, Qualifier: graph.CountExact}) || *acc[1].Detained != (graph.Count{Value: 230, Qualifier: graph.CountAtLeast}) ||
		len(acc[0].Breakdown) != 1 || acc[0].Breakdown[0].Nationality != "Fictionalian" || acc[0].Breakdown[0].Women.Value != 20 {
		t.Errorf("R_FX_1 accounts = %+v, want both counts kept with qualifiers", acc)
	}
	r4 := must(s.Raids(ctx, graph.RaidFilter{Province: "Kep"}))(t).Items[0]
	if !slices.Equal(r4.Provinces, []string{"Kandal", "Kep"}) || !slices.Equal(r4.Places, []string{"08", "23"}) || r4.End != d("2025-07-18") || !slices.Equal(r4.Accounts[0].Outcomes, []string{"suspects released"}) {
		t.Errorf("R_FX_4 = %+v", r4)
	}
}

// cells renders an assessment as "cell: site(hops...)" lines.
func cells(a graph.Assessment) string {
	var b strings.Builder
	for _, c := range []struct {
		name string
		rows []graph.SiteAssessment
	}{{"raided+connected", a.RaidedConnected}, {"raided+unconnected", a.RaidedUnconnected}, {"unraided+connected", a.UnraidedConnected}, {"unraided+unconnected", a.UnraidedUnconnected}} {
		fmt.Fprintf(&b, "%s:", c.name)
		for _, r := range c.rows {
			fmt.Fprintf(&b, " %s", r.Site.ID)
			if r.Connected {
				fmt.Fprintf(&b, "(%d)", len(r.Evidence[0].Path.Hops))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// cellIDs renders an assessment's cells as site ids, with each site's
// raids, without evidence.
func cellIDs(a graph.Assessment) string {
	var b strings.Builder
	for _, rows := range [][]graph.SiteAssessment{a.RaidedConnected, a.RaidedUnconnected, a.UnraidedConnected, a.UnraidedUnconnected} {
		for _, r := range rows {
			fmt.Fprintf(&b, " %s%v", r.Site.ID, raidIDs(graph.RaidPage{Items: r.Raids}))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func testAssessment(t *testing.T, ctx context.Context, s graph.Store) {
	d := graph.MustDate
	for _, tc := range []struct {
		name string
		q    graph.AssessmentQuery
		want string
	}{
		{"default", graph.AssessmentQuery{},
			"raided+connected: C_A(3)\nraided+unconnected: C_D C_G\nunraided+connected: C_B(2) C_C(0)\nunraided+unconnected: C_E C_F\n"},
		{"as of 2024-06", graph.AssessmentQuery{Filter: graph.ClaimFilter{AsOf: d("2024-06")}},
			"raided+connected:\nraided+unconnected: C_A C_D C_G\nunraided+connected: C_B(2)\nunraided+unconnected: C_C C_E C_F\n"},
		{"reported or stronger", graph.AssessmentQuery{Filter: graph.ClaimFilter{MinStatus: graph.StatusReported}},
			"raided+connected: C_A(3)\nraided+unconnected: C_G\nunraided+connected: C_C(0)\nunraided+unconnected: C_B C_D C_E C_F\n"},
		{"four hops", graph.AssessmentQuery{MaxHops: 4},
			"raided+connected: C_A(3)\nraided+unconnected: C_D C_G\nunraided+connected: C_B(2) C_C(0) C_E(4)\nunraided+unconnected: C_F\n"},
		{"linked_to followed", graph.AssessmentQuery{Filter: graph.ClaimFilter{Types: append(graph.ConnectionTypes(), graph.RelLinkedTo)}},
			"raided+connected: C_A(3) C_D(1)\nraided+unconnected: C_G\nunraided+connected: C_B(2) C_C(0)\nunraided+unconnected: C_E C_F\n"},
		{"window", graph.AssessmentQuery{From: d("2025-07-15"), To: d("2025-07-31")},
			"raided+connected:\nraided+unconnected: C_D C_G\nunraided+connected: C_A(3) C_B(2) C_C(0)\nunraided+unconnected: C_E C_F\n"},
		{"window 2024", graph.AssessmentQuery{From: d("2024"), To: d("2024")},
			"raided+connected:\nraided+unconnected: C_G\nunraided+connected: C_A(3) C_B(2) C_C(0)\nunraided+unconnected: C_D C_E C_F\n"},
	} {
		a := must(s.SiteAssessment(ctx, tc.q))(t)
		if got := cells(a); got != tc.want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", tc.name, got, tc.want)
		}
		// Cells only: the same cells, and no paths built.
		q := tc.q
		q.CellsOnly = true
		c := must(s.SiteAssessment(ctx, q))(t)
		if got, want := cellIDs(c), cellIDs(a); got != want {
			t.Errorf("%s, cells only:\ngot\n%s\nwant\n%s", tc.name, got, want)
		}
		for _, r := range c.Sites() {
			if len(r.Evidence) != 0 {
				t.Errorf("%s, cells only: %s has %d evidence paths, want none", tc.name, r.Site.ID, len(r.Evidence))
			}
		}
		// Bare: the same cells and raid ids, whatever else a store leaves out.
		q.Bare = true
		if got, want := cellIDs(must(s.SiteAssessment(ctx, q))(t)), cellIDs(a); got != want {
			t.Errorf("%s, bare cells:\ngot\n%s\nwant\n%s", tc.name, got, want)
		}
	}
	a := must(s.SiteAssessment(ctx, graph.AssessmentQuery{}))(t)
	ca := a.RaidedConnected[0]
	if len(ca.Raids) != 1 || ca.Raids[0].ID != "R_FX_1" {
		t.Errorf("C_A raids = %+v", ca.Raids)
	}
	ev := ca.Evidence[0]
	if graph.PathKey(ev.Path) != "C_A>CL_05>CL_04>CL_02" || ev.Path.Weakest != graph.StatusReported ||
		len(ev.Reasons) != 1 || ev.Reasons[0].Kind != graph.ReasonPoliticallyExposed || ev.Reasons[0].Entity != "P_SEN" || ev.Reasons[0].Claim == nil || ev.Reasons[0].Claim.ID != "CL_01" {
		t.Errorf("C_A evidence = %+v", ev)
	}
	cc := a.UnraidedConnected[1]
	if cc.Site.ID != "C_C" || len(cc.Evidence) != 1 || len(cc.Evidence[0].Path.Hops) != 0 || cc.Evidence[0].Reasons[0].Kind != graph.ReasonSanctioned || cc.Evidence[0].Reasons[0].Designation.ID != "D_FX_1" {
		t.Errorf("C_C evidence = %+v", cc.Evidence)
	}
	if got := len(a.Sites()); got != 7 {
		t.Errorf("Sites() = %d rows, want 7", got)
	}
	one := must(s.SiteAssessment(ctx, graph.AssessmentQuery{PathsPerSite: 1, MaxHops: 6}))(t)
	for _, r := range one.Sites() {
		if len(r.Evidence) > 1 {
			t.Errorf("%s has %d evidence paths, want at most 1", r.Site.ID, len(r.Evidence))
		}
	}
}

func testSources(t *testing.T, ctx context.Context, s graph.Store) {
	src := must(graph.SourceByID(ctx, s, "S_FX_NEWS"))(t)
	if src.Title != "Fictional Daily: Who owns the parks" || src.Kind != graph.SourceNews || src.Published != graph.MustDate("2025-07") || src.URL != "https://example.org/news" {
		t.Errorf("Source = %+v", src)
	}
	m := must(s.Sources(ctx, []string{"S_FX_NGO", "NOPE"}))(t)
	if len(m) != 1 || m["S_FX_NGO"].Publisher != "Fictional Watch" {
		t.Errorf("Sources = %+v", m)
	}
	list, err := s.ListSources(ctx, graph.PageArgs{First: 2})
	if err != nil || len(list.Items) != 2 || list.Items[0].ID != "S_FX_GAZETTE" || list.Items[1].ID != "S_FX_NEWS" || list.TotalCount != 3 || !list.HasNextPage ||
		len(list.Cursors) != 2 || list.Cursors[1] != list.EndCursor {
		t.Errorf("ListSources = %+v %v", list, err)
	}
	st := must(s.Statements(ctx))(t)
	if len(st) != 1 || st[0].Text != "as many as 350 active sites" {
		t.Errorf("Statements = %+v", st)
	}
	if v := must(s.Version(ctx))(t); v != "fixture" {
		t.Errorf("Version = %q, want fixture", v)
	}
	if n := must(s.Stats(ctx))(t); n != (graph.Stats{Entities: 19, Claims: 15, Raids: 5, Designations: 2, Sources: 3, Statements: 1}) {
		t.Errorf("Stats = %+v", n)
	}
}

func testErrors(t *testing.T, ctx context.Context, s graph.Store) {
	d := graph.MustDate
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"unknown entity", second(graph.EntityByID(ctx, s, "NOPE")), graph.ErrNotFound},
		{"unknown source", second(graph.SourceByID(ctx, s, "NOPE")), graph.ErrNotFound},
		{"neighbours of unknown", second(graph.Neighbours(ctx, s, "NOPE", graph.ClaimFilter{}, graph.PageArgs{})), graph.ErrNotFound},
		{"negative first", second(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{}, graph.PageArgs{First: -1})), graph.ErrInvalid},
		{"huge first", second(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: graph.MaxPageSize + 1}})), graph.ErrInvalid},
		{"forged cursor", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: "!!not-a-cursor"}})), graph.ErrInvalid},
		{"bad direction", second(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{Direction: "sideways"}, graph.PageArgs{})), graph.ErrInvalid},
		{"bad type", second(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{Types: []graph.RelType{"loves"}}, graph.PageArgs{})), graph.ErrInvalid},
		{"empty search", second(s.Search(ctx, graph.SearchQuery{Text: " ,, "})), graph.ErrInvalid},
		{"overlong search", second(s.Search(ctx, graph.SearchQuery{Text: strings.Repeat("a", graph.MaxQueryText+1)})), graph.ErrInvalid},
		{"paths from unknown", second(s.Paths(ctx, graph.PathQuery{From: "NOPE", To: "P_SEN"})), graph.ErrNotFound},
		{"paths too long", second(s.Paths(ctx, graph.PathQuery{From: "P_KID", To: "P_SEN", MaxHops: graph.MaxPathHops + 1})), graph.ErrInvalid},
		{"assessment hops", second(s.SiteAssessment(ctx, graph.AssessmentQuery{MaxHops: -1})), graph.ErrInvalid},
		{"reversed window", second(s.SiteAssessment(ctx, graph.AssessmentQuery{From: d("2025-08"), To: d("2025-07")})), graph.ErrInvalid},
		{"reversed raid window", second(s.Raids(ctx, graph.RaidFilter{From: d("2025-08"), To: d("2025-07")})), graph.ErrInvalid},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: error = %v, want %v", tc.name, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func extrasErr[T any](_ T, _ graph.Extras, err error) error { return err }

// testCursors checks that a listing accepts only its own cursors: a
// string the service did not make, a cursor cut short, and a cursor of
// another listing (the relationships of another entity included) are
// refused with an error wrapping ErrInvalid that names the argument.
func testCursors(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	raids := must(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{First: 1}}))(t).EndCursor
	compounds := must(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 1}}))(t).EndCursor
	sources := must(s.ListSources(ctx, graph.PageArgs{First: 1}))(t).EndCursor
	search := must(s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{First: 1}}))(t).EndCursor
	rels := must(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{}, graph.PageArgs{First: 1}))(t).EndCursor
	// each listing takes its own cursor
	for name, err := range map[string]error{
		"raids":                   second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: raids}})),
		"compounds":               second(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{After: compounds}})),
		"sources":                 second(s.ListSources(ctx, graph.PageArgs{After: sources})),
		"search":                  second(s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{After: search}})),
		"relationships":           second(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{}, graph.PageArgs{After: rels})),
		"relationships, answered": extrasErr(a.EntityWith(ctx, "P_SEN", graph.Want{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{After: rels}}})),
	} {
		if err != nil {
			t.Errorf("%s after its own cursor: %v", name, err)
		}
	}
	forged := func(text string) string { return base64.RawURLEncoding.EncodeToString([]byte(text)) }
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"not base64", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: "!!not-a-cursor"}}))},
		{"a compound id in base64", second(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{After: forged("C_A")}}))},
		{"a raid key in base64", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: forged("20250714\x00R_FX_1")}}))},
		{"cut short", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: raids[:len(raids)-2]}}))},
		{"one character changed", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: flip(raids)}}))},
		{"raids cursor on sources", second(s.ListSources(ctx, graph.PageArgs{After: raids}))},
		{"sources cursor on compounds", second(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{After: sources}}))},
		{"compounds cursor on sources", second(s.ListSources(ctx, graph.PageArgs{After: compounds}))},
		{"compounds cursor on raids", second(s.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{After: compounds}}))},
		{"search cursor on compounds", second(s.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{After: search}}))},
		{"search cursor on compounds, answered", extrasErr(a.CompoundsWith(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{After: search}}, graph.Want{TotalCount: true}))},
		{"compounds cursor on search", second(s.Search(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{After: compounds}}))},
		{"relationships cursor on search, answered", extrasErr(a.SearchWith(ctx, graph.SearchQuery{Text: "co", PageArgs: graph.PageArgs{After: rels}}, graph.Want{}))},
		{"raids cursor on relationships", second(graph.Neighbours(ctx, s, "P_SEN", graph.ClaimFilter{}, graph.PageArgs{After: raids}))},
		{"relationships cursor of P_SEN on O_HOLD", second(graph.Neighbours(ctx, s, "O_HOLD", graph.ClaimFilter{}, graph.PageArgs{After: rels}))},
		{"relationships cursor of P_SEN on O_HOLD, answered", extrasErr(a.EntityWith(ctx, "O_HOLD", graph.Want{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{After: rels}}}))},
	} {
		if !errors.Is(tc.err, graph.ErrInvalid) || !strings.Contains(tc.err.Error(), "after") {
			t.Errorf("%s: error = %v, want ErrInvalid naming after", tc.name, tc.err)
		}
	}
}

// flip changes the middle character of a cursor to another base64 one.
func flip(c string) string {
	b := []byte(c)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// testBlankFilters checks that a filter text of spaces only is refused with
// an error wrapping ErrInvalid that names the field, by both listings.
func testBlankFilters(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	for _, text := range []string{" ", "\t", " \n ", "\u00a0"} {
		for name, err := range map[string]error{
			"compounds":           second(s.Compounds(ctx, graph.CompoundFilter{Province: text})),
			"compounds, answered": extrasErr(a.CompoundsWith(ctx, graph.CompoundFilter{Province: text}, graph.Want{TotalCount: true})),
			"raids":               second(s.Raids(ctx, graph.RaidFilter{Province: text})),
		} {
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "filter.province") {
				t.Errorf("%s with province %q: error = %v, want ErrInvalid naming filter.province", name, text, err)
			}
		}
	}
}

// testPlaceCodes checks that a place filter that is not shaped like a
// gazetteer code (2, 4, 6 or 8 ASCII digits) is refused with an error
// wrapping ErrInvalid that names filter.place, by both listings, and that
// "" is no filter.
func testPlaceCodes(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	for _, code := range []string{"7", "070", "0x", "x7", "123456789", "0708010101", " 07", "07 ", "０７", "%", "'", "07%", ".*"} {
		for name, err := range map[string]error{
			"compounds":           second(s.Compounds(ctx, graph.CompoundFilter{Place: code})),
			"compounds, answered": extrasErr(a.CompoundsWith(ctx, graph.CompoundFilter{Place: code}, graph.Want{TotalCount: true})),
			"raids":               second(s.Raids(ctx, graph.RaidFilter{Place: code})),
		} {
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "filter.place") {
				t.Errorf("%s with place %q: error = %v, want ErrInvalid naming filter.place", name, code, err)
			}
		}
	}
	if p := must(s.Compounds(ctx, graph.CompoundFilter{Place: ""}))(t); p.TotalCount != 7 {
		t.Errorf("Compounds(place \"\") total %d, want all 7", p.TotalCount)
	}
	if p := must(s.Raids(ctx, graph.RaidFilter{Place: ""}))(t); p.TotalCount != 5 {
		t.Errorf("Raids(place \"\") total %d, want all 5", p.TotalCount)
	}
}

// FinerPlacesFixture is the Fixture with places finer than provinces:
// C_A in the commune Kampong Kandal (070801) of Kampot district (0708),
// C_B in the village Trapeang Thum (07070201) of Tuek Chhu district
// (0707), both in Kampot province (07); the organization O_HOLD in Kampot
// district; R_FX_1 in C_A's commune; R_FX_4 in Ta Khmau district of Kandal
// (0811) and in Kep (23). The codes are the official gazetteer's; the
// sites remain fictional.
func FinerPlacesFixture() *graph.Dataset {
	d := Fixture()
	d.Version = "fixture, finer places"
	for i := range d.Entities {
		switch e := &d.Entities[i]; e.ID {
		case "C_A":
			e.Place = "070801"
		case "C_B":
			e.Place = "07070201"
		case "O_HOLD":
			e.Place = "0708"
		}
	}
	for i := range d.Raids {
		switch r := &d.Raids[i]; r.ID {
		case "R_FX_1":
			r.Places = []string{"070801"}
		case "R_FX_4":
			r.Places = []string{"0811", "23"}
		}
	}
	return d
}

// testFinerPlaces checks, on FinerPlacesFixture, that a place filter
// admits what lies in the unit at any finer level, and nothing known only
// at a coarser level or in a sibling unit; that a raid with several places
// is listed for a unit holding either; and that places read back as
// written.
func testFinerPlaces(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	m := must(s.Entities(ctx, []string{"C_A", "C_B", "C_C", "O_HOLD", "P_SEN"}))(t)
	for id, want := range map[string]string{"C_A": "070801", "C_B": "07070201", "C_C": "08", "O_HOLD": "0708", "P_SEN": ""} {
		if got := m[id].Place; got != want {
			t.Errorf("Entities[%s].Place = %q, want %q", id, got, want)
		}
	}
	yes := true
	for _, tc := range []struct {
		f    graph.CompoundFilter
		want []string
	}{
		{graph.CompoundFilter{Place: "07"}, []string{"C_A", "C_B"}},
		{graph.CompoundFilter{Place: "0708"}, []string{"C_A"}},
		{graph.CompoundFilter{Place: "070801"}, []string{"C_A"}},
		{graph.CompoundFilter{Place: "070802"}, []string{}},
		{graph.CompoundFilter{Place: "0707"}, []string{"C_B"}},
		{graph.CompoundFilter{Place: "070702"}, []string{"C_B"}},
		{graph.CompoundFilter{Place: "07070201"}, []string{"C_B"}},
		{graph.CompoundFilter{Place: "07070202"}, []string{}},
		{graph.CompoundFilter{Place: "0701"}, []string{}},
		{graph.CompoundFilter{Place: "07", Raided: &yes}, []string{"C_A"}},
		{graph.CompoundFilter{Place: "08"}, []string{"C_C", "C_D"}},
		// the organization placed in Kampot district is no compound
		{graph.CompoundFilter{Place: "0708", Province: "Kampot"}, []string{"C_A"}},
	} {
		p := must(s.Compounds(ctx, tc.f))(t)
		if got := compoundIDs(p); !slices.Equal(got, tc.want) || p.TotalCount != len(tc.want) {
			t.Errorf("Compounds(%+v) = %q (total %d), want %q", tc.f, got, p.TotalCount, tc.want)
		}
		ap, _, err := a.CompoundsWith(ctx, tc.f, graph.Want{TotalCount: true})
		if got := compoundIDs(ap); err != nil || !slices.Equal(got, tc.want) || ap.TotalCount != len(tc.want) {
			t.Errorf("CompoundsWith(%+v) = %q (total %d), %v; want %q", tc.f, got, ap.TotalCount, err, tc.want)
		}
	}
	// a place's compounds page by page
	first := must(s.Compounds(ctx, graph.CompoundFilter{Place: "07", PageArgs: graph.PageArgs{First: 1}}))(t)
	rest := must(s.Compounds(ctx, graph.CompoundFilter{Place: "07", PageArgs: graph.PageArgs{First: 1, After: first.EndCursor}}))(t)
	if got := append(compoundIDs(first), compoundIDs(rest)...); !slices.Equal(got, []string{"C_A", "C_B"}) || !first.HasNextPage || rest.HasNextPage || rest.TotalCount != 2 {
		t.Errorf("Compounds(place 07) by pages of 1 = %q (next %v, %v; total %d)", got, first.HasNextPage, rest.HasNextPage, rest.TotalCount)
	}
	for _, tc := range []struct {
		f    graph.RaidFilter
		want []string
	}{
		{graph.RaidFilter{Place: "07"}, []string{"R_FX_1"}},
		{graph.RaidFilter{Place: "0708"}, []string{"R_FX_1"}},
		{graph.RaidFilter{Place: "070801"}, []string{"R_FX_1"}},
		{graph.RaidFilter{Place: "0707"}, []string{}},
		// R_FX_4 lies in Ta Khmau district (0811) and in Kep (23): either admits it
		{graph.RaidFilter{Place: "08"}, []string{"R_FX_4", "R_FX_5"}},
		{graph.RaidFilter{Place: "0811"}, []string{"R_FX_4"}},
		{graph.RaidFilter{Place: "23"}, []string{"R_FX_4"}},
		// known only to the district, or only to Kep: not in one commune of it
		{graph.RaidFilter{Place: "081101"}, []string{}},
		{graph.RaidFilter{Place: "2302"}, []string{}},
		{graph.RaidFilter{Place: "0801"}, []string{}},
		{graph.RaidFilter{Place: "08", PageArgs: graph.PageArgs{First: 1}}, []string{"R_FX_4"}},
	} {
		p := must(s.Raids(ctx, tc.f))(t)
		total := len(tc.want)
		if tc.f.First == 1 {
			total = 2
		}
		if got := raidIDs(p); !slices.Equal(got, tc.want) || p.TotalCount != total {
			t.Errorf("Raids(%+v) = %q (total %d), want %q (total %d)", tc.f, got, p.TotalCount, tc.want, total)
		}
	}
	r := must(s.Raids(ctx, graph.RaidFilter{Place: "0811"}))(t)
	if len(r.Items) != 1 || !slices.Equal(r.Items[0].Places, []string{"0811", "23"}) {
		t.Errorf("Raids(place 0811) = %+v, want R_FX_4 with places 0811 and 23", r.Items)
	}
}

// unplacedFixture is the Fixture with one more compound, C_H, whose
// province is not known.
func unplacedFixture() *graph.Dataset {
	d := Fixture()
	d.Entities = append(d.Entities, graph.Entity{ID: "C_H", Kind: graph.KindCompound, Name: "Hotel with no province"})
	return d
}

// testLiteralFilters checks, on unplacedFixture, that a province filter is
// an equality on folded text and never a pattern, and that a site with no
// province matches none, the same way for compounds and raids.
func testLiteralFilters(t *testing.T, ctx context.Context, s graph.Store) {
	a := graph.Answer(s)
	for _, tc := range []struct {
		province     string
		sites, raids []string
	}{
		{"KAMPOT", []string{"C_A", "C_B"}, []string{"R_FX_1"}},
		{"  kandal ", []string{"C_C", "C_D"}, []string{"R_FX_4", "R_FX_5"}},
		{"'", []string{}, []string{}},
		{"%", []string{}, []string{}},
		{".*", []string{}, []string{}},
		{"_", []string{}, []string{}},
		{"n.*", []string{}, []string{}},
		{"N%", []string{}, []string{}},
		{"(?i)kampot", []string{}, []string{}},
	} {
		f := graph.CompoundFilter{Province: tc.province}
		p := must(s.Compounds(ctx, f))(t)
		if got := compoundIDs(p); !slices.Equal(got, tc.sites) || p.TotalCount != len(tc.sites) {
			t.Errorf("Compounds(province %q) = %q (total %d), want %q", tc.province, got, p.TotalCount, tc.sites)
		}
		ap, _, err := a.CompoundsWith(ctx, f, graph.Want{TotalCount: true})
		if got := compoundIDs(ap); err != nil || !slices.Equal(got, tc.sites) || ap.TotalCount != len(tc.sites) {
			t.Errorf("CompoundsWith(province %q) = %q (total %d), %v; want %q", tc.province, got, ap.TotalCount, err, tc.sites)
		}
		r := must(s.Raids(ctx, graph.RaidFilter{Province: tc.province}))(t)
		if got := raidIDs(r); !slices.Equal(got, tc.raids) || r.TotalCount != len(tc.raids) {
			t.Errorf("Raids(province %q) = %q (total %d), want %q", tc.province, got, r.TotalCount, tc.raids)
		}
	}
	// the unplaced site is listed when no province is asked for
	if got := compoundIDs(must(s.Compounds(ctx, graph.CompoundFilter{}))(t)); !slices.Contains(got, "C_H") {
		t.Errorf("Compounds() = %q, want C_H among them", got)
	}
}

// Canonical renders any answer as JSON for comparing answers across
// stores, with a nil list or pointer and an empty list made alike (the
// contract's "never nil" is checked before: by Run on every answer of the
// suite, and by Compare on both stores' answers). Strings are left
// exactly as they are. It panics on a value JSON cannot write: two such
// values would otherwise render alike, and compare equal whatever they
// hold.
func Canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("storetest.Canonical: %T cannot be compared: %v", v, err))
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		panic(fmt.Sprintf("storetest.Canonical: %T cannot be compared: %v", v, err))
	}
	out, err := json.Marshal(emptyNulls(tree))
	if err != nil {
		panic(fmt.Sprintf("storetest.Canonical: %T cannot be compared: %v", v, err))
	}
	return string(out)
}

func emptyNulls(v any) any {
	switch x := v.(type) {
	case nil:
		return []any{}
	case map[string]any:
		for k, e := range x {
			x[k] = emptyNulls(e)
		}
	case []any:
		for i, e := range x {
			x[i] = emptyNulls(e)
		}
	}
	return v
}
