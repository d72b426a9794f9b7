package seeds_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/seeds"
)

// leads.csv is the cross-check between the research leads
// (shared/sources/research: entities.csv, relationships.csv, raids.csv) and
// the seeds: one row per lead row, with the seed record id(s) it maps to or
// "left out: <reason>". A relationship row has no id in the leads; its key is
// "from_id | rel_type | to_id | source_url", as the row gives them. A row of
// locations.csv (where a source places a compound) has the key
// "entity_id | source_url" and maps to the gazetteer code of the compound's
// place in the seeds.

type lead struct{ table, key, mapsTo, note string }

func readLeads(t *testing.T) []lead {
	t.Helper()
	f, err := os.Open("leads.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("leads.csv: %v", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "table,lead,maps_to,note" {
		t.Fatalf("leads.csv: header %v, want table,lead,maps_to,note", recs[0])
	}
	var out []lead
	for _, r := range recs[1:] {
		out = append(out, lead{r[0], r[1], r[2], r[3]})
	}
	return out
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// (a) Every mapping names records that exist in the seeds, of the right
// table, and a relationship maps to claims between its two ends or to
// designations of its "from".
func TestLeadsMapToSeeds(t *testing.T) {
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("the shipped seeds must validate: %v", err)
	}
	ix := indexSeeds(d)
	seen := map[string]bool{}
	for _, l := range readLeads(t) {
		where := l.table + " " + l.key
		if seen[l.table+"\x00"+l.key] {
			t.Errorf("%s: listed twice", where)
		}
		seen[l.table+"\x00"+l.key] = true
		checkLead(t, ix, l, where)
	}
}

// seedIndex holds the seed records a lead may map to.
type seedIndex struct {
	entities map[string]bool
	claims   map[string][2]string // claim id → its from and to
	targets  map[string]string    // designation id → its target
	raids    map[string]bool
	places   map[string]string // entity id → its place code
}

func indexSeeds(d *graph.Dataset) seedIndex {
	ix := seedIndex{entities: map[string]bool{}, claims: map[string][2]string{}, targets: map[string]string{},
		raids: map[string]bool{}, places: map[string]string{}}
	for _, e := range d.Entities {
		ix.entities[e.ID] = true
	}
	for _, c := range d.Claims {
		ix.claims[c.ID] = [2]string{c.From, c.To}
	}
	for _, x := range d.Designations {
		ix.targets[x.ID] = x.Target
	}
	for _, r := range d.Raids {
		ix.raids[r.ID] = true
	}
	for _, e := range d.Entities {
		ix.places[e.ID] = e.Place
	}
	return ix
}

// checkLead checks one lead's mapping: a reason, or a place, or records of
// its table.
func checkLead(t *testing.T, ix seedIndex, l lead, where string) {
	if reason, ok := strings.CutPrefix(l.mapsTo, "left out:"); ok {
		if strings.TrimSpace(reason) == "" {
			t.Errorf("%s: left out without a reason", where)
		}
		return
	}
	if l.mapsTo == "" {
		t.Errorf("%s: no mapping and no reason", where)
		return
	}
	if l.table == "locations" {
		id := split(l.key)[0]
		if place, ok := ix.places[id]; !ok || place != l.mapsTo {
			t.Errorf("%s: maps to place %s, but the seeds place %s at %q", where, l.mapsTo, id, place)
		}
		return
	}
	for _, id := range split(l.mapsTo) {
		switch l.table {
		case "entities":
			if !ix.entities[id] {
				t.Errorf("%s: maps to %s, not an entity of the seeds", where, id)
			}
		case "raids":
			if !ix.raids[id] {
				t.Errorf("%s: maps to %s, not a raid of the seeds", where, id)
			}
		case "relationships":
			checkRelationshipLead(t, ix, l, where, id)
		default:
			t.Errorf("%s: unknown table %q", where, l.table)
		}
	}
}

// checkRelationshipLead checks that a relationship lead's id is a claim
// between its two ends or a designation of its "from".
func checkRelationshipLead(t *testing.T, ix seedIndex, l lead, where, id string) {
	k := split(l.key)
	if len(k) != 4 {
		t.Errorf("%s: key is not from | rel_type | to | url", where)
		return
	}
	from, to := k[0], k[2]
	if ends, ok := ix.claims[id]; ok {
		if !(ends == [2]string{from, to} || ends == [2]string{to, from}) {
			t.Errorf("%s: maps to %s, a claim between %s and %s", where, id, ends[0], ends[1])
		}
	} else if target, ok := ix.targets[id]; ok {
		if target != from {
			t.Errorf("%s: maps to %s, a designation of %s", where, id, target)
		}
	} else {
		t.Errorf("%s: maps to %s, neither a claim nor a designation of the seeds", where, id)
	}
}

// researchDir finds the leads: $PATRONAGE_SOURCES (the sources directory or
// its research/ subdirectory), else ../../shared/sources/research from this
// package (the shared folder beside the repository's checkout).
func researchDir(t *testing.T) string {
	if env := os.Getenv("PATRONAGE_SOURCES"); env != "" {
		for _, dir := range []string{filepath.Join(env, "research"), env} {
			if _, err := os.Stat(filepath.Join(dir, "relationships.csv")); err == nil {
				return dir
			}
		}
		t.Fatalf("PATRONAGE_SOURCES=%s holds no relationships.csv (nor research/relationships.csv)", env)
	}
	dir := filepath.Join("..", "..", "shared", "sources", "research")
	if _, err := os.Stat(filepath.Join(dir, "relationships.csv")); err != nil {
		t.Skipf("research leads not reachable at %s (set PATRONAGE_SOURCES to check that leads.csv lists every lead row): skipping part (b)", dir)
	}
	return dir
}

func leadKeys(t *testing.T, dir, file string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var keys []string
	for _, r := range recs[1:] {
		switch file {
		case "relationships.csv":
			keys = append(keys, strings.Join([]string{r[col["from_id"]], r[col["rel_type"]], r[col["to_id"]], r[col["source_url"]]}, " | "))
		case "locations.csv":
			keys = append(keys, r[col["entity_id"]]+" | "+r[col["source_url"]])
		default:
			keys = append(keys, r[col["id"]])
		}
	}
	return keys
}

// (b) Every lead row of the research directory is in leads.csv, and every
// row of leads.csv is still a lead.
func TestLeadsCoverResearch(t *testing.T) {
	dir := researchDir(t)
	listed := map[string]bool{}
	for _, l := range readLeads(t) {
		listed[l.table+"\x00"+l.key] = true
	}
	inResearch := map[string]bool{}
	for _, table := range []string{"entities", "relationships", "raids", "locations"} {
		for _, k := range leadKeys(t, dir, table+".csv") {
			inResearch[table+"\x00"+k] = true
			if !listed[table+"\x00"+k] {
				t.Errorf("%s.csv row %q is not in seeds/leads.csv: map it or say why it is left out", table, k)
			}
		}
	}
	for k := range listed {
		if !inResearch[k] {
			t.Errorf("seeds/leads.csv lists %q, which is not a lead row of %s", strings.ReplaceAll(k, "\x00", " "), dir)
		}
	}
}

// (c) Where a lead of locations.csv is mapped, its own text supports the
// place the seeds give (gazetteer.Check: the code is no finer than the text
// and agrees with every level of it that names a unit).
func TestLocationsSupportPlaces(t *testing.T) {
	dir := researchDir(t)
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	mapped := map[string]string{}
	for _, l := range readLeads(t) {
		if l.table == "locations" && !strings.HasPrefix(l.mapsTo, "left out:") {
			mapped[l.key] = l.mapsTo
		}
	}
	f, err := os.Open(filepath.Join(dir, "locations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	checked := 0
	for _, r := range recs[1:] {
		code, ok := mapped[r[col["entity_id"]]+" | "+r[col["source_url"]]]
		if !ok {
			continue
		}
		text := gazetteer.Text{Province: r[col["province"]], District: r[col["district"]], Commune: r[col["commune"]]}
		if _, err := g.Check(code, text); err != nil {
			t.Errorf("locations.csv %s (%+v): place %s: %v", r[col["entity_id"]], text, code, err)
		}
		checked++
	}
	if checked != len(mapped) {
		t.Errorf("checked %d mapped locations, leads.csv maps %d", checked, len(mapped))
	}
}
