package neo4j_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/storetest"
)

// TestPlaceNodes loads the seeds and checks the gazetteer in the graph:
// every province, district and commune and exactly the villages a record is
// placed in, with their names in both scripts; a point on each province
// that has a Natural Earth label point and on nothing else; each unit
// WITHIN its parent only; and a PLACED_IN link from every compound,
// organization and raid to the unit of each of its places, and no other.
func TestPlaceNodes(t *testing.T) {
	t.Run("seeds", func(t *testing.T) { checkPlaceNodes(t, realSeeds(t)) })
	// the seeds place nothing in a village; the fixture does
	t.Run("finer fixture", func(t *testing.T) { checkPlaceNodes(t, storetest.FinerPlacesFixture()) })
}

func checkPlaceNodes(t *testing.T, d *graph.Dataset) {
	s := load(t, d)
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	villages, placed := placedRecords(d)
	if len(placed) == 0 {
		t.Fatal("the dataset places no record")
	}
	checkPlaceLevels(t, g, villages)
	checkPlaceProperties(t, g, villages)
	checkPlacedIn(t, placed)
	// the gazetteer links are no claims
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Claims != len(d.Claims) {
		t.Errorf("Stats.Claims = %d, want %d: gazetteer links counted as claims", st.Claims, len(d.Claims))
	}
}

// placedRecords gives the villages the dataset's records are placed in, and
// each placed record's place codes by its id.
func placedRecords(d *graph.Dataset) (villages map[string]bool, placed map[string][]string) {
	villages = map[string]bool{}
	placed = map[string][]string{} // record id → its place codes
	for _, e := range d.Entities {
		if e.Place != "" {
			placed[e.ID] = []string{e.Place}
			if len(e.Place) == 8 {
				villages[e.Place] = true
			}
		}
	}
	for _, r := range d.Raids {
		for _, p := range r.Places {
			placed[r.ID] = append(placed[r.ID], p)
			if len(p) == 8 {
				villages[p] = true
			}
		}
	}
	return villages, placed
}

// checkPlaceLevels checks the number of :Place nodes of each level: every
// province, district and commune, and the villages a record is placed in.
func checkPlaceLevels(t *testing.T, g *gazetteer.Gazetteer, villages map[string]bool) {
	byLevel := map[string]int{}
	for _, row := range neo4jtest.Query(t, `MATCH (p:Place) RETURN p.level AS level, count(*) AS n`, nil) {
		byLevel[row["level"].(string)] = int(row["n"].(int64))
	}
	want := map[string]int{"province": g.Len(gazetteer.Province), "district": g.Len(gazetteer.District), "commune": g.Len(gazetteer.Commune), "village": len(villages)}
	for _, l := range gazetteer.Levels() {
		if byLevel[l.String()] != want[l.String()] {
			t.Errorf(":Place nodes by level = %v, want %v", byLevel, want)
			break
		}
	}
	t.Logf(":Place nodes by level: %v (%d villages referenced by the records)", byLevel, len(villages))
}

// checkPlaceProperties checks every :Place node as the gazetteer has it:
// level, names, parent, point and no other property.
func checkPlaceProperties(t *testing.T, g *gazetteer.Gazetteer, villages map[string]bool) {
	rows := neo4jtest.Query(t, `MATCH (p:Place)
RETURN p.code AS code, p.level AS level, p.name AS name, p.nameKm AS nameKm, p.point AS point,
       [(p)-[:WITHIN]->(q) | q.code] AS parents, keys(p) AS keys`, nil)
	points := 0
	for _, row := range rows {
		code := row["code"].(string)
		u, ok := g.Unit(code)
		if !ok {
			t.Errorf("Place %s is not in the gazetteer", code)
			continue
		}
		if row["level"] != u.Level.String() || row["name"] != u.NameEN || row["nameKm"] != u.NameKM {
			t.Errorf("Place %s = %v %v %v, want %s %s %s", code, row["level"], row["name"], row["nameKm"], u.Level, u.NameEN, u.NameKM)
		}
		if u.Level == gazetteer.Village && !villages[code] {
			t.Errorf("village %s is in the graph, but no record is placed in it", code)
		}
		var parents []string
		for _, p := range row["parents"].([]any) {
			parents = append(parents, p.(string))
		}
		if wantParents := []string{u.Parent}; (u.Parent == "" && len(parents) != 0) || (u.Parent != "" && !slices.Equal(parents, wantParents)) {
			t.Errorf("Place %s WITHIN %q, want %q", code, parents, u.Parent)
		}
		hasPoint, isPoint := checkPlacePoint(t, g, code, u, row["point"])
		if isPoint {
			points++
		}
		checkPlaceKeys(t, code, row["keys"].([]any), hasPoint)
	}
	if points != g.Len(gazetteer.Province)-1 { // every province but Tboung Khmum
		t.Errorf("%d provinces have a point, want %d (all but Tboung Khmum)", points, g.Len(gazetteer.Province)-1)
	}
}

// checkPlacePoint checks the point property (value) of the :Place node of
// unit u: on a province with a Natural Earth label point, there, and on
// nothing else. It says whether the unit should have a point and whether
// the node has one.
func checkPlacePoint(t *testing.T, g *gazetteer.Gazetteer, code string, u gazetteer.Unit, value any) (hasPoint, isPoint bool) {
	anchor, at, ok := g.Anchor(code)
	hasPoint = ok && u.Level == gazetteer.Province && at.Code == code
	switch p := value.(type) {
	case nil:
		if hasPoint {
			t.Errorf("province %s (%s) has no point; Natural Earth gives %v", code, u.NameEN, anchor)
		}
	case dbtype.Point2D:
		isPoint = true
		if !hasPoint || p.SpatialRefId != 4326 || p.X != anchor.Lon || p.Y != anchor.Lat {
			t.Errorf("Place %s (%s %s) point = %+v, want one only on a province, at %v (WGS 84)", code, u.Level, u.NameEN, p, anchor)
		}
	default:
		t.Errorf("Place %s point is a %T", code, p)
	}
	return hasPoint, isPoint
}

// checkPlaceKeys checks a :Place node's property names, the point only
// where it should have one.
func checkPlaceKeys(t *testing.T, code string, names []any, hasPoint bool) {
	var keys []string
	for _, k := range names {
		keys = append(keys, k.(string))
	}
	slices.Sort(keys)
	wantKeys := []string{"code", "hash", "level", "name", "nameKm", "stamp"}
	if hasPoint {
		wantKeys = []string{"code", "hash", "level", "name", "nameKm", "point", "stamp"}
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("Place %s has properties %q, want %q", code, keys, wantKeys)
	}
}

// checkPlacedIn checks the PLACED_IN links: from exactly the placed
// records, to exactly their places.
func checkPlacedIn(t *testing.T, placed map[string][]string) {
	got := map[string][]string{}
	for _, row := range neo4jtest.Query(t, `MATCH (n)-[:PLACED_IN]->(p:Place)
RETURN n.id AS id, labels(n) AS labels, p.code AS code ORDER BY id, code`, nil) {
		id := row["id"].(string)
		got[id] = append(got[id], row["code"].(string))
		labels := fmt.Sprint(row["labels"])
		if !strings.Contains(labels, "Compound") && !strings.Contains(labels, "Organization") && !strings.Contains(labels, "Raid") {
			t.Errorf("%s %s is PLACED_IN %s", labels, id, row["code"])
		}
	}
	for id, codes := range placed {
		w := slices.Sorted(slices.Values(codes))
		if !slices.Equal(got[id], slices.Compact(w)) {
			t.Errorf("%s PLACED_IN %q, want %q", id, got[id], w)
		}
	}
	for id := range got {
		if placed[id] == nil {
			t.Errorf("%s PLACED_IN %q, but has no place", id, got[id])
		}
	}
}

// TestProvinceQueryOfTheDocs runs docs/neo4j.md's Browser query "sites and
// raids by province" on the seeds loaded into Neo4j, checks every number
// against the memory store's place-filtered listings (the compounds in the
// province, those raided, the raids), and checks that the output printed
// under the query in the docs is what it returns.
func TestProvinceQueryOfTheDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/neo4j.md")
	if err != nil {
		t.Fatal(err)
	}
	query, printed := docExample(t, string(doc), "**4. Sites and raids by province.**")
	d := realSeeds(t)
	load(t, d)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := neo4jtest.Query(t, query, nil)
	got, out := provinceTable(rows)
	checkProvinceCounts(t, g, mem, got, len(rows))
	if printed != out {
		t.Errorf("the output printed in docs/neo4j.md under the query is not what it returns; it returns:\n%s", out)
	}
	// the README's Neo4j section (the Browser guide) shows the same query and output
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rquery, rprinted := docExample(t, string(readme), "**4. Sites and raids by province**")
	if rquery != query {
		t.Errorf("README.md's query 4 is not docs/neo4j.md's:\n%s", rquery)
	}
	if rprinted != out {
		t.Errorf("the output printed in README.md under query 4 is not what it returns; it returns:\n%s", out)
	}
	checkDrillDown(t, string(doc), d, g)
}

// provinceTable gives the rows of the query "sites and raids by province"
// by province code, and the table the docs print for them.
func provinceTable(rows []map[string]any) (map[string]map[string]any, string) {
	got := map[string]map[string]any{}
	var out strings.Builder
	fmt.Fprintf(&out, "%-4s  %-18s  %5s  %6s  %5s  %s\n", "code", "province", "sites", "raided", "raids", "khmer")
	for _, row := range rows {
		code := row["code"].(string)
		got[code] = row
		fmt.Fprintf(&out, "%-4s  %-18s  %5d  %6d  %5d  %s\n", code, row["province"], row["sites"], row["raided"], row["raids"], row["khmer"])
	}
	return got, out.String()
}

// checkProvinceCounts checks each province's row of the query (got, of n
// rows) against the memory store's place-filtered listings: the compounds
// in the province, those raided, the raids; and that exactly the provinces
// with a site or raid are listed.
func checkProvinceCounts(t *testing.T, g *gazetteer.Gazetteer, mem *memory.Store, got map[string]map[string]any, n int) {
	ctx := context.Background()
	yes := true
	all := graph.PageArgs{First: graph.MaxPageSize}
	var listed, sites, raids int
	for _, u := range g.Children("") {
		cs, err1 := mem.Compounds(ctx, graph.CompoundFilter{Place: u.Code, PageArgs: all})
		raided, err2 := mem.Compounds(ctx, graph.CompoundFilter{Place: u.Code, Raided: &yes, PageArgs: all})
		rs, err3 := mem.Raids(ctx, graph.RaidFilter{Place: u.Code, PageArgs: all})
		if err := fmt.Sprint(err1, err2, err3); err != "<nil> <nil> <nil>" {
			t.Fatal(err)
		}
		sites, raids = sites+cs.TotalCount, raids+rs.TotalCount
		row, ok := got[u.Code]
		if cs.TotalCount == 0 && rs.TotalCount == 0 {
			if ok {
				t.Errorf("%s (%s): listed, but the memory store has neither site nor raid there", u.Code, u.NameEN)
			}
			continue
		}
		listed++
		if !ok {
			t.Errorf("%s (%s): not listed; the memory store has %d sites, %d raids there", u.Code, u.NameEN, cs.TotalCount, rs.TotalCount)
			continue
		}
		if row["province"] != u.NameEN || row["khmer"] != u.NameKM ||
			row["sites"] != int64(cs.TotalCount) || row["raided"] != int64(raided.TotalCount) || row["raids"] != int64(rs.TotalCount) {
			t.Errorf("%s: Neo4j %v sites %v raided %v raids %v; the memory store %s %d %d %d", u.Code, row["province"], row["sites"], row["raided"], row["raids"],
				u.NameEN, cs.TotalCount, raided.TotalCount, rs.TotalCount)
		}
	}
	if n != listed || listed == 0 {
		t.Errorf("the query lists %d provinces, the memory store has sites or raids in %d", n, listed)
	}
	t.Logf("%d provinces listed: %d placed sites, %d raids counted by province", listed, sites, raids)
}

// checkDrillDown runs the docs' drill-down into Banteay Meanchey and checks
// each unit with the sites placed in it.
func checkDrillDown(t *testing.T, doc string, d *graph.Dataset, g *gazetteer.Gazetteer) {
	drill := docCypher(t, doc, "To see where inside one province")
	wantSites := map[string][]string{}
	for _, e := range d.Entities {
		if e.Kind == graph.KindCompound && graph.InPlace(e.Place, "01") {
			wantSites[e.Place] = append(wantSites[e.Place], e.Name)
		}
	}
	gotSites := map[string][]string{}
	for _, row := range neo4jtest.Query(t, drill, nil) {
		u, _ := g.Unit(row["code"].(string))
		if row["level"] != u.Level.String() || row["unit"] != u.NameEN || row["khmer"] != u.NameKM {
			t.Errorf("drill-down row %v, want the gazetteer's %+v", row, u)
		}
		for _, n := range row["sites"].([]any) {
			gotSites[u.Code] = append(gotSites[u.Code], n.(string))
		}
		t.Logf("drill-down: %s %s %s: %v", u.Code, u.Level, u.NameEN, row["sites"])
	}
	for _, m := range []map[string][]string{wantSites, gotSites} {
		for _, names := range m {
			slices.Sort(names)
		}
	}
	if fmt.Sprint(gotSites) != fmt.Sprint(wantSites) || len(wantSites) == 0 {
		t.Errorf("drill-down into 01: %v, want %v", gotSites, wantSites)
	}
}

// docCypher is the first ```cypher block after the line starting with heading.
func docCypher(t *testing.T, doc, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, "\n"+heading)
	_, rest, ok2 := strings.Cut(rest, "```cypher\n")
	query, _, ok3 := strings.Cut(rest, "```\n")
	if !ok || !ok2 || !ok3 {
		t.Fatalf("no cypher block after %q", heading)
	}
	return query
}

// docExample finds, after the line starting with heading, the first
// ```cypher block and the ``` block that follows it.
func docExample(t *testing.T, doc, heading string) (query, output string) {
	t.Helper()
	query = docCypher(t, doc, heading)
	_, rest, ok := strings.Cut(doc, "```cypher\n"+query+"```\n")
	_, rest, ok2 := strings.Cut(rest, "```\n")
	output, _, ok3 := strings.Cut(rest, "```\n")
	if !ok || !ok2 || !ok3 {
		t.Fatalf("%q is not followed by a cypher block and an output block", heading)
	}
	return query, output
}
