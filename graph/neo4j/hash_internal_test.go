package neo4j

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/seeds"
)

// marshalHash is the digest hash gives, as json.Marshal writes the
// properties: a record stored by an earlier version keeps its hash.
func marshalHash(t *testing.T, p map[string]any) string {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// TestHashAsJSON checks that every record of the curated dataset (Khmer
// names, accents, quotes, numbers) and of a synthetic one is hashed as
// json.Marshal writes its properties.
func TestHashAsJSON(t *testing.T) {
	curated, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*graph.Dataset{curated, synthetic.Dataset(2000, 1)} {
		var rows []map[string]any
		for _, s := range d.Sources {
			rows = append(rows, sourceRow(s))
		}
		for _, e := range d.Entities {
			rows = append(rows, entityRow(e))
		}
		for _, c := range d.Claims {
			rows = append(rows, claimRow(c, func(string) graph.Date { return graph.Date{} }))
		}
		for _, r := range d.Raids {
			rows = append(rows, raidRow(r))
		}
		for _, x := range d.Designations {
			rows = append(rows, designationRow(x))
		}
		for _, r := range rows {
			p := map[string]any{}
			for k, v := range r["props"].(map[string]any) {
				if k != "hash" {
					p[k] = v
				}
			}
			if want := marshalHash(t, p); r["hash"] != want {
				t.Fatalf("record %v: hash %v, json.Marshal's %s", r["id"], r["hash"], want)
			}
		}
	}
	for _, p := range []props{{"s": `a "quoted" <b> & \ back`}, {"k": "ខេត្ត"}, {"n": 3, "f": 10.5, "l": []string{"x", "é"}}, {}} {
		if got, want := p.hash(), marshalHash(t, p); got != want {
			t.Errorf("%v: hash %s, json.Marshal's %s", p, got, want)
		}
	}
}
