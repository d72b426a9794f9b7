package neo4j_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/storetest"
)

// freshDump is the dump of an empty database after one load of d.
func freshDump(t *testing.T, s *neo4j.Store, d *graph.Dataset) string {
	t.Helper()
	neo4jtest.Clear(t)
	rep, err := s.Load(context.Background(), d, neo4j.LoadOptions{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !rep.Fresh {
		t.Errorf("a load into an empty database did not take the fresh path")
	}
	return neo4jtest.Dump(t)
}

func sameDump(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var extra, missing []string
	for _, l := range g {
		if !slices.Contains(w, l) {
			extra = append(extra, l)
		}
	}
	for _, l := range w {
		if !slices.Contains(g, l) {
			missing = append(missing, l)
		}
	}
	t.Errorf("%s: the graph differs from a fresh load (%d vs %d lines)\nextra:\n%s\nmissing:\n%s", what, len(g), len(w),
		strings.Join(extra[:min(len(extra), 10)], "\n"), strings.Join(missing[:min(len(missing), 10)], "\n"))
}

func TestLoadTwice(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	d := realSeeds(t)
	want := freshDump(t, s, d)
	wantStats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wantStats != (graph.Stats{Entities: len(d.Entities), Claims: len(d.Claims), Raids: len(d.Raids), Designations: len(d.Designations), Sources: len(d.Sources), Statements: len(d.Statements)}) {
		t.Errorf("Stats = %+v, want the dataset's counts", wantStats)
	}
	rep, err := s.Load(ctx, d, neo4j.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counters.Changed() || !rep.Unchanged || rep.Batches != 0 {
		t.Errorf("second load: %s, %d batches, unchanged %v; want nothing written", rep.Counters, rep.Batches, rep.Unchanged)
	}
	sameDump(t, "second load", neo4jtest.Dump(t), want)
	// the same records merged into a database that already holds data (the
	// fixture) as created into an empty one
	neo4jtest.Clear(t)
	if _, err := s.Load(ctx, storetest.Fixture(), neo4j.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if rep, err = s.Load(ctx, d, neo4j.LoadOptions{BatchSize: 13}); err != nil || rep.Fresh {
		t.Fatalf("load over the fixture: fresh %v, %v", rep.Fresh, err)
	}
	sameDump(t, "merged over another dataset", neo4jtest.Dump(t), want)
	// nodes written by several workers at once: the same graph
	neo4jtest.Clear(t)
	if rep, err = s.Load(ctx, d, neo4j.LoadOptions{BatchSize: 7, Workers: 3}); err != nil || !rep.Fresh {
		t.Fatalf("fresh load with 3 workers: fresh %v, %v", rep.Fresh, err)
	}
	sameDump(t, "fresh load with 3 workers", neo4jtest.Dump(t), want)
	if st, _ := s.Stats(ctx); st != wantStats {
		t.Errorf("Stats after the second load = %+v, want %+v", st, wantStats)
	}
	// forced: everything rewritten, nothing different
	rep, err = s.Load(ctx, d, neo4j.LoadOptions{Force: true, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counters.PropertiesSet == 0 || rep.Counters.NodesCreated+rep.Counters.RelationshipsCreated+rep.Counters.NodesDeleted+rep.Counters.RelationshipsDeleted != 0 {
		t.Errorf("forced load: %s; want properties rewritten, nothing created or deleted", rep.Counters)
	}
	sameDump(t, "forced load", neo4jtest.Dump(t), want)
}

// TestLoadInterrupted kills loads at different points (cancelling the
// context after n batches), over an empty database and over another
// dataset, then loads again: the result must be a fresh load's.
func TestLoadInterrupted(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	d := realSeeds(t)
	want := freshDump(t, s, d)
	for _, tc := range []struct {
		name   string
		before *graph.Dataset // loaded first; nil: empty database
		after  int            // batches before the kill; -1: after the last; -2: after two sweep batches
		force  bool           // rewrite even an unchanged dataset (else a reload of it writes nothing)
	}{
		{"empty, first batch", nil, 1, false},
		{"empty, mid claims", nil, 12, false},
		{"empty, after the last batch", nil, -1, false},
		{"over the fixture, mid entities", storetest.Fixture(), 4, false},
		{"over the fixture, mid sweep", storetest.Fixture(), -2, false},
		{"over the same seeds, forced, mid load", d, 9, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			neo4jtest.Clear(t)
			if tc.before != nil {
				if _, err := s.Load(ctx, tc.before, neo4j.LoadOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			batches, sweeps := 0, 0
			_, err := s.Load(cctx, d, neo4j.LoadOptions{BatchSize: 5, Force: tc.force, Progress: func(step string, done, total int) {
				batches++
				if step == "sweep" {
					sweeps++
				}
				switch {
				case tc.after > 0 && batches >= tc.after,
					tc.after == -1 && step == "statements" && done == total,
					tc.after == -2 && sweeps == 2:
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted load: %v, want context.Canceled", err)
			}
			if _, err := s.Version(ctx); !errors.Is(err, graph.ErrUnavailable) {
				t.Errorf("Version after the interruption: %v, want ErrUnavailable", err)
			}
			rep, err := s.Load(ctx, d, neo4j.LoadOptions{BatchSize: 11})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("rerun after %d batches: %s", batches, rep.Counters)
			sameDump(t, "interrupted then complete", neo4jtest.Dump(t), want)
			if v, err := s.Version(ctx); err != nil || v != d.Version {
				t.Errorf("Version = %q, %v; want %q", v, err, d.Version)
			}
		})
	}
}

// TestLoadRemovesStale: a reload of a changed dataset deletes what is no
// longer in it and moves what moved.
func TestLoadRemovesStale(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	full := storetest.Fixture()
	full.Entities = append(full.Entities, graph.Entity{ID: "X_SHIFTY", Kind: graph.KindPerson, Name: "Shifty Kind", Aliases: []string{"S. Kind"}})
	changed := storetest.Fixture()
	changed.Version = "fixture, changed"
	// X_SHIFTY changes kind and loses its aliases; CL_14 goes; CL_05 moves
	// (P_ADV owns C_A); CL_12 loses its note; R_FX_2 hits another site;
	// R_FX_5 goes; D_FX_1 cites another source; every statement goes.
	changed.Entities = append(changed.Entities, graph.Entity{ID: "X_SHIFTY", Kind: graph.KindDocument, Name: "Shifty Kind"})
	changed.Claims = slices.DeleteFunc(changed.Claims, func(c graph.Claim) bool { return c.ID == "CL_14" })
	changed.Claims[4].From = "P_ADV"
	changed.Claims[11].Note = ""
	changed.Raids[1].Site = "C_B"
	changed.Raids = changed.Raids[:4]
	changed.Designations[0].Sources = []string{"S_FX_NEWS"}
	changed.Statements = nil
	want := freshDump(t, s, changed)

	neo4jtest.Clear(t)
	if _, err := s.Load(ctx, full, neo4j.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Load(ctx, changed, neo4j.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reload: %s", rep.Counters)
	if rep.Counters.NodesDeleted != 2 || rep.Counters.LabelsRemoved != 1 {
		t.Errorf("reload: %s; want 2 nodes deleted (R_FX_5, ST_FX_1) and 1 label removed (Person)", rep.Counters)
	}
	sameDump(t, "changed dataset", neo4jtest.Dump(t), want)
	a, err := s.SiteAssessment(ctx, graph.AssessmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range a.Sites() {
		if r.Site.ID == "C_A" && (len(r.Evidence) == 0 || r.Evidence[0].Path.Hops[0].To != "P_ADV") {
			t.Errorf("C_A evidence = %+v, want through P_ADV", r.Evidence)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	bad := storetest.Fixture()
	bad.Claims[0].From = "NOPE"
	if _, err := s.Load(ctx, bad, neo4j.LoadOptions{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Load of a broken dataset: %v, want ErrInvalid", err)
	}
	odd := storetest.Fixture()
	odd.Sources[0].ID = "S_\U0001F600"
	for i := range odd.Claims {
		for j, src := range odd.Claims[i].Sources {
			if src == "S_FX_GAZETTE" {
				odd.Claims[i].Sources[j] = odd.Sources[0].ID
			}
		}
	}
	for i := range odd.Designations {
		odd.Designations[i].Sources = []string{"S_FX_NEWS"}
	}
	if err := odd.Check(nil); err != nil {
		t.Fatalf("test dataset: %v", err)
	}
	if _, err := s.Load(ctx, odd, neo4j.LoadOptions{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Load with an id Neo4j orders differently: %v, want ErrInvalid", err)
	}
}

// TestLoadFormat: a database written in another format (a property the
// reads rely on may be missing) answers nothing, says to load again, and a
// load rewrites it even when the dataset is unchanged.
func TestLoadFormat(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	d := realSeeds(t)
	want := freshDump(t, s, d)
	// as an older loader left it: no search order, another format
	neo4jtest.Query(t, `MATCH (m:Dataset {key: 'current'}) SET m.format = 'older'`, nil)
	neo4jtest.Query(t, `MATCH (e:Entity) REMOVE e.searchOrd`, nil)
	if _, err := s.Version(ctx); !errors.Is(err, graph.ErrUnavailable) || !strings.Contains(err.Error(), `format "older"`) {
		t.Errorf("Version over an older format: %v; want ErrUnavailable naming the format", err)
	}
	if _, err := s.Search(ctx, graph.SearchQuery{Text: "hun"}); !errors.Is(err, graph.ErrUnavailable) || !strings.Contains(err.Error(), "run patronage load again") {
		t.Errorf("Search over an older format: %v; want ErrUnavailable saying to load again", err)
	}
	rep, err := s.Load(ctx, d, neo4j.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged || rep.Fresh {
		t.Errorf("load over an older format: unchanged %v, fresh %v; want a rewrite", rep.Unchanged, rep.Fresh)
	}
	sameDump(t, "load over an older format", neo4jtest.Dump(t), want)
	if v, err := s.Version(ctx); err != nil || v != d.Version {
		t.Errorf("Version after the load = %q, %v; want %q", v, err, d.Version)
	}
}
