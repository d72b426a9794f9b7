package ftm_test

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/ftm"
	"github.com/patronage/patronage/interop/interoptest"
)

// TestOnOrBeforeRoundTrip: an undated designation's on-or-before date,
// for which FtM has no property, goes out in the "patronage" object and
// comes back exactly. Fictional fixture.
func TestOnOrBeforeRoundTrip(t *testing.T) {
	d := storetest.Fixture()
	d.Designations = append(d.Designations, graph.Designation{ID: "D_FX_9", Target: "O_SANC", Authority: "G_FX_GOV", Program: "FIXTURE",
		OnOrBefore: graph.MustDate("2025-02-07"), Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}})
	got, rep := roundTrip(t, d, &graph.Dataset{})
	interoptest.SameGraph(t, d, got, false)
	if n := len(rep.Notes); n != 0 {
		t.Errorf("round trip left %d notes, want none: %v", n, rep.Notes)
	}
}

// TestFirstSeenBoundsAnUndatedSanction: a Sanction with no date that its
// publisher first saw on a day (OpenSanctions' first_seen) was made on or
// before that day; one with a listingDate keeps its date and no
// on-or-before date. Synthetic records (fictional names); first_seen as
// OpenSanctions writes it.
func TestFirstSeenBoundsAnUndatedSanction(t *testing.T) {
	in := `{"id":"fx-p","schema":"Person","properties":{"name":["Fixture Person"]}}
{"id":"fx-s1","schema":"Sanction","properties":{"entity":["fx-p"],"authority":["Fixture Authority"],"program":["FX-1"],"sourceUrl":["https://example.org/fixture"]},"first_seen":"2023-04-20T18:00:25"}
{"id":"fx-s2","schema":"Sanction","properties":{"entity":["fx-p"],"authority":["Fixture Authority"],"program":["FX-2"],"listingDate":["2022-03-01"],"sourceUrl":["https://example.org/fixture"]},"first_seen":"2023-04-20T18:00:25"}
`
	frag, err := ftm.Read(strings.NewReader(in), ftm.Options{Name: "synthetic.ftm.json"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.Designation{}
	for _, d := range frag.Designations {
		got[d.Program] = d
	}
	if d := got["FX-1"]; !d.Date.IsZero() || d.OnOrBefore.String() != "2023-04-20" || !strings.Contains(d.Note, "first_seen") {
		t.Errorf("FX-1: %+v, want undated, made on or before 2023-04-20 (first_seen)", d)
	}
	if d := got["FX-2"]; d.Date.String() != "2022-03-01" || !d.OnOrBefore.IsZero() {
		t.Errorf("FX-2: %+v, want dated 2022-03-01, no on-or-before date", d)
	}
}
