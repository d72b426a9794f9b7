package ofac

import (
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

// sberbankTail is a real continuation from sdn_comments.csv (entry 17018;
// moov-io/watchman test/testdata/static/sdn_comments.csv, commit
// e48401b5e1d23d1cd280c500b41ef4c466644b32): the 1,000 characters in
// sdn.csv end with "Listing Date (EO 14024 Directive 3)".
const sberbankTail = ": 24 Feb 2022; Effective Date (EO 14024 Directive 3): 26 Mar 2022; Tax ID No. 7707083893 (Russia); Registration Number 1027700132195 (Russia); For more information on directives, please visit the following link: http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives."

// TestDatedRemarksReadForWhatTheyAre: a directive's listing and effective
// dates are not dates of designation, and a remark that names one
// without its date (cut by OFAC, continuation missing) is no error.
func TestDatedRemarksReadForWhatTheyAre(t *testing.T) {
	for _, tc := range []struct {
		name, remarks string
		programs      []string
		listed        map[string]string // program → date
		annotations   []string
		bad           []string
	}{
		{"directive, joined with its continuation", "Executive Order 14024 Directive Information; Listing Date (EO 14024 Directive 3)" + sberbankTail,
			[]string{"RUSSIA-EO14024"}, map[string]string{},
			[]string{"Listing Date (EO 14024 Directive 3): 2022-02-24 (the date of what the remarks name, not of this designation)",
				"Effective Date (EO 14024 Directive 3): 2022-03-26 (the date of what the remarks name, not of this designation)"}, nil},
		{"directive cut before its date", "Executive Order 14024 Directive Information; Listing Date (EO 14024 Directive 3)",
			[]string{"RUSSIA-EO14024"}, map[string]string{},
			[]string{"the remarks name a Listing Date (EO 14024 Directive 3) but give no date for it"}, nil},
		{"listing date of one program", "Listing Date (FXTCO): 12 Sep 2024",
			[]string{"FXTCO", "FXGLOMAG"}, map[string]string{"FXTCO": "2024-09-12"}, nil, nil},
		{"listing date of no program", "Listing Date: Sep 2024", []string{"FXTCO"}, map[string]string{"": "2024-09"}, nil, nil},
		{"another list's listing date", "Listing Date (CMIC): 03 Jun 2021", []string{"CMIC-EO13959"}, map[string]string{},
			[]string{"Listing Date (CMIC): 2021-06-03 (the date of what the remarks name, not of this designation)"}, nil},
		{"a program's listing date that is not a date", "Listing Date (FXTCO): 31 Feb 2024", []string{"FXTCO"}, map[string]string{}, nil, []string{"31 Feb 2024"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := parseRemarks(tc.remarks, tc.programs)
			got := map[string]string{}
			for p, d := range r.listed {
				got[p] = d.String()
			}
			if strings.Join(sortedPairs(got), ",") != strings.Join(sortedPairs(tc.listed), ",") {
				t.Errorf("listed = %v, want %v", got, tc.listed)
			}
			if !slices.Equal(r.annotations, tc.annotations) {
				t.Errorf("annotations = %q, want %q", r.annotations, tc.annotations)
			}
			if !slices.Equal(r.badDates, tc.bad) {
				t.Errorf("bad dates = %q, want %q", r.badDates, tc.bad)
			}
		})
	}
	r := parseRemarks("Listing Date (FXTCO): 12 Sep 2024", []string{"FXTCO", "FXGLOMAG"})
	if r.listedFor("FXTCO") != graph.MustDate("2024-09-12") || !r.listedFor("FXGLOMAG").IsZero() {
		t.Errorf("listedFor: FXTCO %s, FXGLOMAG %s", r.listedFor("FXTCO"), r.listedFor("FXGLOMAG"))
	}
}

func sortedPairs(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}
