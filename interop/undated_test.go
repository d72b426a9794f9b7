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
