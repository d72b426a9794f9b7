package graph_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

// TestCheckMarksUnknownReferences: a reference to an id the dataset does
// not hold says which table it was looked up in, so a reader that could not
// read that table completely can leave it out; every other problem does not.
func TestCheckMarksUnknownReferences(t *testing.T) {
	base := func() graph.Dataset {
		return graph.Dataset{
			Sources: []graph.Source{{ID: "S_A", Kind: graph.SourceNews, Title: "A story", URL: "https://example.org/a"}},
			Entities: []graph.Entity{
				{ID: "P_A", Kind: graph.KindPerson, Name: "Alpha"},
				{ID: "P_B", Kind: graph.KindPerson, Name: "Beta"},
			},
			Claims: []graph.Claim{{ID: "CL_1", Type: graph.RelAssociateOf, From: "P_A", To: "P_B",
				Status: graph.StatusReported, Sources: []string{"S_A"}}},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*graph.Dataset)
		want   []graph.Problem
	}{
		{"unknown entity", func(d *graph.Dataset) { d.Claims[0].To = "P_Z" },
			[]graph.Problem{{Where: "claims[0]", Msg: `to "P_Z" is not a known entity`, Unknown: "entities"}}},
		{"unknown source", func(d *graph.Dataset) { d.Claims[0].Sources = []string{"S_Z"} },
			[]graph.Problem{{Where: "claims[0]", Msg: `source "S_Z" is not a known source`, Unknown: "sources"}}},
		{"unknown status source", func(d *graph.Dataset) {
			d.Entities[0] = graph.Entity{ID: "C_A", Kind: graph.KindCompound, Name: "Alpha Park", Status: graph.SiteOperating,
				StatusClaimStatus: graph.StatusReported, StatusSources: []string{"S_Z"}}
			d.Claims = nil
		}, []graph.Problem{{Where: "entities[0]", Msg: `source "S_Z" is not a known source`, Unknown: "sources"}}},
		{"missing source is not an unknown one", func(d *graph.Dataset) { d.Claims[0].Sources = nil },
			[]graph.Problem{{Where: "claims[0]", Msg: "no source: every claim needs at least one"}}},
		{"missing end is not an unknown one", func(d *graph.Dataset) { d.Claims[0].To = "" },
			[]graph.Problem{{Where: "claims[0]", Msg: "to is missing"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := base()
			tc.change(&d)
			var joined interface{ Unwrap() []error }
			if err := d.Check(nil); !errors.As(err, &joined) {
				t.Fatalf("Check = %v, want a list of problems", err)
			}
			var got []graph.Problem
			for _, e := range joined.Unwrap() {
				var p graph.Problem
				if !errors.As(e, &p) {
					t.Fatalf("%v is not a Problem", e)
				}
				got = append(got, p)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestCheckDesignationDates: a designation whose date is unknown is kept
// when it says what is known of it (an on-or-before date or a note); one
// that has a date has no on-or-before date.
func TestCheckDesignationDates(t *testing.T) {
	for _, tc := range []struct {
		name             string
		date, onOrBefore string
		note             string
		wantErr          string
	}{
		{"dated", "2019-12-09", "", "", ""},
		{"undated, made on or before the list's date", "", "2025-02-07", "", ""},
		{"undated, a note says what is known", "", "", "the gazette gives no date", ""},
		{"undated, nothing known", "", "", "", "designation D_A has no date; give on_or_before"},
		{"dated and on or before", "2019-12-09", "2025-02-07", "", "has a date (2019-12-09) and an on-or-before date (2025-02-07)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := graph.Dataset{
				Sources: []graph.Source{{ID: "S_A", Kind: graph.SourceOfficialRecord, Title: "A list", URL: "https://example.org/a"}},
				Entities: []graph.Entity{
					{ID: "P_A", Kind: graph.KindPerson, Name: "Alpha"},
					{ID: "G_A", Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: "Fixture Office"},
				},
				Designations: []graph.Designation{{ID: "D_A", Target: "P_A", Authority: "G_A", Program: "FIXTURE",
					Status: graph.StatusOfficialRecord, Sources: []string{"S_A"}, Note: tc.note}},
			}
			if tc.date != "" {
				d.Designations[0].Date = graph.MustDate(tc.date)
			}
			if tc.onOrBefore != "" {
				d.Designations[0].OnOrBefore = graph.MustDate(tc.onOrBefore)
			}
			err := d.Check(nil)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Check: %v, want no error", err)
			case tc.wantErr != "" && (err == nil || !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Check: %v, want ErrInvalid saying %q", err, tc.wantErr)
			}
		})
	}
}

// TestCitedAndStats: Cited yields every citation of every table, in table
// order, and stops when asked; Stats counts the tables.
func TestCitedAndStats(t *testing.T) {
	d := graph.Dataset{
		Sources:      []graph.Source{{ID: "S_A"}, {ID: "S_B"}},
		Entities:     []graph.Entity{{ID: "C_A", Kind: graph.KindCompound, StatusSources: []string{"S_A"}}, {ID: "P_A"}},
		Claims:       []graph.Claim{{ID: "CL_1", Sources: []string{"S_B", "S_A"}}},
		Raids:        []graph.Raid{{ID: "R_1", Accounts: []graph.RaidAccount{{Sources: []string{"S_C"}}, {Sources: []string{"S_A"}}}}},
		Designations: []graph.Designation{{ID: "D_1", Sources: []string{"S_D"}}},
		Statements:   []graph.Statement{{ID: "ST_1", Sources: []string{"S_E"}}},
	}
	if got, want := slices.Collect(d.Cited()), []string{"S_A", "S_B", "S_A", "S_C", "S_A", "S_D", "S_E"}; !slices.Equal(got, want) {
		t.Errorf("Cited = %v, want %v", got, want)
	}
	var first []string
	for id := range d.Cited() {
		first = append(first, id)
		if len(first) == 2 {
			break
		}
	}
	if want := []string{"S_A", "S_B"}; !slices.Equal(first, want) {
		t.Errorf("Cited, stopped after two: %v, want %v", first, want)
	}
	if got, want := d.Stats().String(), "2 sources, 2 entities, 1 claims, 1 raids, 1 designations, 1 statements"; got != want {
		t.Errorf("Stats = %q, want %q", got, want)
	}
}
