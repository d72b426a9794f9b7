package neo4j_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/seeds"
)

// testLogger routes the store's logs to the test.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tlog struct{ t *testing.T }

func (w tlog) Write(p []byte) (int, error) { w.t.Helper(); w.t.Log(string(p)); return len(p), nil }

// load clears the test database and loads d into it.
func load(t *testing.T, d *graph.Dataset) *neo4j.Store {
	t.Helper()
	s := neo4jtest.Open(t)
	neo4jtest.Clear(t)
	if _, err := s.Load(context.Background(), d, neo4j.LoadOptions{}); err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func realSeeds(t testing.TB) *graph.Dataset {
	t.Helper()
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	return d
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, d *graph.Dataset) graph.Store { return load(t, d) })
}

// TestCompareFixture asks both stores every question of storetest.Compare
// on the fixture.
func TestCompareFixture(t *testing.T) {
	d := storetest.Fixture()
	want, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Compare(t, d, want, load(t, d))
}

// TestCompareSeeds loads the curated seeds into Neo4j and demands the
// memory store's answers, question by question.
func TestCompareSeeds(t *testing.T) {
	d := realSeeds(t)
	want, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	got := load(t, d)
	storetest.Compare(t, d, want, got)
	compareMore(t, d, want, got)
}

// compareMore asks what Compare does not: paths in every direction and
// under filters between every compound and every target, searches for
// every alias, kinds, province and status filters, and raid filters.
func compareMore(t *testing.T, d *graph.Dataset, want, got graph.Store) {
	t.Helper()
	comparePaths(t, want, got)
	compareSearches(t, d, want, got)
	compareListings(t, d, want, got)
}

// sameAnswer fails unless both stores gave the same answer to what: the
// same error (ErrNotFound or not), or canonically equal results.
func sameAnswer(t *testing.T, what string, w, g any, werr, gerr error) {
	t.Helper()
	if (werr == nil) != (gerr == nil) || (werr != nil && errors.Is(werr, graph.ErrNotFound) != errors.Is(gerr, graph.ErrNotFound)) {
		t.Errorf("%s: errors differ: want %v, got %v", what, werr, gerr)
		return
	}
	if cw, cg := storetest.Canonical(w), storetest.Canonical(g); cw != cg {
		t.Errorf("%s differs:\nwant %s\n got %s", what, cw, cg)
	}
}

// comparePaths compares paths in every direction and under filters between
// every compound and the end of each of its evidence paths, and site
// assessments under other limits and filters.
func comparePaths(t *testing.T, want, got graph.Store) {
	t.Helper()
	ctx := context.Background()
	a, err := want.SiteAssessment(ctx, graph.AssessmentQuery{MaxHops: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range a.Sites() {
		for _, ev := range row.Evidence {
			for _, q := range []graph.PathQuery{
				{From: row.Site.ID, To: ev.Path.End(), MaxHops: 5, Limit: 3},
				{From: ev.Path.End(), To: row.Site.ID, MaxHops: 4, Filter: graph.ClaimFilter{Direction: graph.DirectionOut}},
				{From: ev.Path.End(), To: row.Site.ID, MaxHops: 4, Filter: graph.ClaimFilter{Direction: graph.DirectionIn, MinStatus: graph.StatusDenied}},
				{From: row.Site.ID, To: ev.Path.End(), Filter: graph.ClaimFilter{AsOf: graph.MustDate("2023"), Types: graph.ConnectionTypes()}},
			} {
				w, werr := want.Paths(ctx, q)
				g, gerr := got.Paths(ctx, q)
				sameAnswer(t, "Paths", w, g, werr, gerr)
			}
		}
	}
	for _, q := range []graph.AssessmentQuery{{MaxHops: 6, PathsPerSite: 2}, {MaxHops: 1},
		{Filter: graph.ClaimFilter{MinStatus: graph.StatusDenied, AsOf: graph.MustDate("2025-07-15")}, From: graph.MustDate("2025")}} {
		w, werr := want.SiteAssessment(ctx, q)
		g, gerr := got.SiteAssessment(ctx, q)
		sameAnswer(t, "SiteAssessment", w, g, werr, gerr)
	}
}

// compareSearches compares searches for every alias, with its kind, and
// short searches page by page.
func compareSearches(t *testing.T, d *graph.Dataset, want, got graph.Store) {
	t.Helper()
	ctx := context.Background()
	for _, e := range d.Entities {
		for _, text := range e.Aliases {
			q := graph.SearchQuery{Text: text, Kinds: []graph.Kind{e.Kind, graph.KindDocument}}
			w, werr := want.Search(ctx, q)
			g, gerr := got.Search(ctx, q)
			sameAnswer(t, "Search("+text+")", w, g, werr, gerr)
		}
	}
	for _, text := range []string{"a", "hun", "park", "ly", "cambodia", "国际", "!!"} {
		after := ""
		for range 20 {
			q := graph.SearchQuery{Text: text, PageArgs: graph.PageArgs{First: 7, After: after}}
			w, werr := want.Search(ctx, q)
			g, gerr := got.Search(ctx, q)
			sameAnswer(t, "Search("+text+") page", w, g, werr, gerr)
			if werr != nil || !w.HasNextPage {
				break
			}
			after = w.EndCursor
		}
	}
}

// compareListings compares compounds under province, status, connection
// and raid filters, raids under their filters, every source, and the
// version.
func compareListings(t *testing.T, d *graph.Dataset, want, got graph.Store) {
	t.Helper()
	ctx := context.Background()
	yes, no := true, false
	for _, f := range []graph.CompoundFilter{
		{Connected: &yes}, {Connected: &no, Raided: &yes}, {Connected: &yes, Assessment: graph.AssessmentQuery{MaxHops: 5, Filter: graph.ClaimFilter{MinStatus: graph.StatusReported}}},
		{Province: "phnom penh"}, {Province: "Preah Sihanouk", Connected: &yes}, {Status: graph.SiteClosed}, {Status: graph.SiteUnknown},
		{Raided: &no, Assessment: graph.AssessmentQuery{From: graph.MustDate("2025-07"), To: graph.MustDate("2025-07")}},
	} {
		f.First = 100
		w, werr := want.Compounds(ctx, f)
		g, gerr := got.Compounds(ctx, f)
		sameAnswer(t, "Compounds", w, g, werr, gerr)
	}
	for _, f := range []graph.RaidFilter{{Province: "phnom penh"}, {From: graph.MustDate("2025-07"), To: graph.MustDate("2025-07-20")}, {Site: "RS_TK128"}, {From: graph.MustDate("2025-08")}} {
		f.First = 100
		w, werr := want.Raids(ctx, f)
		g, gerr := got.Raids(ctx, f)
		sameAnswer(t, "Raids", w, g, werr, gerr)
	}
	for _, src := range d.Sources {
		w, werr := graph.SourceByID(ctx, want, src.ID)
		g, gerr := graph.SourceByID(ctx, got, src.ID)
		sameAnswer(t, "Source", w, g, werr, gerr)
	}
	wv, werr := want.Version(ctx)
	gv, gerr := got.Version(ctx)
	sameAnswer(t, "Version", wv, gv, werr, gerr)
}

// TestInjection passes Cypher as data: search text, ids, cursors and
// filters are parameters, so nothing runs and nothing is deleted.
func TestInjection(t *testing.T) {
	s := load(t, storetest.Fixture())
	ctx := context.Background()
	nodes, rels := neo4jtest.Counts(t)
	evil := []string{
		`x' }) MATCH (n) DETACH DELETE n //`,
		`"}) MATCH (n) DETACH DELETE n RETURN 1 AS x //`,
		"`) MATCH (n) DETACH DELETE n //",
		`\' MATCH (n) DETACH DELETE n`,
		`Alpha'; MATCH (n) DETACH DELETE n; '`,
	}
	for _, text := range evil {
		if p, err := s.Search(ctx, graph.SearchQuery{Text: text}); err != nil || len(p.Items) != 0 {
			t.Errorf("Search(%q) = %d hits, %v; want none and no error", text, len(p.Items), err)
		}
		if _, err := graph.EntityByID(ctx, s, text); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Entity(%q) error = %v, want ErrNotFound", text, err)
		}
		if _, err := graph.Neighbours(ctx, s, text, graph.ClaimFilter{}, graph.PageArgs{After: graph.RelationshipsOf(text).Cursor("owns\x00" + text + "\x00" + text)}); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Neighbours(%q) error = %v, want ErrNotFound", text, err)
		}
		if _, err := s.Compounds(ctx, graph.CompoundFilter{Province: text, PageArgs: graph.PageArgs{After: graph.ListCompounds.Cursor(text)}}); err != nil {
			t.Errorf("Compounds(province %q): %v", text, err)
		}
		if _, err := s.Raids(ctx, graph.RaidFilter{Site: text, Province: text}); err != nil {
			t.Errorf("Raids(site %q): %v", text, err)
		}
		if _, err := s.Paths(ctx, graph.PathQuery{From: "P_SEN", To: text}); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Paths(to %q) error = %v, want ErrNotFound", text, err)
		}
		if _, err := s.Entities(ctx, []string{text, "P_SEN"}); err != nil {
			t.Errorf("Entities: %v", err)
		}
	}
	// a name that is itself a Cypher payload is found as data
	if p, err := s.Search(ctx, graph.SearchQuery{Text: "alpha' OR 1=1 //"}); err != nil || len(p.Items) != 0 {
		t.Errorf("Search = %+v, %v", p.Items, err)
	}
	if n, r := neo4jtest.Counts(t); n != nodes || r != rels {
		t.Errorf("after injection attempts: %d nodes, %d relationships; want %d and %d", n, r, nodes, rels)
	}
	if e, err := graph.EntityByID(ctx, s, "P_SEN"); err != nil || e.Name != "Ōkna Alpha Senator" {
		t.Errorf("Entity(P_SEN) = %+v, %v", e, err)
	}
}

// TestInjectionInData loads names and notes holding Cypher and finds them
// back verbatim.
func TestInjectionInData(t *testing.T) {
	d := storetest.Fixture()
	payload := `Evil" }) MATCH (n) DETACH DELETE n WITH 1 AS x MATCH (m {name: 'x'`
	d.Entities[1].Name = payload
	d.Entities[1].Aliases = []string{`'); DROP CONSTRAINT entity_id; //`}
	d.Claims[1].Note = "`OWNS` ]->() DETACH DELETE n"
	s := load(t, d)
	ctx := context.Background()
	e, err := graph.EntityByID(ctx, s, d.Entities[1].ID)
	if err != nil || e.Name != payload || e.Aliases[0] != d.Entities[1].Aliases[0] {
		t.Fatalf("Entity = %+v, %v", e, err)
	}
	p, err := s.Search(ctx, graph.SearchQuery{Text: "DETACH DELETE"})
	if err != nil || len(p.Items) != 1 || p.Items[0].Match != payload {
		t.Errorf("Search(DETACH DELETE) = %+v, %v", p.Items, err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Entities != len(d.Entities) || st.Claims != len(d.Claims) {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}

// TestUnavailable: with no server behind the address, calls fail fast with
// graph.ErrUnavailable (Version is what /readyz calls).
func TestUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	ctx := context.Background()
	if _, err := neo4j.Open(ctx, neo4j.Config{URI: "bolt://" + addr}); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	s, err := neo4j.Open(ctx, neo4j.Config{URI: "bolt://" + addr, Lazy: true, ReadyTimeout: time.Second, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	start := time.Now()
	if _, err := s.Version(ctx); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Version error = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Version took %s to fail, want about the 1s ready timeout", d)
	}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := graph.EntityByID(qctx, s, "P_SEN"); errors.Is(err, graph.ErrNotFound) || err == nil {
		t.Errorf("Entity error = %v, want a failure", err)
	}
	if _, err := neo4j.Open(ctx, neo4j.Config{URI: "http://" + addr}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Open(http://) error = %v, want ErrInvalid", err)
	}
}

// TestVersion: nothing loaded, then loaded, then a load interrupted.
func TestVersion(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Clear(t)
	ctx := context.Background()
	if _, err := s.Version(ctx); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Version on an empty database: %v, want ErrUnavailable", err)
	}
	d := storetest.Fixture()
	if _, err := s.Load(ctx, d, neo4j.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Version(ctx); v != "fixture" || err != nil {
		t.Errorf("Version = %q, %v; want fixture", v, err)
	}
	d2 := storetest.Fixture()
	d2.Version = "fixture-2"
	cctx, cancel := context.WithCancel(ctx)
	_, err := s.Load(cctx, d2, neo4j.LoadOptions{BatchSize: 2, Progress: func(string, int, int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: %v, want context.Canceled", err)
	}
	if _, err := s.Version(ctx); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Version after an interrupted load: %v, want ErrUnavailable", err)
	}
}

// TestCompareDense compares the stores on a small made-up graph that is
// dense (hundreds of evidence paths, ties, parallel claims, every status,
// dated claims), with seeded randomness.
func TestCompareDense(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		d := dense(seed)
		if err := d.Check(nil); err != nil {
			t.Fatalf("dense(%d): %v", seed, err)
		}
		want, err := memory.New(d)
		if err != nil {
			t.Fatal(err)
		}
		got := load(t, d)
		a, err := want.SiteAssessment(context.Background(), graph.AssessmentQuery{MaxHops: 4, PathsPerSite: 1000})
		if err != nil {
			t.Fatal(err)
		}
		paths := 0
		for _, r := range a.Sites() {
			paths += len(r.Evidence)
		}
		t.Logf("seed %d: %d sites, %d connected, %d evidence paths within 4 hops", seed, len(a.Sites()), len(a.RaidedConnected)+len(a.UnraidedConnected), paths)
		storetest.Compare(t, d, want, got)
		compareMore(t, d, want, got)
	}
}

// dense makes a FICTIONAL dataset of 40 entities and 140 random claims.
func dense(seed uint64) *graph.Dataset {
	r := rand.New(rand.NewPCG(seed, 42))
	d := &graph.Dataset{Version: fmt.Sprintf("dense-%d", seed), Sources: []graph.Source{{ID: "S_DENSE", Kind: graph.SourceNews, Title: "made-up test data", URL: "https://example.invalid/dense"}}}
	people := denseEntities(d, r, "P_", graph.KindPerson, 14)
	orgs := denseEntities(d, r, "O_", graph.KindOrganization, 10)
	sites := denseEntities(d, r, "C_", graph.KindCompound, 12)
	positions := denseEntities(d, r, "POS_", graph.KindPosition, 3)
	d.Entities = append(d.Entities, graph.Entity{ID: "G_GOV", Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: "Dense Office"})
	dates := []string{"", "", "2019", "2021-06", "2023-12-31", "2025"}
	statuses := graph.ClaimStatuses()
	denseClaims(d, r, dates, people, orgs, sites, positions)
	for i, target := range []string{pick(r, orgs), pick(r, people), pick(r, sites), pick(r, orgs)} {
		d.Designations = append(d.Designations, graph.Designation{ID: fmt.Sprintf("D_%d", i), Target: target, Authority: "G_GOV", Program: "DENSE",
			Date: graph.MustDate(dates[2+r.IntN(4)]), Status: statuses[2+r.IntN(3)], Sources: []string{"S_DENSE"}})
	}
	for i := range 8 {
		d.Raids = append(d.Raids, graph.Raid{ID: fmt.Sprintf("R_%d", i), Period: graph.Period{Start: graph.MustDate(dates[2+r.IntN(4)])}, Provinces: []string{"Dense"},
			Site: pick(r, sites), Accounts: []graph.RaidAccount{{Status: statuses[r.IntN(len(statuses))], Sources: []string{"S_DENSE"}}}})
	}
	densePlaces(d, seed)
	return d
}

// pick draws one of l.
func pick(r *rand.Rand, l []string) string { return l[r.IntN(len(l))] }

// denseEntities adds n entities of kind k to d, with ids prefix00,
// prefix01 …, some with aliases, and returns their ids.
func denseEntities(d *graph.Dataset, r *rand.Rand, prefix string, k graph.Kind, n int) []string {
	var list []string
	for i := range n {
		e := graph.Entity{ID: fmt.Sprintf("%s%02d", prefix, i), Kind: k, Name: fmt.Sprintf("Dense %s %d", k, i%7)}
		if k == graph.KindOrganization {
			e.OrgKind = graph.OrgCompany
		}
		if r.IntN(3) == 0 {
			e.Aliases = []string{fmt.Sprintf("Alias %d", r.IntN(5)), "Dense"}
		}
		d.Entities = append(d.Entities, e)
		list = append(list, e.ID)
	}
	return list
}

// denseClaims adds claims to d, of every type between entities of the kinds
// it may link, until it has 140: random statuses, some dated (from dates,
// where "" is none).
func denseClaims(d *graph.Dataset, r *rand.Rand, dates, people, orgs, sites, positions []string) {
	statuses := graph.ClaimStatuses()
	shapes := []struct {
		t        graph.RelType
		from, to [][]string
	}{
		{graph.RelOwns, [][]string{people, orgs}, [][]string{orgs, sites}},
		{graph.RelControls, [][]string{people, orgs}, [][]string{orgs, sites}},
		{graph.RelOperates, [][]string{people, orgs}, [][]string{sites}},
		{graph.RelPartOf, [][]string{orgs, sites}, [][]string{orgs}},
		{graph.RelFamilyOf, [][]string{people}, [][]string{people}},
		{graph.RelAssociateOf, [][]string{people, orgs}, [][]string{people}},
		{graph.RelAdviserTo, [][]string{people}, [][]string{people, orgs}},
		{graph.RelOfficerOf, [][]string{people}, [][]string{orgs, sites}},
		{graph.RelLinkedTo, [][]string{people, orgs, sites}, [][]string{people, orgs, sites}},
		{graph.RelHoldsPosition, [][]string{people}, [][]string{positions}},
	}
	for i := 0; len(d.Claims) < 140; i++ {
		sh := shapes[r.IntN(len(shapes))]
		from, to := pick(r, sh.from[r.IntN(len(sh.from))]), pick(r, sh.to[r.IntN(len(sh.to))])
		if from == to {
			continue
		}
		c := graph.Claim{ID: fmt.Sprintf("CL_%03d", r.IntN(900)+100) + fmt.Sprintf("_%d", i), Type: sh.t, From: from, To: to,
			Status: statuses[r.IntN(len(statuses))], Sources: []string{"S_DENSE"}}
		if sh.t == graph.RelHoldsPosition && r.IntN(2) == 0 {
			c.Status = graph.StatusOfficialRecord
		}
		start, end := graph.MustDate(dates[r.IntN(len(dates))]), graph.MustDate(dates[r.IntN(len(dates))])
		if !start.IsZero() && (end.IsZero() || end.Last().Ordinal() >= start.First().Ordinal()) {
			c.Start, c.End = start, end
		}
		d.Claims = append(d.Claims, c)
	}
}

// densePlaces places d's compounds and organizations, and its raids, at
// every level, nested and not, from a source of randomness of their own (so
// the graph dense makes stays what it was): real gazetteer codes.
func densePlaces(d *graph.Dataset, seed uint64) {
	pr := rand.New(rand.NewPCG(seed, 11))
	codes := []string{"", "07", "0707", "0708", "070801", "070702", "07070201", "08", "0811", "081101", "23", "2302"}
	for i := range d.Entities {
		if e := &d.Entities[i]; e.Kind == graph.KindCompound || e.Kind == graph.KindOrganization {
			e.Place = codes[pr.IntN(len(codes))]
		}
	}
	for i := range d.Raids {
		for range pr.IntN(3) + 1 {
			if c := codes[1+pr.IntN(len(codes)-1)]; !slices.Contains(d.Raids[i].Places, c) {
				d.Raids[i].Places = append(d.Raids[i].Places, c)
			}
		}
	}
}
