package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
)

// Compare asks want and got the same questions about the dataset d that
// both hold — every entity, its neighbours and flags, paths between the
// compounds and every politically exposed or sanctioned entity, the site
// assessment under several filters, searches, listings with pagination —
// and fails on any difference, and on any answer of either store that
// holds a nil list (checked before Canonical makes nil and empty alike).
func Compare(t testing.TB, d *graph.Dataset, want, got graph.Store) {
	t.Helper()
	same := sameAs(t)
	ids := make([]string, 0, len(d.Entities))
	for _, e := range d.Entities {
		ids = append(ids, e.ID)
	}
	compareLookups(ids, want, got, same)
	compareNeighbours(ids, want, got, same)
	compareAssessments(want, got, same)
	compareAnswers(t, ids, graph.Answer(want), graph.Answer(got), same)
	comparePaths(t, want, got, same)
	compareSearches(d, want, got, same)
	compareListings(d, want, got, same)
	comparePlaces(t, d, want, got, same)
}

// sameFunc compares two stores' answers to one question (what), errors
// included.
type sameFunc func(what string, w, g any, werr, gerr error)

func sameAs(t testing.TB) sameFunc {
	return func(what string, w, g any, werr, gerr error) {
		t.Helper()
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: errors differ: want %v, got %v", what, werr, gerr)
			return
		}
		if werr == nil {
			if n := nilLists(w); len(n) > 0 {
				t.Errorf("%s: the first store answers nil lists at %q, want empty ones", what, n)
			}
			if n := nilLists(g); len(n) > 0 {
				t.Errorf("%s: the second store answers nil lists at %q, want empty ones", what, n)
			}
		}
		if cw, cg := Canonical(w), Canonical(g); cw != cg {
			t.Errorf("%s differs:\nwant %s\n got %s", what, cw, cg)
		}
	}
}

// compareLookups asks for every entity at once: the entities, their
// claims under several filters, flags, designations and raids.
func compareLookups(ids []string, want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	{
		w, werr := want.Entities(ctx, ids)
		g, gerr := got.Entities(ctx, ids)
		same("Entities", w, g, werr, gerr)
	}
	if wl, ok := want.(graph.EntityLister); ok {
		if gl, ok := got.(graph.EntityLister); ok {
			w, werr := wl.AllEntities(ctx)
			g, gerr := gl.AllEntities(ctx)
			same("AllEntities", w, g, werr, gerr)
		}
	}
	filters := []graph.ClaimFilter{{}, {MinStatus: graph.StatusReported}, {MinStatus: graph.StatusDenied, Direction: graph.DirectionOut},
		{AsOf: graph.MustDate("2024-06"), Types: graph.ConnectionTypes()}}
	for _, f := range filters {
		w, werr := want.EdgesOf(ctx, ids, f)
		g, gerr := got.EdgesOf(ctx, ids, f)
		same("EdgesOf", w, g, werr, gerr)
	}
	for _, q := range []graph.FlagQuery{{}, {MinStatus: graph.StatusOfficialRecord}, {AsOf: graph.MustDate("2024-01-01")}} {
		w, werr := want.Flags(ctx, ids, q)
		g, gerr := got.Flags(ctx, ids, q)
		same("Flags", w, g, werr, gerr)
	}
	w, werr := want.Designations(ctx, ids)
	g, gerr := got.Designations(ctx, ids)
	same("Designations", w, g, werr, gerr)
	w2, werr := want.RaidsOn(ctx, ids)
	g2, gerr := got.RaidsOn(ctx, ids)
	same("RaidsOn", w2, g2, werr, gerr)
}

// compareNeighbours walks every entity's claims in pages of two.
func compareNeighbours(ids []string, want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	for _, id := range ids {
		after := ""
		for page := 0; page < 50; page++ {
			w, werr := graph.Neighbours(ctx, want, id, graph.ClaimFilter{}, graph.PageArgs{First: 2, After: after})
			g, gerr := graph.Neighbours(ctx, got, id, graph.ClaimFilter{}, graph.PageArgs{First: 2, After: after})
			same("Neighbours("+id+")", w, g, werr, gerr)
			if werr != nil || !w.HasNextPage {
				break
			}
			after = w.EndCursor
		}
	}
}

// compareAssessments asks for the site assessment under several queries,
// with and without evidence paths.
func compareAssessments(want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	for _, q := range []graph.AssessmentQuery{{}, {MaxHops: 1}, {MaxHops: 2}, {MaxHops: 4}, {MaxHops: graph.MaxPathHops, PathsPerSite: 100}, {Filter: graph.ClaimFilter{MinStatus: graph.StatusReported}},
		{From: graph.MustDate("2025-07-14"), To: graph.MustDate("2025-07-22")}, {Filter: graph.ClaimFilter{AsOf: graph.MustDate("2024-12-31")}},
		{Filter: graph.ClaimFilter{Types: append(graph.ConnectionTypes(), graph.RelLinkedTo, graph.RelBuiltBy)}}} {
		w, werr := want.SiteAssessment(ctx, q)
		g, gerr := got.SiteAssessment(ctx, q)
		same("SiteAssessment", w, g, werr, gerr)
		q.CellsOnly = true
		w, werr = want.SiteAssessment(ctx, q)
		g, gerr = got.SiteAssessment(ctx, q)
		same("SiteAssessment(cells only)", w, g, werr, gerr)
	}
}

// comparePaths asks for the paths from every compound to every target
// its evidence reaches.
func comparePaths(t testing.TB, want, got graph.Store, same sameFunc) {
	t.Helper()
	ctx := context.Background()
	a, err := want.SiteAssessment(ctx, graph.AssessmentQuery{MaxHops: 3})
	if err != nil {
		t.Fatalf("SiteAssessment: %v", err)
	}
	for _, row := range a.Sites() {
		for _, ev := range row.Evidence {
			if len(ev.Path.Hops) == 0 {
				continue
			}
			q := graph.PathQuery{From: row.Site.ID, To: ev.Path.End(), MaxHops: 4}
			w, werr := want.Paths(ctx, q)
			g, gerr := got.Paths(ctx, q)
			same("Paths("+q.From+","+q.To+")", w, g, werr, gerr)
		}
	}
}

// compareSearches searches for every entity's name and its first three
// letters.
func compareSearches(d *graph.Dataset, want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	for _, e := range d.Entities {
		for _, text := range []string{e.Name, e.Name[:min(3, len(e.Name))]} {
			q := graph.SearchQuery{Text: text, PageArgs: graph.PageArgs{First: 5}}
			w, werr := want.Search(ctx, q)
			g, gerr := got.Search(ctx, q)
			same("Search("+text+")", w, g, werr, gerr)
		}
	}
}

// compareListings walks the compounds, raids and sources listings page by
// page, with province filters, and compares statements and counts.
func compareListings(d *graph.Dataset, want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	after := ""
	for page := 0; page < 100; page++ {
		w, werr := want.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 5, After: after}})
		g, gerr := got.Compounds(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 5, After: after}})
		same("Compounds", w, g, werr, gerr)
		if werr != nil || !w.HasNextPage {
			break
		}
		after = w.EndCursor
	}
	yes := true
	w, werr := want.Compounds(ctx, graph.CompoundFilter{Raided: &yes, PageArgs: graph.PageArgs{First: 100}})
	g, gerr := got.Compounds(ctx, graph.CompoundFilter{Raided: &yes, PageArgs: graph.PageArgs{First: 100}})
	same("Compounds(raided)", w, g, werr, gerr)
	compareProvinces(d, want, got, same)
	after = ""
	for page := 0; page < 100; page++ {
		w, werr := want.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{First: 4, After: after}})
		g, gerr := got.Raids(ctx, graph.RaidFilter{PageArgs: graph.PageArgs{First: 4, After: after}})
		same("Raids", w, g, werr, gerr)
		if werr != nil || !w.HasNextPage {
			break
		}
		after = w.EndCursor
	}
	ws, werr := want.ListSources(ctx, graph.PageArgs{First: graph.MaxPageSize})
	gs, gerr := got.ListSources(ctx, graph.PageArgs{First: graph.MaxPageSize})
	same("ListSources", ws, gs, werr, gerr)
	wst, werr := want.Statements(ctx)
	gst, gerr := got.Statements(ctx)
	same("Statements", wst, gst, werr, gerr)
	wv, werr := want.Stats(ctx)
	gv, gerr := got.Stats(ctx)
	same("Stats", wv, gv, werr, gerr)
}

// compareProvinces filters compounds and raids by the dataset's own
// provinces, and by texts that are punctuation, patterns or blank (the
// last is an error on both).
func compareProvinces(d *graph.Dataset, want, got graph.Store, same sameFunc) {
	ctx := context.Background()
	provinces := []string{"'", "%", ".*", "_", " "}
	for _, e := range d.Entities {
		if e.Province != "" && len(provinces) < 8 {
			provinces = append(provinces, e.Province, e.Province+"%")
		}
	}
	for _, p := range provinces {
		w, werr := want.Compounds(ctx, graph.CompoundFilter{Province: p, PageArgs: graph.PageArgs{First: 100}})
		g, gerr := got.Compounds(ctx, graph.CompoundFilter{Province: p, PageArgs: graph.PageArgs{First: 100}})
		same(fmt.Sprintf("Compounds(province %q)", p), w, g, werr, gerr)
		wr, werr := want.Raids(ctx, graph.RaidFilter{Province: p, PageArgs: graph.PageArgs{First: 100}})
		gr, gerr := got.Raids(ctx, graph.RaidFilter{Province: p, PageArgs: graph.PageArgs{First: 100}})
		same(fmt.Sprintf("Raids(province %q)", p), wr, gr, werr, gerr)
	}
}

// compareAnswers asks two Answerers the root questions with every kind of
// Want, as the GraphQL layer does, and compares items and extras (the
// version aside: stores may spell it differently only if they hold
// different data, which the other comparisons catch).
func compareAnswers(t testing.TB, ids []string, want, got graph.Answerer, same sameFunc) {
	t.Helper()
	ctx := context.Background()
	strip := func(x graph.Extras) graph.Extras { x.Version = ""; return x }
	wants := []graph.Want{{}, {TotalCount: true, Raids: true},
		{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 3}, Others: true, Sources: true, TotalCount: true}},
		{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 20}, Others: true, Sources: true}},
		{Neighbours: &graph.NeighboursWant{Filter: graph.ClaimFilter{Direction: graph.DirectionOut, MinStatus: graph.StatusReported}, Page: graph.PageArgs{First: 20}, Sources: true}},
		{Neighbours: &graph.NeighboursWant{Filter: graph.ClaimFilter{Types: []graph.RelType{graph.RelOwns, graph.RelFamilyOf}, Direction: graph.DirectionIn, AsOf: graph.MustDate("2024-06")}, Page: graph.PageArgs{First: 1}, Others: true}},
		// flags under several queries, sanctions with their authorities and sources, the other ends' flags
		{Flags: []graph.FlagQuery{{}, {MinStatus: graph.StatusOfficialRecord}, {AsOf: graph.MustDate("2024-06"), MinStatus: graph.StatusAlleged}}, Sanctions: true,
			Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 5}, Others: true,
				OtherFlags: []graph.FlagQuery{{MinStatus: graph.StatusAlleged}, {AsOf: graph.MustDate("2025-07-15")}}}},
	}
	// a page's total is compared only when it was asked for
	untotal := func(x graph.Extras, n *graph.NeighboursWant) graph.Extras {
		if n == nil || n.TotalCount {
			return x
		}
		pages := map[string]graph.EdgePage{}
		for id, pg := range x.Neighbours {
			pg.TotalCount = 0
			pages[id] = pg
		}
		x.Neighbours = pages
		return x
	}
	for _, id := range append(ids, "NO_SUCH_ID") {
		for i, w := range wants {
			we, wx, werr := want.EntityWith(ctx, id, w)
			ge, gx, gerr := got.EntityWith(ctx, id, w)
			wx, gx = untotal(wx, w.Neighbours), untotal(gx, w.Neighbours)
			same(fmt.Sprintf("EntityWith(%s, want %d)", id, i), []any{we, strip(wx)}, []any{ge, strip(gx)}, werr, gerr)
		}
	}
	// the neighbours page after a cursor
	if len(ids) > 0 {
		n := &graph.NeighboursWant{Page: graph.PageArgs{First: 1}, Others: true, Sources: true}
		_, x, err := want.EntityWith(ctx, ids[0], graph.Want{Neighbours: n})
		if err == nil && x.Neighbours[ids[0]].HasNextPage {
			n2 := &graph.NeighboursWant{Page: graph.PageArgs{First: 1, After: x.Neighbours[ids[0]].EndCursor}, Others: true, Sources: true}
			we, wx, werr := want.EntityWith(ctx, ids[0], graph.Want{Neighbours: n2})
			ge, gx, gerr := got.EntityWith(ctx, ids[0], graph.Want{Neighbours: n2})
			wx, gx = untotal(wx, n2), untotal(gx, n2)
			same("EntityWith(second neighbours page)", []any{we, strip(wx)}, []any{ge, strip(gx)}, werr, gerr)
		}
	}
	compareListingAnswers(t, want, got, []graph.Want{wants[0], wants[1], {Flags: []graph.FlagQuery{{}, {AsOf: graph.MustDate("2024")}}, Sanctions: true, TotalCount: true},
		{Bare: true}, {Bare: true, TotalCount: true, Raids: true, Flags: []graph.FlagQuery{{}}},
		{Bare: true, Unmatched: true}, {Unmatched: true, TotalCount: true, Raids: true},
		{Bare: true, Unmatched: true, Uncursored: true}, {Uncursored: true, TotalCount: true, Raids: true}}, same)
}

// compareListingAnswers asks two Answerers for searches (first and second
// pages) and compounds with each of wants; bare items are compared as
// Entity.Bare gives them, and unmatched hits without their Match (a store
// may give more), and uncursored pages without their cursors (a store may
// give them).
func compareListingAnswers(t testing.TB, want, got graph.Answerer, wants []graph.Want, same sameFunc) {
	t.Helper()
	ctx := context.Background()
	strip := func(x graph.Extras) graph.Extras { x.Version = ""; return x }
	bareHits := func(p graph.SearchPage, w graph.Want) graph.SearchPage {
		if w.Uncursored {
			p.Cursors, p.StartCursor, p.EndCursor = []string{}, "", ""
		}
		p.Items = slices.Clone(p.Items)
		for i := range p.Items {
			if w.Bare {
				p.Items[i].Entity = p.Items[i].Entity.Bare()
			}
			if w.Unmatched {
				p.Items[i].Match = ""
			}
		}
		return p
	}
	bareSites := func(p graph.CompoundPage, w graph.Want) graph.CompoundPage {
		if w.Uncursored {
			p.Cursors, p.StartCursor, p.EndCursor = []string{}, "", ""
		}
		if w.Bare {
			p.Items = slices.Clone(p.Items)
			for i := range p.Items {
				p.Items[i] = p.Items[i].Bare()
			}
		}
		return p
	}
	for _, w := range wants {
		for _, text := range []string{"a", "o", "sen"} {
			for _, after := range []bool{false, true} {
				q := graph.SearchQuery{Text: text, PageArgs: graph.PageArgs{First: 3}}
				if after { // the second page, after the first's cursor
					cursored := w
					cursored.Uncursored = false
					first, _, err := want.SearchWith(ctx, q, cursored)
					if err != nil || !first.HasNextPage {
						continue
					}
					q.After = first.EndCursor
				}
				wp, wx, werr := want.SearchWith(ctx, q, w)
				gp, gx, gerr := got.SearchWith(ctx, q, w)
				if !w.TotalCount { // a store may skip the count
					wp.TotalCount, gp.TotalCount = 0, 0
				}
				same(fmt.Sprintf("SearchWith(%s, after %t, %+v)", text, after, w), []any{bareHits(wp, w), strip(wx)}, []any{bareHits(gp, w), strip(gx)}, werr, gerr)
			}
		}
		yes, no := true, false
		for _, f := range []graph.CompoundFilter{{PageArgs: graph.PageArgs{First: 3}}, {Raided: &yes}, {Connected: &no, PageArgs: graph.PageArgs{First: 2}},
			{Connected: &yes, Assessment: graph.AssessmentQuery{MaxHops: 4, Filter: graph.ClaimFilter{MinStatus: graph.StatusReported}}}} {
			wp, wx, werr := want.CompoundsWith(ctx, f, w)
			gp, gx, gerr := got.CompoundsWith(ctx, f, w)
			if !w.TotalCount {
				wp.TotalCount, gp.TotalCount = 0, 0
			}
			same(fmt.Sprintf("CompoundsWith(%+v)", w), []any{bareSites(wp, w), strip(wx)}, []any{bareSites(gp, w), strip(gx)}, werr, gerr)
		}
	}
}

// comparePlaces compares the compounds and raids listings filtered by
// place: for every place of the dataset and each unit containing it, a
// unit holding nothing, and codes that are not codes (an error on both),
// the whole listing, the listing page by page, and (for units down to
// districts) the answerer's listing with raids and the raided and connected
// filters.
func comparePlaces(t testing.TB, d *graph.Dataset, want, got graph.Store, same sameFunc) {
	t.Helper()
	ctx := context.Background()
	codes := []string{"99", "00000000", "7", "123", "x1", "123456789", " 01"}
	units := map[string]bool{}
	add := func(code string) {
		for n := 2; n <= len(code); n += 2 {
			units[code[:n]] = true
		}
	}
	for _, e := range d.Entities {
		add(e.Place)
	}
	for _, r := range d.Raids {
		for _, p := range r.Places {
			add(p)
		}
	}
	var found []string
	for c := range units {
		found = append(found, c)
	}
	slices.Sort(found)
	codes = append(codes, found...)
	aw, ag := graph.Answer(want), graph.Answer(got)
	yes, no := true, false
	for _, code := range codes {
		all := graph.PageArgs{First: graph.MaxPageSize}
		w, werr := want.Compounds(ctx, graph.CompoundFilter{Place: code, PageArgs: all})
		g, gerr := got.Compounds(ctx, graph.CompoundFilter{Place: code, PageArgs: all})
		same(fmt.Sprintf("Compounds(place %q)", code), w, g, werr, gerr)
		wr, werr := want.Raids(ctx, graph.RaidFilter{Place: code, PageArgs: all})
		gr, gerr := got.Raids(ctx, graph.RaidFilter{Place: code, PageArgs: all})
		same(fmt.Sprintf("Raids(place %q)", code), wr, gr, werr, gerr)
		if werr != nil {
			continue
		}
		after := ""
		for page := 0; page < 100; page++ {
			w, werr := want.Compounds(ctx, graph.CompoundFilter{Place: code, PageArgs: graph.PageArgs{First: 2, After: after}})
			g, gerr := got.Compounds(ctx, graph.CompoundFilter{Place: code, PageArgs: graph.PageArgs{First: 2, After: after}})
			same(fmt.Sprintf("Compounds(place %q, page %d)", code, page), w, g, werr, gerr)
			if werr != nil || !w.HasNextPage {
				break
			}
			after = w.EndCursor
		}
		after = ""
		for page := 0; page < 100; page++ {
			w, werr := want.Raids(ctx, graph.RaidFilter{Place: code, PageArgs: graph.PageArgs{First: 2, After: after}})
			g, gerr := got.Raids(ctx, graph.RaidFilter{Place: code, PageArgs: graph.PageArgs{First: 2, After: after}})
			same(fmt.Sprintf("Raids(place %q, page %d)", code, page), w, g, werr, gerr)
			if werr != nil || !w.HasNextPage {
				break
			}
			after = w.EndCursor
		}
		if len(code) > 4 {
			continue
		}
		for _, f := range []graph.CompoundFilter{{Place: code}, {Place: code, Raided: &yes}, {Place: code, Connected: &no},
			{Place: code, Raided: &no, Connected: &yes, Assessment: graph.AssessmentQuery{From: graph.MustDate("2025-07"), To: graph.MustDate("2025-07")}}} {
			wp, wx, werr := aw.CompoundsWith(ctx, f, graph.Want{TotalCount: true, Raids: true})
			gp, gx, gerr := ag.CompoundsWith(ctx, f, graph.Want{TotalCount: true, Raids: true})
			wx.Version, gx.Version = "", ""
			same(fmt.Sprintf("CompoundsWith(%+v)", f), []any{wp, wx}, []any{gp, gx}, werr, gerr)
		}
	}
}
