package ofac_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ofac"
)

// TestRealCommentsJoinedAsPublished reads real SDN rows (see
// testdata/real/README.md) whose remarks OFAC cut at 1,000 characters in
// the middle of a name: joined exactly, the names resolve.
func TestRealCommentsJoinedAsPublished(t *testing.T) {
	frag := read(t, "testdata/real", ofac.Options{ListDate: graph.MustDate("2024-05-01")})
	var links []string
	for _, c := range frag.Claims {
		links = append(links, c.From+" → "+c.To)
	}
	for _, want := range []string{
		"P_OFAC_15599 → O_OFAC_16122", // PRO|MI FEL, S. DE R.L. DE C.V.
		"P_OFAC_15599 → O_OFAC_16121", // PETRO MAS, before the cut
		"P_OFAC_15599 → O_OFAC_16127", // TAXI AEREO NACIONAL DE CULIACAN, S.A., after it
		"P_OFAC_15600 → O_OFAC_16125", // PETRO L|ONDON, S. DE R.L. DE C.V.
		"P_OFAC_15600 → O_OFAC_16122",
	} {
		if !slices.Contains(links, want) {
			t.Errorf("no linked_to claim %s; have %q", want, links)
		}
	}
	for _, n := range frag.Report.Notes {
		if strings.Contains(n.What, "PRO MI") || strings.Contains(n.What, "PETRO L ONDON") || strings.Contains(n.What, "PROMI FEL") || strings.Contains(n.What, "PETRO LONDON") {
			t.Errorf("a name cut by OFAC did not resolve: %s", n)
		}
	}
	for _, e := range frag.Entities {
		if e.ID == "P_OFAC_15600" && !strings.Contains(e.Note, "Linked To: PETRO LONDON, S. DE R.L. DE C.V.; Linked To: PETRO MAS") {
			t.Errorf("15600's remarks not joined exactly: %s", e.Note)
		}
	}
	// Every designation is kept undated, saying what the list says.
	if len(frag.Designations) != 8 {
		t.Errorf("%d designations, want 8 (one per entry)", len(frag.Designations))
	}
	for _, d := range frag.Designations {
		if !d.Date.IsZero() || d.OnOrBefore.String() != "2024-05-01" {
			t.Errorf("%s: date %q, on or before %q: want undated, made on or before the list's date", d.ID, d.Date, d.OnOrBefore)
		}
	}
	// and they merge: a designation with an unknown date is not dropped.
	merged, _, err := interop.Merge(&graph.Dataset{}, frag, interop.MergeOptions{})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if len(merged.Designations) != 8 {
		t.Errorf("%d designations merged, want 8", len(merged.Designations))
	}
}

// TestDirectiveDateDoesNotFailTheList: an sdn.csv row whose remarks end
// with a directive's "Listing Date (EO 14024 Directive 3)" (cut there by
// OFAC) read without its sdn_comments.csv is no error, and its date is not
// taken for the designation's. The row is synthetic (a fictional name, the
// remark's wording as OFAC writes it).
func TestDirectiveDateDoesNotFailTheList(t *testing.T) {
	row := `900010,"FIXTURE DIRECTIVE BANK",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Executive Order 14024 Directive Information; Listing Date (EO 14024 Directive 3)"` + "\n"
	for _, tc := range []struct{ name, comments string }{
		{"without sdn_comments.csv", ""},
		{"with its continuation", `900010,": 24 Feb 2022; Effective Date (EO 14024 Directive 3): 26 Mar 2022."` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"sdn.csv": {Data: []byte(row)}, "alt.csv": {}, "add.csv": {}}
			if tc.comments != "" {
				fsys["sdn_comments.csv"] = &fstest.MapFile{Data: []byte(tc.comments)}
			}
			frag, err := ofac.Read(fsys, "synthetic", ofac.Options{ListDate: graph.MustDate("2024-05-01")})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			d := frag.Designations[0]
			if !d.Date.IsZero() || d.OnOrBefore.String() != "2024-05-01" || !strings.Contains(d.Note, "Listing Date (EO 14024 Directive 3)") {
				t.Errorf("designation %+v: want undated, on or before the list's date, with the directive's date in the note", d)
			}
		})
	}
}

// TestDroppedAliasesListed: an alt.csv name or a.k.a. remark that is the
// entry's name or another alias but for case or punctuation is left out
// and listed in the report. Synthetic rows (fictional names).
func TestDroppedAliasesListed(t *testing.T) {
	fsys := fstest.MapFS{
		"sdn.csv": {Data: []byte(`900020,"FIXTURE, Gamma Example","individual","FXTCO",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'Fixture Gamma'; a.k.a. 'FIXTURE GAMMA'."` + "\n")},
		"alt.csv": {Data: []byte(`900020,1,"aka","FIXTURE Gamma Example",-0- ` + "\n" + `900020,2,"aka","GAMMA FX",-0- ` + "\n")},
		"add.csv": {},
	}
	frag, err := ofac.Read(fsys, "synthetic", ofac.Options{ListDate: graph.MustDate("2025-01-15")})
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, n := range frag.Report.Notes {
		if strings.HasPrefix(n.What, "alias ") {
			listed = append(listed, n.What)
		}
	}
	want := []string{`alias "FIXTURE Gamma Example" of SDN entry 900020`, `alias "FIXTURE GAMMA" of SDN entry 900020`}
	if !slices.Equal(listed, want) {
		t.Errorf("listed %q, want %q", listed, want)
	}
	if a := frag.Entities[1].Aliases; !slices.Equal(a, []string{"GAMMA FX", "Fixture Gamma"}) {
		t.Errorf("aliases %q", a)
	}
}
