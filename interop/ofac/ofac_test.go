package ofac_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ofac"
)

// The fixtures in testdata are fictional (see testdata/README.md).

func read(t *testing.T, dir string, opt ofac.Options) *interop.Fragment {
	t.Helper()
	if opt.ListDate.IsZero() {
		opt.ListDate = graph.MustDate("2025-01-15")
	}
	frag, err := ofac.Read(os.DirFS(dir), dir, opt)
	if err != nil {
		t.Fatalf("Read(%s): %v", dir, err)
	}
	return frag
}

func TestReadFixture(t *testing.T) {
	frag := read(t, "testdata/sdn", ofac.Options{URL: "https://example.org/fixture/sdn.csv"})
	ents := map[string]graph.Entity{}
	for _, e := range frag.Entities {
		ents[e.ID] = e
	}
	p := ents["P_OFAC_900001"]
	if p.Kind != graph.KindPerson || p.Name != "FIXTURE, Alpha Example" || p.Country != "KH" {
		t.Errorf("person: got %+v", p)
	}
	if want := []string{"FIXTURE, Alpha E.", "ALPHA FX"}; !slices.Equal(p.Aliases, want) {
		t.Errorf("aliases: got %q, want %q", p.Aliases, want)
	}
	if want := []string{"ofac:900001"}; !slices.Equal(p.ExternalIDs, want) {
		t.Errorf("external ids: got %q, want %q", p.ExternalIDs, want)
	}
	if _, ok := ents["O_OFAC_900003"]; ok {
		t.Errorf("the vessel became an entity")
	}
	if o := ents["O_OFAC_900002"]; o.OrgKind != graph.OrgCompany || o.Country != "KH" || !strings.Contains(o.Note, "address: No. 1, Fixture Road, Fixture City, Cambodia") {
		t.Errorf("organization: got %+v", o)
	}
	ds := map[string]graph.Designation{}
	for _, d := range frag.Designations {
		ds[d.ID] = d
	}
	tests := []struct {
		id, program, date, onOrBefore string
	}{
		{"D_OFAC_900001_FXTCO", "FXTCO", "2024-09-12", ""},
		// the listing date names FXTCO only: the FXGLOMAG designation is
		// undated, made on or before the date of the list
		{"D_OFAC_900001_FXGLOMAG", "FXGLOMAG", "", "2025-01-15"},
		{"D_OFAC_900002_FXTCO", "FXTCO", "", "2025-01-15"},
		{"D_OFAC_900004_FXGLOMAG", "FXGLOMAG", "", "2025-01-15"},
	}
	for _, tt := range tests {
		d, ok := ds[tt.id]
		if !ok {
			t.Errorf("designation %s missing; have %v", tt.id, frag.Designations)
			continue
		}
		if d.Program != tt.program || d.Date.String() != tt.date || d.Authority != "G_OFAC" || d.Status != graph.StatusOfficialRecord {
			t.Errorf("%s: got %+v", tt.id, d)
		}
		if got := d.OnOrBefore.String(); got != tt.onOrBefore {
			t.Errorf("%s: on or before %q, want %q", tt.id, got, tt.onOrBefore)
		}
	}
	if len(ds) != len(tests) {
		t.Errorf("got %d designations, want %d", len(ds), len(tests))
	}
	var links []string
	for _, c := range frag.Claims {
		links = append(links, c.From+" "+string(c.Type)+" "+c.To)
	}
	if want := []string{"P_OFAC_900001 linked_to O_OFAC_900002", "O_OFAC_900002 linked_to P_OFAC_900001"}; !slices.Equal(links, want) {
		t.Errorf("claims: got %q, want %q", links, want)
	}
	if n := frag.Report.Count(interop.NoteSkipped); n != 2 {
		t.Errorf("skipped notes: got %d (%v), want 2 (the vessel, the unknown Linked To)", n, frag.Report.Notes)
	}
}

func TestReadFixtureMergesIntoDataset(t *testing.T) {
	frag := read(t, "testdata/sdn", ofac.Options{Authority: "G_FX_GOV"})
	base := storetest.Fixture()
	got, rep, err := interop.Merge(base, frag, interop.MergeOptions{})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if want := len(base.Designations) + 4; len(got.Designations) != want {
		t.Errorf("designations: got %d, want %d", len(got.Designations), want)
	}
	for _, d := range got.Designations[len(base.Designations):] {
		if d.Authority != "G_FX_GOV" {
			t.Errorf("%s: authority %s, want the one asked for", d.ID, d.Authority)
		}
	}
	if rep.Added["entities"] != 3 {
		t.Errorf("added entities: %v", rep.Added)
	}
}

func TestSelectionKeepsLinkedEntries(t *testing.T) {
	frag := read(t, "testdata/sdn", ofac.Options{Keep: func(e ofac.Entry) bool { return e.EntNum == 900001 }})
	var ids []string
	for _, e := range frag.Entities {
		ids = append(ids, e.ID)
	}
	if want := []string{"G_OFAC", "P_OFAC_900001", "O_OFAC_900002"}; !slices.Equal(ids, want) {
		t.Errorf("entities: got %q, want %q", ids, want)
	}
}

func TestReadRejectsMalformedRowsWithPlaces(t *testing.T) {
	_, err := ofac.Read(os.DirFS("testdata/bad"), "bad", ofac.Options{ListDate: graph.MustDate("2025-01-15")})
	if !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	want := []string{
		"bad/sdn.csv:2: 4 fields, want 12",
		`bad/sdn.csv:3: ent_num "abc" is not a positive whole number`,
		"bad/sdn.csv:4: ent_num 900001 is listed twice (first at line 1)",
		`bad/sdn.csv:5: SDN_Type "robot" is not individual, vessel, aircraft or -0- (an entity)`,
		"bad/sdn.csv:6: ent_num 900006 has no Program",
		"bad/alt.csv:3: field 4 is not UTF-8 text (convert the file to UTF-8)",
		`bad/add.csv:2: malformed CSV: extraneous or missing " in quoted-field`,
		"bad/alt.csv:2: ent_num 900099 is not in sdn.csv",
		`bad/sdn.csv:7: listing date "31 Feb 2024" is not a date (want DD Mon YYYY)`,
	}
	got := strings.Split(err.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestReadNeedsAListDate(t *testing.T) {
	if _, err := ofac.Read(os.DirFS("testdata/sdn"), "sdn", ofac.Options{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid", err)
	}
}
