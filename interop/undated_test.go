package interop_test

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop"
)

// TestUndatedDesignationOfTheSameAction: an undated designation (as the SDN
// list gives them) of a target the dataset already has designated by the
// same authority under the same program (GLOMAG / GloMag) is taken for
// that designation, not added as a second; where two could be it, it is
// added and listed for review. Fictional records (storetest's fixture).
func TestUndatedDesignationOfTheSameAction(t *testing.T) {
	undated := graph.Designation{ID: "D_IN_1", Target: "C_C", Authority: "G_FX_GOV", Program: "fixture", Status: graph.StatusOfficialRecord,
		Sources: []string{"S_IN"}, Note: "date of designation unknown: listed on or before 2025-01-15"}
	for _, tc := range []struct {
		name       string
		base       func() *graph.Dataset
		wantAdded  int
		wantMerged bool
	}{
		{"one dated designation of the same action", storetest.Fixture, 0, true},
		{"two that could be it", func() *graph.Dataset {
			d := storetest.Fixture()
			second := d.Designations[0]
			second.ID, second.Date = "D_FX_1B", graph.MustDate("2025-01-02")
			d.Designations = append(d.Designations, second)
			return d
		}, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base()
			f := frag()
			f.Designations = []graph.Designation{undated}
			f.Where["D_IN_1"] = "in.json:9"
			d, rep := mergeOK(t, base, f)
			if n := len(d.Designations) - len(base.Designations); n != tc.wantAdded {
				t.Errorf("%d designations added, want %d", n, tc.wantAdded)
			}
			var merged, review bool
			for _, n := range rep.Notes {
				merged = merged || n.Kind == interop.NoteMerged && strings.Contains(n.Why, "taken for the same designation")
				review = review || n.Kind == interop.NoteConflict && strings.Contains(n.Why, "for review")
			}
			if merged != tc.wantMerged || review == tc.wantMerged {
				t.Errorf("merged %v, listed for review %v; notes %v", merged, review, rep.Notes)
			}
			if tc.wantMerged {
				for _, x := range d.Designations {
					if x.ID == "D_FX_1" && !strings.Contains(strings.Join(x.Sources, " "), "S_IN") {
						t.Errorf("D_FX_1 sources %v: the undated designation's source was not added", x.Sources)
					}
				}
			}
		})
	}
}

// TestAliasesDroppedAreListed: an alias that differs from a kept name only
// in case, accents or punctuation is not added, and the report says so.
func TestAliasesDroppedAreListed(t *testing.T) {
	base := storetest.Fixture()
	in := graph.Entity{ID: "C_C", Kind: graph.KindCompound, Name: "Casino C", Aliases: []string{"CASINO-C", "Casino C"}}
	_, rep := mergeOK(t, base, frag(in))
	var listed []string
	for _, n := range rep.Notes {
		if strings.HasPrefix(n.What, "alias ") {
			listed = append(listed, n.What)
		}
	}
	if len(listed) != 1 || !strings.Contains(listed[0], `"CASINO-C"`) {
		t.Errorf("listed %q, want the alias CASINO-C", listed)
	}
}

// TestOnOrBeforeDateAndTheSameAction: an undated designation made on or
// before a date is the dated designation of the same target, authority and
// program only if that one was made by then; one made later is another
// action (added, listed for review). Two undated ones of the same action
// keep the earlier on-or-before date. Fictional records (storetest's
// fixture: D_FX_1 of C_C, program FIXTURE, dated 2024-09-12).
func TestOnOrBeforeDateAndTheSameAction(t *testing.T) {
	in := func(onOrBefore string) graph.Designation {
		return graph.Designation{ID: "D_IN_1", Target: "C_C", Authority: "G_FX_GOV", Program: "FIXTURE", OnOrBefore: graph.MustDate(onOrBefore),
			Status: graph.StatusOfficialRecord, Sources: []string{"S_IN"}, Note: "date of designation unknown"}
	}
	undatedBase := func(onOrBefore string) func() *graph.Dataset {
		return func() *graph.Dataset {
			d := storetest.Fixture()
			d.Designations[0].Date, d.Designations[0].OnOrBefore = graph.Date{}, graph.MustDate(onOrBefore)
			return d
		}
	}
	for _, tc := range []struct {
		name           string
		base           func() *graph.Dataset
		incoming       graph.Designation
		wantAdded      int
		wantNote       string
		wantOnOrBefore string // of D_FX_1 after the merge
	}{
		{"listed after the dated one was made", storetest.Fixture, in("2025-01-15"), 0,
			"undated, made on or before 2025-01-15, and the same target, authority and program as D_FX_1 (dated 2024-09-12): taken for the same designation", ""},
		{"listed on the day it was made", storetest.Fixture, in("2024-09-12"), 0, "taken for the same designation", ""},
		{"listed before the dated one was made", storetest.Fixture, in("2024-09-11"), 1,
			"undated, made on or before 2024-09-11; the same target, authority and program as D_FX_1 (dated 2024-09-12), made after that date, so another action: added, for review", ""},
		{"both undated, the incoming known earlier", undatedBase("2025-06-01"), in("2025-01-15"), 0,
			"(undated, made on or before 2025-06-01): taken for the same designation, 1 source(s) added to it; now known to be made on or before 2025-01-15", "2025-01-15"},
		{"both undated, the incoming known later", undatedBase("2025-01-15"), in("2025-06-01"), 0,
			"(undated, made on or before 2025-01-15): taken for the same designation, 1 source(s) added to it; check its sources", "2025-01-15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base()
			f := frag()
			f.Designations = []graph.Designation{tc.incoming}
			f.Where["D_IN_1"] = "in.json:9"
			d, rep := mergeOK(t, base, f)
			if n := len(d.Designations) - len(base.Designations); n != tc.wantAdded {
				t.Errorf("%d designations added, want %d", n, tc.wantAdded)
			}
			found := false
			for _, n := range rep.Notes {
				found = found || strings.Contains(n.Why, tc.wantNote)
			}
			if !found {
				t.Errorf("no note saying %q; notes %v", tc.wantNote, rep.Notes)
			}
			for _, x := range d.Designations {
				if x.ID == "D_FX_1" && x.OnOrBefore.String() != tc.wantOnOrBefore {
					t.Errorf("D_FX_1 on or before %q, want %q", x.OnOrBefore, tc.wantOnOrBefore)
				}
			}
			if err := d.Check(nil); err != nil {
				t.Errorf("merged dataset fails its check: %v", err)
			}
		})
	}
}
