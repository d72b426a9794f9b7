package ftm_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
)

// TestRealOpenSanctionsEntities reads real OpenSanctions entities
// (testdata/opensanctions/README.md).
func TestRealOpenSanctionsEntities(t *testing.T) {
	f, err := os.Open("testdata/opensanctions/entities.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	frag, err := ftm.Read(f, ftm.Options{Name: "entities.ftm.json"})
	if err != nil {
		t.Fatal(err)
	}
	ents := map[string]graph.Entity{}
	for _, e := range frag.Entities {
		ents[e.ExternalIDs[0]] = e
	}
	// nationality is kept apart from the country
	p := ents["ftm:NK-2Ka3UvopqbpZmVDFjWd4LA"]
	if p.Country != "" || !strings.Contains(p.Note, "nationality: RU") {
		t.Errorf("person: country %q, note %q: want no country, nationality RU in the note", p.Country, p.Note)
	}
	if o := ents["ftm:NK-2GdmHtZTeNXjNVrBGEXZNj"]; o.Country != "BY" {
		t.Errorf("organization country %q, want BY", o.Country)
	}
	// every addressEntity missing from the file is listed
	var missing []string
	for _, n := range frag.Report.Notes {
		if strings.HasPrefix(n.What, "addressEntity ") {
			missing = append(missing, strings.Fields(n.What)[1])
		}
	}
	if strings.Join(missing, " ") != "addr-125caec37c3486d3a71de8ae943eec47f420b38a addr-9bdb8d404e2618cfce08d3b3d400c1433c634849" {
		t.Errorf("missing addresses listed: %q", missing)
	}
	// Organization comes back as Organization
	d, _, err := interop.Merge(&graph.Dataset{}, frag, interop.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := ftm.Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, `"IRGC"`) && !strings.Contains(l, `"schema":"Organization"`) {
			t.Errorf("the FtM Organization IRGC is not written back as one: %s", l)
		}
	}
}

// TestWeakAliasKeptMarkedWeak: weakAlias values are kept in the note,
// marked weak, not as aliases the matcher would use. Synthetic record.
func TestWeakAliasKeptMarkedWeak(t *testing.T) {
	in := `{"id":"fx-p","schema":"Person","properties":{"name":["Fixture Person Long Name"],"alias":["Fixture P. Long"],"weakAlias":["Fixie","FPL"]}}` + "\n"
	frag, err := ftm.Read(strings.NewReader(in), ftm.Options{Name: "synthetic"})
	if err != nil {
		t.Fatal(err)
	}
	e := frag.Entities[0]
	if len(e.Aliases) != 1 || !strings.Contains(e.Note, ftm.WeakAliasNote+"Fixie; FPL") {
		t.Errorf("aliases %q, note %q: want the weak aliases in the note, marked weak", e.Aliases, e.Note)
	}
}
