package graph

import (
	"fmt"
	"slices"
	"testing"
)

// TestClassify: every row lands in its cell, each cell in site id order,
// whatever order the rows came in.
func TestClassify(t *testing.T) {
	row := func(id string, raided, connected bool) SiteAssessment {
		r := SiteAssessment{Site: Entity{ID: id, Kind: KindCompound}, Connected: connected}
		if raided {
			r.Raids = []Raid{{ID: "R_" + id}}
		}
		return r
	}
	ids := func(rows []SiteAssessment) []string {
		out := []string{}
		for _, r := range rows {
			out = append(out, r.Site.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		rows []SiteAssessment
		want [4][]string // raided connected, raided, connected, neither
	}{
		{"none", nil, [4][]string{{}, {}, {}, {}}},
		{"one cell", []SiteAssessment{row("C_2", false, false), row("C_1", false, false)},
			[4][]string{{}, {}, {}, {"C_1", "C_2"}}},
		{"grouped already", []SiteAssessment{row("C_1", true, true), row("C_2", true, false), row("C_3", false, true), row("C_4", false, false)},
			[4][]string{{"C_1"}, {"C_2"}, {"C_3"}, {"C_4"}}},
		{"id order, cells mixed", []SiteAssessment{
			row("C_1", false, false), row("C_2", true, true), row("C_3", false, true), row("C_4", true, false),
			row("C_5", false, false), row("C_6", true, true), row("C_7", false, true), row("C_8", true, false)},
			[4][]string{{"C_2", "C_6"}, {"C_4", "C_8"}, {"C_3", "C_7"}, {"C_1", "C_5"}}},
		{"reversed", []SiteAssessment{
			row("C_8", true, false), row("C_7", false, true), row("C_6", true, true), row("C_5", false, false),
			row("C_4", true, false), row("C_3", false, true), row("C_2", true, true), row("C_1", false, false)},
			[4][]string{{"C_2", "C_6"}, {"C_4", "C_8"}, {"C_3", "C_7"}, {"C_1", "C_5"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Classify(AssessmentQuery{MaxHops: 2}, tc.rows)
			got := [4][]string{ids(a.RaidedConnected), ids(a.RaidedUnconnected), ids(a.UnraidedConnected), ids(a.UnraidedUnconnected)}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("cells = %v, want %v", got, tc.want)
			}
			for k, c := range [][]SiteAssessment{a.RaidedConnected, a.RaidedUnconnected, a.UnraidedConnected, a.UnraidedUnconnected} {
				if c == nil {
					t.Errorf("cell %d is nil, want empty", k)
				}
				for _, r := range c {
					if cell(&r) != k {
						t.Errorf("%s (raided %v, connected %v) in cell %d", r.Site.ID, r.Raided(), r.Connected, k)
					}
				}
			}
			if a.Query.MaxHops != 2 {
				t.Errorf("query = %+v, want the one asked", a.Query)
			}
			// a cell's append must not write over the next cell's rows
			if len(a.RaidedConnected) > 0 && len(a.RaidedUnconnected) > 0 {
				before := slices.Clone(ids(a.RaidedUnconnected))
				_ = append(a.RaidedConnected, row("C_X", true, true))
				if after := ids(a.RaidedUnconnected); !slices.Equal(before, after) {
					t.Errorf("appending to a cell changed the next: %v, then %v", before, after)
				}
			}
		})
	}
}

// TestClassifyLarge: a permutation of many rows puts each in its place.
func TestClassifyLarge(t *testing.T) {
	rows := make([]SiteAssessment, 0, 1000)
	for i := range 1000 {
		// a scattered id order and every cell
		k := (i * 379) % 1000
		r := SiteAssessment{Site: Entity{ID: fmt.Sprintf("C_%04d", k)}, Connected: k%3 == 0}
		if k%5 < 2 {
			r.Raids = []Raid{{ID: "R"}}
		}
		rows = append(rows, r)
	}
	a := Classify(AssessmentQuery{}, rows)
	n := 0
	for k, c := range [][]SiteAssessment{a.RaidedConnected, a.RaidedUnconnected, a.UnraidedConnected, a.UnraidedUnconnected} {
		n += len(c)
		for i := range c {
			if cell(&c[i]) != k {
				t.Fatalf("%s in cell %d", c[i].Site.ID, k)
			}
			if i > 0 && c[i-1].Site.ID >= c[i].Site.ID {
				t.Fatalf("cell %d: %s before %s", k, c[i-1].Site.ID, c[i].Site.ID)
			}
		}
	}
	if n != 1000 {
		t.Fatalf("%d rows in the cells, want 1000", n)
	}
}
