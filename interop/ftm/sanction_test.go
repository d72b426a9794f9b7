package ftm_test

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/interop/ftm"
)

// TestUndatedSanctionKept: a Sanction without listingDate, startDate or
// date becomes an undated designation that says so, not a skipped record.
func TestUndatedSanctionKept(t *testing.T) {
	in := `{"id":"fx-p","schema":"Person","properties":{"name":["Fixture Person"]}}
{"id":"fx-s","schema":"Sanction","properties":{"entity":["fx-p"],"authority":["Fixture Authority"],"program":["FX"],"sourceUrl":["https://example.org/fixture"]}}
`
	frag, err := ftm.Read(strings.NewReader(in), ftm.Options{Name: "synthetic.ftm.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(frag.Designations) != 1 {
		t.Fatalf("%d designations, want 1; notes %v", len(frag.Designations), frag.Report.Notes)
	}
	if d := frag.Designations[0]; !d.Date.IsZero() || !strings.Contains(d.Note, "date of designation unknown") {
		t.Errorf("designation %+v: want undated, saying so", d)
	}
}
