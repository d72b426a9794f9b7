package interop_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop"
)

// Every record below is fictional test data (storetest's fixture and
// made-up incoming records).

func frag(entities ...graph.Entity) *interop.Fragment {
	f := &interop.Fragment{Where: map[string]string{}, Entities: entities,
		Sources: []graph.Source{{ID: "S_IN", Kind: graph.SourceNews, Title: "Incoming fixture source", URL: "https://example.org/incoming"}}}
	for i, e := range entities {
		f.Where[e.ID] = "in.json:" + string(rune('1'+i))
	}
	return f
}

func mergeOK(t *testing.T, base *graph.Dataset, f *interop.Fragment) (*graph.Dataset, *interop.Report) {
	t.Helper()
	d, rep, err := interop.Merge(base, f, interop.MergeOptions{BaseName: "base"})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return d, rep
}

func find(d *graph.Dataset, id string) (graph.Entity, bool) {
	i := slices.IndexFunc(d.Entities, func(e graph.Entity) bool { return e.ID == id })
	if i < 0 {
		return graph.Entity{}, false
	}
	return d.Entities[i], true
}

func TestMergeDecisions(t *testing.T) {
	base := storetest.Fixture() // P_ADV "Gamma Adviser", O_HOLD "Hold Co", C_A "Alpha Park"
	tests := []struct {
		name     string
		in       graph.Entity
		merged   string // id merged into, or ""
		decision string // decision of the top pair, or "" for none
	}{
		{"same name reordered", graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "ADVISER, Gamma"}, "P_ADV", interop.DecisionMerged},
		{"title and case", graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Oknha GAMMA ADVISER"}, "P_ADV", interop.DecisionMerged},
		{"legal form", graph.Entity{ID: "O_IN", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Hold Co., Ltd."}, "O_HOLD", interop.DecisionMerged},
		{"similar only", graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Gamma Advisor"}, "", interop.DecisionReview},
		{"other kind", graph.Entity{ID: "O_IN", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Alpha Park"}, "", interop.DecisionKind},
		{"no candidate", graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Zeta Nobody"}, "", ""},
		{"same id", graph.Entity{ID: "P_ADV", Kind: graph.KindPerson, Name: "G. Adviser"}, "P_ADV", ""},
		{"same external id", graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Someone Else", ExternalIDs: []string{"ftm:fx-kid"}}, "P_KID", ""},
	}
	base.Entities[1].ExternalIDs = []string{"ftm:fx-kid"} // P_KID
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, rep := mergeOK(t, base, frag(tt.in))
			added := len(d.Entities) - len(base.Entities)
			if tt.merged != "" && added != 0 || tt.merged == "" && added != 1 {
				t.Fatalf("%d entities added, want merged into %q", added, tt.merged)
			}
			if tt.merged != "" {
				e, _ := find(d, tt.merged)
				names := e.Names()
				if !slices.ContainsFunc(names, func(n string) bool { return graph.Fold(n) == graph.Fold(tt.in.Name) }) {
					t.Errorf("merged entity %s lacks the incoming name %q: %q", e.ID, tt.in.Name, names)
				}
				if !slices.Equal(e.ExternalIDs, append(slices.Clone(base.Entities[slices.IndexFunc(base.Entities, func(x graph.Entity) bool { return x.ID == tt.merged })].ExternalIDs), missing(e.ExternalIDs, tt.in.ExternalIDs)...)) {
					t.Errorf("external ids %q", e.ExternalIDs)
				}
			}
			var got string
			if len(rep.Pairs) > 0 {
				got = rep.Pairs[0].Decision
			}
			if got != tt.decision {
				t.Errorf("decision %q, want %q (pairs %+v)", got, tt.decision, rep.Pairs)
			}
			for _, p := range rep.Pairs {
				if len(p.Reasons) == 0 {
					t.Errorf("pair without reasons: %+v", p)
				}
			}
		})
	}
}

func missing(have, want []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

func TestMergeAmbiguousNeverMerges(t *testing.T) {
	base := storetest.Fixture()
	base.Entities = append(base.Entities, graph.Entity{ID: "P_ADV_2", Kind: graph.KindPerson, Name: "Gamma Adviser"})
	d, rep := mergeOK(t, base, frag(graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Gamma Adviser"}))
	if len(d.Entities) != len(base.Entities)+1 {
		t.Errorf("merged although two existing entities have the name")
	}
	var dec []string
	for _, p := range rep.Pairs {
		dec = append(dec, p.Existing.ID+":"+p.Decision)
	}
	if want := []string{"P_ADV:ambiguous", "P_ADV_2:ambiguous"}; !slices.Equal(dec, want) {
		t.Errorf("pairs %q, want %q", dec, want)
	}
}

func TestMergeClaimsSourcesAndConflicts(t *testing.T) {
	base := storetest.Fixture()
	f := frag(graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Beta Child", Country: "YY"})
	f.Sources = append(f.Sources, graph.Source{ID: "S_SAME_URL", Kind: graph.SourceNews, Title: "Same address", URL: "https://example.org/news"},
		graph.Source{ID: "S_UNUSED", Kind: graph.SourceNews, Title: "Cited by a skipped claim only", URL: "https://example.org/unused"})
	f.Claims = []graph.Claim{
		// the same as CL_04 but for its source: the source is added to CL_04
		{ID: "CL_IN_1", Type: graph.RelOwns, From: "P_IN", To: "O_HOLD", Status: graph.StatusReported,
			Period: graph.Period{Start: graph.MustDate("2021"), End: graph.MustDate("2023-12")}, Sources: []string{"S_IN"}},
		// new, citing a source merged by URL into S_FX_NEWS
		{ID: "CL_01", Type: graph.RelAssociateOf, From: "P_IN", To: "P_ADV", Status: graph.StatusAlleged, Sources: []string{"S_SAME_URL"}},
		// an end nobody knows: skipped, and its source left out
		{ID: "CL_IN_3", Type: graph.RelOwns, From: "ftm:nowhere", To: "O_HOLD", Status: graph.StatusReported, Sources: []string{"S_UNUSED"}},
	}
	f.Where["CL_IN_3"] = "in.json:9"
	d, rep := mergeOK(t, base, f)
	cl := map[string]graph.Claim{}
	for _, c := range d.Claims {
		cl[c.ID] = c
	}
	if got := cl["CL_04"].Sources; !slices.Equal(got, []string{"S_FX_NEWS", "S_IN"}) {
		t.Errorf("CL_04 sources %q", got)
	}
	if c, ok := cl["CL_01_2"]; !ok || !slices.Equal(c.Sources, []string{"S_FX_NEWS"}) || c.From != "P_KID" {
		t.Errorf("renamed claim: %+v (ok %v)", c, ok)
	}
	if slices.ContainsFunc(d.Sources, func(s graph.Source) bool { return s.ID == "S_UNUSED" || s.ID == "S_SAME_URL" }) {
		t.Errorf("sources: %v", d.Sources)
	}
	var out bytes.Buffer
	rep.WriteSummary(&out, 0)
	for _, want := range []string{
		`in.json:1: conflict entity P_KID: country: kept "XX", incoming record says "YY"`,
		"in.json:9: skipped claim CL_IN_3 (owns): ftm:nowhere is neither an entity of the input nor of base",
		"renamed claim CL_01: id taken by a different record in base: added as CL_01_2",
		"merged source S_SAME_URL: same URL as source S_FX_NEWS in base",
		"same claim as CL_04: 1 source(s) added to it",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestMergeFailsWholeOnABadRecord(t *testing.T) {
	base := storetest.Fixture()
	f := frag(graph.Entity{ID: "POS_IN", Kind: graph.KindPosition, Name: "Fixture office"})
	f.Designations = []graph.Designation{{ID: "D_IN", Target: "POS_IN", Authority: "G_FX_GOV", Program: "X", Date: graph.MustDate("2024"),
		Status: graph.StatusOfficialRecord, Sources: []string{"S_IN"}}}
	f.Where["D_IN"] = "in.json:7"
	_, _, err := interop.Merge(base, f, interop.MergeOptions{})
	if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "in.json:7: target POS_IN is a position") {
		t.Fatalf("err = %v", err)
	}
	if len(base.Designations) != 2 {
		t.Errorf("the base changed")
	}
}

func TestReviewReports(t *testing.T) {
	_, rep := mergeOK(t, storetest.Fixture(), frag(graph.Entity{ID: "P_IN", Kind: graph.KindPerson, Name: "Gamma Advisor"}))
	var csv, md bytes.Buffer
	if err := interop.WriteReviewCSV(&csv, rep.Pairs); err != nil {
		t.Fatal(err)
	}
	if err := interop.WriteReviewMarkdown(&md, "fixture", rep, interop.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "kept apart,0.") || !strings.Contains(lines[1], "P_ADV") {
		t.Errorf("review csv:\n%s", csv.String())
	}
	if !strings.Contains(md.String(), "| kept apart |") || !strings.Contains(md.String(), "similar spelling") {
		t.Errorf("review markdown:\n%s", md.String())
	}
}

func TestSubset(t *testing.T) {
	d := storetest.Fixture()
	tests := []struct {
		name     string
		f        interop.Filter
		entities []string
		raids    []string
	}{
		{"compounds of Kandal", interop.Filter{Kinds: []graph.Kind{graph.KindCompound}, Province: "kandal"},
			[]string{"G_FX_GOV", "C_C", "C_D"}, []string{"R_FX_4", "R_FX_5"}},
		{"one hop around Pailin", interop.Filter{Province: "Pailin", Hops: 1}, []string{"C_G"}, []string{"R_FX_2", "R_FX_3"}},
		{"people", interop.Filter{Kinds: []graph.Kind{graph.KindPerson}}, []string{"P_SEN", "P_KID", "P_ADV", "P_MIN"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := interop.Subset(d, tt.f)
			var ids, raids []string
			for _, e := range s.Entities {
				ids = append(ids, e.ID)
			}
			for _, r := range s.Raids {
				raids = append(raids, r.ID)
			}
			if !slices.Equal(ids, tt.entities) || !slices.Equal(raids, tt.raids) {
				t.Errorf("entities %q raids %q, want %q %q", ids, raids, tt.entities, tt.raids)
			}
			if err := s.Check(nil); err != nil {
				t.Errorf("the subset does not check: %v", err)
			}
		})
	}
	if interop.Subset(d, interop.Filter{}) != d {
		t.Errorf("the zero filter does not return the whole dataset")
	}
}
