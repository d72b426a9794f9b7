package httpapi_test

import (
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
)

// TestUndatedDesignationServed: a designation whose date is unknown (as
// the SDN list gives them) is served with a null date, the date it is
// known to have been made by (onOrBefore) and its note, and counts as a
// sanction at any as-of date, before that date too. A dated one has a null
// onOrBefore. Fictional fixture.
func TestUndatedDesignationServed(t *testing.T) {
	d := storetest.Fixture()
	for i := range d.Designations {
		if d.Designations[i].ID == "D_FX_2" {
			d.Designations[i].Date = graph.Date{}
			d.Designations[i].OnOrBefore = graph.MustDate("2025-09-08")
			d.Designations[i].Note = "date of designation unknown"
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
				ID         string  `json:"id"`
				Date       *string `json:"date"`
				OnOrBefore *string `json:"onOrBefore"`
				Note       *string `json:"note"`
			} `json:"sanctions"`
		} `json:"entity"`
		Dated struct {
			Sanctions []struct {
				ID         string  `json:"id"`
				Date       *string `json:"date"`
				OnOrBefore *string `json:"onOrBefore"`
			} `json:"sanctions"`
		} `json:"dated"`
	}](t, post(t, h, `{ entity(id: "O_SANC") { old: flags(asOf: "2001") { sanctioned } sanctions { id date onOrBefore note } }
	  dated: entity(id: "C_C") { sanctions { id date onOrBefore } } }`, nil))
	e := got.Entity
	if len(e.Sanctions) != 1 || e.Sanctions[0].Date != nil || e.Sanctions[0].OnOrBefore == nil || *e.Sanctions[0].OnOrBefore != "2025-09-08" ||
		e.Sanctions[0].Note == nil || *e.Sanctions[0].Note == "" {
		t.Errorf("sanctions = %+v, want D_FX_2 with a null date, on or before 2025-09-08, and its note", e.Sanctions)
	}
	if ds := got.Dated.Sanctions; len(ds) != 1 || ds[0].Date == nil || *ds[0].Date != "2024-09-12" || ds[0].OnOrBefore != nil {
		t.Errorf("C_C sanctions = %+v, want D_FX_1 dated 2024-09-12 with a null onOrBefore", ds)
	}
	if !e.Old.Sanctioned {
		t.Errorf("not sanctioned as of 2001: an undated designation counts at any as-of date")
	}
}
