package ftm_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
	"github.com/patronage/patronage/interop/interoptest"
)

func TestEncodeID(t *testing.T) {
	for _, id := range []string{"P_LYP", "CL_0001", "S_X", "A__B", "ends_", "odd.id-with spaces", "ស", "x"} {
		enc := ftm.EncodeID(id)
		for i, c := range enc {
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || (c == '.' || c == '-') && i > 0 && i < len(enc)-1
			if !ok {
				t.Errorf("EncodeID(%q) = %q: %q at %d is not allowed in an FtM id", id, enc, c, i)
			}
		}
		got, ok := ftm.DecodeID(enc)
		if !ok || got != id {
			t.Errorf("DecodeID(EncodeID(%q) = %q) = %q, %v", id, enc, got, ok)
		}
	}
	if _, ok := ftm.DecodeID("NK-abc"); ok {
		t.Errorf("DecodeID of a foreign id succeeded")
	}
}

// roundTrip writes d as FtM, reads it back and merges it into base.
func roundTrip(t *testing.T, d, base *graph.Dataset) (*graph.Dataset, *interop.Report) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := ftm.Write(&buf, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	frag, err := ftm.Read(&buf, ftm.Options{Name: "export.ftm.json"})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	got, rep, err := interop.Merge(base, frag, interop.MergeOptions{BaseName: "base"})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return got, rep
}

func TestRoundTripFixture(t *testing.T) {
	d := storetest.Fixture()
	d.Entities[0].ExternalIDs = []string{"ftm:NK-fixture1", "ofac:fixture-1"}
	got, rep := roundTrip(t, d, &graph.Dataset{})
	interoptest.SameGraph(t, d, got, false)
	if n := len(rep.Notes); n != 0 {
		t.Errorf("round trip into an empty dataset left %d notes, want none: %v", n, rep.Notes)
	}
}

func TestRoundTripIntoItselfChangesNothing(t *testing.T) {
	d := storetest.Fixture()
	got, rep := roundTrip(t, d, d)
	interoptest.SameGraph(t, d, got, true)
	if rep.Added["entities"]+rep.Added["claims"]+rep.Added["sources"]+rep.Added["designations"] != 0 || len(rep.Notes) != 0 {
		t.Errorf("re-importing the export added %v, notes %v; want nothing", rep.Added, rep.Notes)
	}
}

func TestRoundTripPartialExportResolvesAgainstBase(t *testing.T) {
	d := storetest.Fixture()
	// Only the claims: every end and source is in the base, not the file.
	part := &graph.Dataset{Claims: d.Claims}
	got, rep := roundTrip(t, part, d)
	interoptest.SameGraph(t, d, got, true)
	if len(rep.Notes) != 0 {
		t.Errorf("notes: %v", rep.Notes)
	}
}

func TestReadRejectsMalformedLinesWithPlaces(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"fx-p1","schema":"Person","properties":{"name":["Fixture Person"]}}`,
		`{"id":"fx-p2","schema":"Person","properties":{"name":"not a list"}}`,
		`not json`,
		``,
		`{"schema":"Person","properties":{"name":["No Id"]}}`,
		`{"id":"fx-p1","schema":"Person","properties":{"name":["Again"]}}`,
		`{"id":"fx-o1","schema":"Ownership","properties":{"owner":["fx-p1"],"asset":["fx-c1"],"startDate":["2024-13"],"sourceUrl":["https://example.org/x"]}}`,
		`{"id":"fx-p3","schema":"Person","properties":{}}`,
	}, "\n")
	_, err := ftm.Read(strings.NewReader(in), ftm.Options{Name: "bad.ftm.json"})
	if !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("Read: got %v, want ErrInvalid", err)
	}
	want := []string{
		"bad.ftm.json:2: not a FollowTheMoney entity: each property must be a list of strings, not a JSON string",
		"bad.ftm.json:3: not a FollowTheMoney entity: malformed JSON at byte 2: invalid character 'o' in literal null (expecting 'u')",
		"bad.ftm.json:5: entity has no id",
		"bad.ftm.json:6: duplicate id fx-p1 (first at line 1): merge the fragments of an entity first (ftm aggregate)",
		`bad.ftm.json:7: startDate "2024-13" is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)`,
		"bad.ftm.json:8: Person fx-p3 has no name",
	}
	got := strings.Split(err.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestWriteStatsString(t *testing.T) {
	for _, tc := range []struct {
		stats ftm.WriteStats
		want  string
	}{
		{ftm.WriteStats{}, ""},
		{ftm.WriteStats{"Sanction": 2, "Person": 3, "Document": 1, "Company": 0}, "1 Document, 3 Person, 2 Sanction"},
		{ftm.WriteStats{"Zebra": 1, "Ownership": 4, "Asset": 2}, "4 Ownership, 2 Asset, 1 Zebra"},
	} {
		if got := tc.stats.String(); got != tc.want {
			t.Errorf("%v.String() = %q, want %q", map[string]int(tc.stats), got, tc.want)
		}
	}
}
