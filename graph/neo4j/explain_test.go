package neo4j_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/storetest"
)

// scansAllowed are the read statements that may scan a label, and which:
// those that must look at every node of the label whatever the question.
// Any other scan — or any all-nodes scan — fails TestIndexUse: a statement
// that looks records up by id or key must seek an index.
var scansAllowed = map[string][]string{
	"site assessment": {"Compound"}, // every site is assessed
	"all entities":    {"Entity"},   // the name index is built from every entity, once, at start
	"statements":      {"Statement"},
	"raids":           {"Raid"}, // a window or province filter reads every raid's dates or provinces
}

// TestIndexUse runs every kind of question on the seeds loaded into Neo4j
// (the whole storetest.Compare suite, the answerer's questions with every
// kind of want and filter), records each distinct read statement the store
// sends, EXPLAINs it with the parameters it was sent with, and fails on a
// label scan or all-nodes scan where an index seek applies.
func TestIndexUse(t *testing.T) {
	c := neo4jtest.Config(t)
	neo4jtest.Lock(t, c)
	seen := &sentStatements{seen: map[string]sent{}}
	c.Trace = seen.trace
	ctx := context.Background()
	s, err := neo4j.Open(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	neo4jtest.Clear(t)
	d := realSeeds(t)
	if _, err := s.Load(ctx, d, neo4j.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Compare(t, d, mem, s)
	askUncompared(t, s, d)
	explainSent(t, c.URI, seen.seen)
}

// sent is a read statement's operation and the parameters it was first sent
// with.
type sent struct {
	op     string
	params map[string]any
}

// sentStatements records each distinct read statement a store sends, as
// its Config.Trace.
type sentStatements struct {
	mu   sync.Mutex
	seen map[string]sent // statement → how it was first sent
}

func (s *sentStatements) trace(op, query string, params map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[query]; !ok {
		s.seen[query] = sent{op, params}
	}
}

// askUncompared asks s the questions, and with the filters, that
// storetest.Compare does not use.
func askUncompared(t *testing.T, s *neo4j.Store, d *graph.Dataset) {
	ctx := context.Background()
	yes := true
	for _, f := range []graph.CompoundFilter{{Province: "Oddar Meanchey"}, {Status: graph.SiteClosed}, {Connected: &yes},
		{Raided: &yes, Assessment: graph.AssessmentQuery{From: graph.MustDate("2025-07"), Filter: graph.ClaimFilter{AsOf: graph.MustDate("2025")}}}} {
		if _, _, err := s.CompoundsWith(ctx, f, graph.Want{TotalCount: true, Raids: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []graph.RaidFilter{{Site: "C_OSMACH"}, {Province: "Banteay Meanchey"}, {From: graph.MustDate("2025-07"), To: graph.MustDate("2025-08")}} {
		if _, err := s.Raids(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []graph.AssessmentQuery{{CellsOnly: true}, {CellsOnly: true, Bare: true, From: graph.MustDate("2025")}, {Filter: graph.ClaimFilter{AsOf: graph.MustDate("2025")}}} {
		if _, _, err := s.SiteAssessmentWith(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []graph.Direction{graph.DirectionIn, graph.DirectionOut} {
		if _, err := s.Paths(ctx, graph.PathQuery{From: "C_OSMACH", To: "P_HUNMANET", Filter: graph.ClaimFilter{Direction: dir}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Sources(ctx, []string{d.Sources[0].ID, d.Sources[1].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Version(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
}

// explainSent EXPLAINs every statement seen, on the Neo4j at uri, with the
// parameters it was sent with; it fails on a scan where an index seek
// applies, and on an operation no statement of which was seen.
func explainSent(t *testing.T, uri string, seen map[string]sent) {
	ctx := context.Background()
	drv, err := driver.NewDriverWithContext(uri, driver.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	queries := make([]string, 0, len(seen))
	for q := range seen {
		queries = append(queries, q)
	}
	sort.Strings(queries)
	ops := map[string]bool{}
	for _, q := range queries {
		st := seen[q]
		ops[st.op] = true
		ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
		res, err := driver.ExecuteQuery(ectx, drv, "EXPLAIN "+q, st.params, driver.EagerResultTransformer, driver.ExecuteQueryWithReadersRouting())
		cancel()
		if err != nil {
			t.Errorf("EXPLAIN %s: %v", st.op, err)
			continue
		}
		for _, scan := range scans(res.Summary.Plan()) {
			if !allowed(st.op, scan) {
				t.Errorf("%s: %s where an index seek applies\n%s", st.op, scan, q)
			}
		}
	}
	t.Logf("%d distinct statements of %d operations explained", len(queries), len(ops))
	for _, op := range []string{"entity", "entities", "search", "compounds", "raids", "raids on", "site assessment", "paths", "flags", "raids of a site",
		"designations", "edges", "sources", "list sources", "statements", "version", "stats"} {
		if !ops[op] {
			t.Errorf("no %q statement was explained: the workload does not cover it", op)
		}
	}
}

// scans lists the label and all-nodes scans of a plan, as "Operator on
// details".
func scans(p driver.Plan) []string {
	if p == nil {
		return nil
	}
	var out []string
	op := strings.SplitN(p.Operator(), "@", 2)[0]
	if strings.Contains(op, "AllNodesScan") || strings.Contains(op, "NodeByLabelScan") {
		out = append(out, fmt.Sprintf("%s on %v", op, p.Arguments()["Details"]))
	}
	for _, c := range p.Children() {
		out = append(out, scans(c)...)
	}
	return out
}

func allowed(op, scan string) bool {
	if !strings.HasPrefix(scan, "NodeByLabelScan") {
		return false
	}
	for _, l := range scansAllowed[op] {
		if strings.HasSuffix(scan, ":"+l) {
			return true
		}
	}
	return false
}
