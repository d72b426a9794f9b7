package httpapi_test

import (
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
)

// TestUndatedDesignationServed: a designation whose date is unknown (as
// the SDN list gives them) is served with a null date and its note, and
// counts as a sanction at any as-of date. Fictional fixture.
func TestUndatedDesignationServed(t *testing.T) {
	d := storetest.Fixture()
	for i := range d.Designations {
		if d.Designations[i].ID == "D_FX_2" {
			d.Designations[i].Date = graph.Date{}
			d.Designations[i].Note = "date of designation unknown: listed on or before 2025-09-08"
		}
	}
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, s)
	got := must[struct {
		Entity struct {
			Old       struct{ Sanctioned bool } `json:"old"`
			Sanctions []struct {
				ID   string  `json:"id"`
				Date *string `json:"date"`
				Note *string `json:"note"`
			} `json:"sanctions"`
		} `json:"entity"`
	}](t, post(t, h, `{ entity(id: "O_SANC") { old: flags(asOf: "2001") { sanctioned } sanctions { id date note } } }`, nil))
	e := got.Entity
	if len(e.Sanctions) != 1 || e.Sanctions[0].Date != nil || e.Sanctions[0].Note == nil || *e.Sanctions[0].Note == "" {
		t.Errorf("sanctions = %+v, want D_FX_2 with a null date and its note", e.Sanctions)
	}
	if !e.Old.Sanctioned {
		t.Errorf("not sanctioned as of 2001: an undated designation counts at any as-of date")
	}
}
