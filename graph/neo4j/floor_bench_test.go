package neo4j_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/synthetic"
)

// BenchmarkQuestions times the store's answer to each question of the
// benchmark (what the GraphQL layer asks for q1–q4 of ../shared/peerbench)
// beside one hand-written Cypher statement giving the same answer (the
// floor), alternately in the same run, on a synthetic graph of
// PATRONAGE_BENCH_ENTITIES entities (default 10000; the peerbench's full
// run uses 50000), and reports both and their ratio:
//
//	eval "$(scripts/neo4j/neo4j env)"
//	go test -run '^$' -bench Questions -benchtime 200x ./graph/neo4j
func BenchmarkQuestions(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("PATRONAGE_BENCH_ENTITIES")); err == nil && v > 0 {
		n = v
	}
	s, d := syntheticStore(b, n)
	ctx := context.Background()
	q1 := synthetic.Busiest(d)
	cfg := neo4jtest.Config(b)
	drv, err := driver.NewDriverWithContext(cfg.URI, driver.NoAuth())
	if err != nil {
		b.Fatal(err)
	}
	defer drv.Close(ctx)
	floor := func(query string, params map[string]any) func() error {
		return func() error {
			_, err := driver.ExecuteQuery(ctx, drv, query, params, driver.EagerResultTransformer, driver.ExecuteQueryWithReadersRouting())
			return err
		}
	}
	for _, q := range []struct {
		name   string
		answer func() error
		floor  func() error
	}{
		{"q1-entity-20-claims-sources", func() error {
			_, _, err := s.EntityWith(ctx, q1, graph.Want{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 20}, Others: true, Sources: true}})
			return err
		}, floor(floorQ1, map[string]any{"id": q1})},
		{"q2-50-compounds-raids-total", func() error {
			_, _, err := s.CompoundsWith(ctx, graph.CompoundFilter{PageArgs: graph.PageArgs{First: 50}}, graph.Want{TotalCount: true, Raids: true})
			return err
		}, floor(floorQ2, nil)},
		{"q3-search-20", func() error {
			_, _, err := s.SearchWith(ctx, graph.SearchQuery{Text: "kalo", PageArgs: graph.PageArgs{First: 20}}, graph.Want{})
			return err
		}, floor(floorQ3, map[string]any{"text": "kalo"})},
		{"q4-assessment-cells", func() error {
			_, _, err := s.SiteAssessmentWith(ctx, graph.AssessmentQuery{CellsOnly: true, Bare: true})
			return err
		}, floor(floorQ4, nil)},
	} {
		// warm both up: plans compiled and cached, the server's JIT warm
		for range 30 {
			if err := q.answer(); err != nil {
				b.Fatal(err)
			}
			if err := q.floor(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(q.name, func(b *testing.B) {
			var a, f []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := q.answer(); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := q.floor(); err != nil {
					b.Fatal(err)
				}
				a, f = append(a, t1.Sub(t0)), append(f, time.Since(t1))
			}
			ma, mf := median(a), median(f)
			b.ReportMetric(float64(ma.Microseconds())/1000, "answer-p50-ms")
			b.ReportMetric(float64(mf.Microseconds())/1000, "floor-p50-ms")
			b.ReportMetric(float64(ma)/float64(mf), "answer/floor")
		})
	}
}

// The floor: one hand-written statement per question, as
// ../shared/peerbench/go/cmd/floor has them.
const (
	floorQ1 = `MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (e)-[c]-(o:Entity)
  WHERE c.rank >= 3
  WITH c, o ORDER BY c.type, o.id, c.id LIMIT 20
  RETURN collect({direction: CASE WHEN startNode(c) = e THEN 'OUT' ELSE 'IN' END, node: {id: o.id, name: o.name},
                  claim: {id: c.id, type: c.type, status: c.status,
                          sources: COLLECT { UNWIND c.sources AS sid MATCH (s:Source {id: sid}) RETURN {id: s.id, title: s.title} }}}) AS edges
}
RETURN e.id AS id, e.name AS name, edges`
	floorQ2 = `CALL () { MATCH (s:Compound) RETURN count(s) AS total }
CALL () {
  MATCH (s:Compound) WITH s ORDER BY s.id LIMIT 50
  RETURN collect({id: s.id, name: s.name, province: s.province,
                  raids: COLLECT { MATCH (r:Raid)-[:TARGETED]->(s) WITH r ORDER BY r.key RETURN {id: r.id, start: r.start, status: r.status} }}) AS page
}
RETURN total, page`
	floorQ3 = `MATCH (e:Entity) WHERE e.searchText CONTAINS $text
WITH e, reduce(b = 2, f IN e.searchFolded | CASE WHEN f = $text THEN 0 WHEN f STARTS WITH $text AND b > 1 THEN 1 ELSE b END) AS rank
ORDER BY rank, e.nameKey, e.id LIMIT 20
RETURN e.id AS id, e.name AS name`
	floorQ4 = `MATCH (s:Compound)
WITH s,
  EXISTS { MATCH (r:Raid)-[:TARGETED]->(s) WHERE r.rank >= 3 } AS raided,
  EXISTS { MATCH (d:Designation)-[:TARGETS]->(s) WHERE d.rank >= 3 }
  OR EXISTS {
    MATCH p = (s)-[:OWNS|CONTROLS|OWNS_OR_CONTROLS|OFFICER_OF|FOUNDER_OR_CHAIR_OF|FAMILY_OF|ASSOCIATE_OF|ADVISER_TO|OPERATES|PART_OF*1..3]-(t:Entity)
    WHERE all(c IN relationships(p) WHERE c.rank >= 3)
      AND (EXISTS { MATCH (t)-[h:HOLDS_POSITION]->() WHERE h.rank >= 3 }
           OR EXISTS { MATCH (d:Designation)-[:TARGETS]->(t) WHERE d.rank >= 3 })
  } AS connected
WITH raided, connected, s ORDER BY s.id
RETURN raided, connected, count(*) AS sites, collect(s.id) AS ids`
)

var synthOnce struct {
	sync.Mutex
	n int
}

// syntheticStore loads synthetic.Dataset(n, 1) into the test database,
// unless it already holds it (the load is then a no-op).
func syntheticStore(b *testing.B, n int) (*neo4j.Store, *graph.Dataset) {
	b.Helper()
	synthOnce.Lock()
	defer synthOnce.Unlock()
	s := neo4jtest.Open(b)
	d := synthetic.Dataset(n, 1)
	rep, err := s.Load(context.Background(), d, neo4j.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if !rep.Unchanged {
		b.Logf("loaded %d entities, %d claims in %s (fresh %v)", len(d.Entities), len(d.Claims), rep.Elapsed, rep.Fresh)
	}
	return s, d
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
