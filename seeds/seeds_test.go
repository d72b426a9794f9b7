package seeds_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/seeds"
)

// valid is a small, valid dataset of FICTIONAL test records.
func valid() map[string]string {
	return map[string]string{
		"sources.csv": "id,kind,publisher,published,url,title,note\n" +
			"S_A,news,Fictional Daily,2025-07,https://example.org/a,A story,\n" +
			"S_B,official_record,Fictional Gazette,2024-09-12,https://example.org/b,A notice,\n",
		"people.csv": "id,name,aliases,country,note\n" +
			"P_A,Alpha Person,Alpha | 阿尔法,XX,\n" +
			"P_B,Beta Person,,XX,\n",
		"organizations.csv": "id,org_kind,name,aliases,country,province,note\n" +
			"G_A,government_body,Fictional Office,,XX,,\n" +
			"O_A,company,Alpha Co,,XX,Kampot,\n",
		"compounds.csv": "id,name,aliases,country,province,district,commune,lat,lon,status,status_date,status_claim,status_sources,note\n" +
			"C_A,Alpha Park,,XX,Kampot,,,11.5,104.9,operating,2024,reported,S_A,\n" +
			"C_B,Rented house,,XX,Pailin,,,,,,,,,\n",
		"positions.csv": "id,name,country,note\nPOS_A,Senator,XX,\n",
		"documents.csv": "id,name,note\nDOC_A,A directive,\n",
		"claims.csv": "id,from,type,to,relation,status,start,end,sources,note\n" +
			"CL_1,P_A,holds_position,POS_A,,reported,2020,,S_A,\n" +
			"CL_2,O_A,owns,C_A,,official_record,,,S_A | S_B,\n" +
			"CL_3,P_B,family_of,P_A,child,reported,2025-07,,S_A,\n",
		"raids.csv": "id,start,end,province,district,commune,site,agency,detained,breakdown,women,nationalities,outcomes,status,sources,note\n" +
			"R1,2025-07-14,,Kampot,,,C_A,police,234,Fictionalian:200:20 | Otherlander:34:,,,,reported,S_A,\n" +
			"R1,,,,,,,,>=230,,,,,reported,S_B,a second count\n" +
			"R2,2025-07-17,2025-07-18,Kampot | Pailin,,,,,>=500,,,,suspects released,reported,S_A,\n",
		"designations.csv": "id,target,authority,program,date,status,sources,note\n" +
			"D_1,O_A,G_A,not verified,2025-09-08,official_record,S_B,\n",
		"statements.csv": "id,subject,topic,text,date,status,sources,note\n" +
			"ST_1,,scam_sites_estimate,as many as 350 active sites,2025-07,reported,S_A,\n",
	}
}

func load(files map[string]string) (*graph.Dataset, error) {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return seeds.Load(fsys, "data")
}

func TestValidDataset(t *testing.T) {
	d, err := load(valid())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(d.Entities) != 8 || len(d.Claims) != 3 || len(d.Raids) != 2 || len(d.Designations) != 1 || len(d.Sources) != 2 || len(d.Statements) != 1 {
		t.Fatalf("counts: %d entities, %d claims, %d raids, %d designations, %d sources, %d statements",
			len(d.Entities), len(d.Claims), len(d.Raids), len(d.Designations), len(d.Sources), len(d.Statements))
	}
	r1 := d.Raids[0]
	if len(r1.Accounts) != 2 || *r1.Accounts[0].Detained != (graph.Count{Value: 234, Qualifier: graph.CountExact}) ||
		*r1.Accounts[1].Detained != (graph.Count{Value: 230, Qualifier: graph.CountAtLeast}) {
		t.Errorf("R1 accounts = %+v", r1.Accounts)
	}
	if b := r1.Accounts[0].Breakdown; len(b) != 2 || b[0].Nationality != "Fictionalian" || b[0].Women.Value != 20 || b[1].Women != nil {
		t.Errorf("R1 breakdown = %+v", b)
	}
	if r2 := d.Raids[1]; len(r2.Provinces) != 2 || r2.End != graph.MustDate("2025-07-18") || r2.Accounts[0].Outcomes[0] != "suspects released" {
		t.Errorf("R2 = %+v", r2)
	}
	if d.Claims[1].Sources[1] != "S_B" || d.Entities[0].Aliases[1] != "阿尔法" {
		t.Errorf("lists not split: %+v %+v", d.Claims[1].Sources, d.Entities[0].Aliases)
	}
	if d.Version == "" {
		t.Error("no version")
	}
}

// loadErrorCase is a valid file set with one replacement in one file, and
// the errors Load reports for it.
type loadErrorCase struct {
	name string
	file string
	from string // replaced in the file
	to   string
	want []string // every line expected, in order
}

func TestErrors(t *testing.T) {
	for _, tc := range append(referenceErrorCases(), valueErrorCases()...) {
		t.Run(tc.name, func(t *testing.T) {
			files := valid()
			if !strings.Contains(files[tc.file], tc.from) {
				t.Fatalf("test is broken: %q not in %s", tc.from, tc.file)
			}
			files[tc.file] = strings.Replace(files[tc.file], tc.from, tc.to, 1)
			_, err := load(files)
			if err == nil {
				t.Fatal("Load succeeded, want errors")
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// referenceErrorCases are TestErrors' cases of ids, references between
// records, the kinds at their ends, and files that cannot be read whole.
func referenceErrorCases() []loadErrorCase {
	return []loadErrorCase{
		{"unknown id", "claims.csv", "CL_2,O_A,owns,C_A", "CL_2,O_X,owns,C_A",
			[]string{`data/claims.csv:3: from "O_X" is not a known entity`}},
		{"duplicate id", "people.csv", "P_B,Beta", "P_A,Beta",
			[]string{`data/people.csv:3: duplicate id "P_A" (first defined at data/people.csv:2)`,
				`data/claims.csv:4: from "P_B" is not a known entity`}},
		{"duplicate id across files", "documents.csv", "DOC_A,", "C_A,",
			[]string{`data/documents.csv:2: duplicate id "C_A" (first defined at data/compounds.csv:2)`}},
		{"unknown source", "claims.csv", "child,reported,2025-07,,S_A,", "child,reported,2025-07,,S_Z,",
			[]string{`data/claims.csv:4: source "S_Z" is not a known source`}},
		{"wrong endpoint kinds", "claims.csv", "CL_1,P_A,holds_position,POS_A", "CL_1,P_A,holds_position,C_A",
			[]string{`data/claims.csv:2: holds_position cannot end at C_A, a compound (want position)`}},
		{"measure by a company", "claims.csv", "CL_2,O_A,owns,C_A,,", "CL_2,P_A,indicted_by,O_A,,",
			[]string{`data/claims.csv:3: indicted_by must end at a government body; O_A is a company`}},
		{"raid site not a compound", "raids.csv", ",,C_A,police", ",,O_A,police",
			[]string{`data/raids.csv:2: site O_A is a organization, want compound`}},
		{"second account disagrees", "raids.csv", "R1,,,,", "R1,2025-07-15,,,",
			[]string{`data/raids.csv:3: start "2025-07-15" differs from the raid's first row (data/raids.csv:2): leave it empty on later accounts`}},
		{"designation by a company", "designations.csv", "O_A,G_A", "O_A,O_A",
			[]string{`data/designations.csv:2: authority O_A is a company, want a government_body`}},
		{"wrong header", "people.csv", "id,name,aliases,country,note", "id,name,country,note",
			[]string{`data/people.csv:1: header is id,name,country,note, want id,name,aliases,country,note`,
				`data/people.csv:1: 3 references to entities were not checked, since data/people.csv could not be read completely`}},
		{"missing field", "positions.csv", "POS_A,Senator,XX,", "POS_A,Senator",
			[]string{`data/positions.csv:2: 2 fields, want 4 (id,name,country,note)`,
				`data/claims.csv:2: to "POS_A" is not a known entity`}},
		{"malformed CSV", "documents.csv", "DOC_A,A directive,", "DOC_A,\"A directive,",
			[]string{`data/documents.csv:2: malformed CSV in field 2 (name): the quote that opens it is never closed, so everything to the end of the file (line 2) was read into it`}},
		{"claim links an entity to itself", "claims.csv", "CL_2,O_A,owns,C_A", "CL_2,O_A,owns,O_A",
			[]string{`data/claims.csv:3: claim CL_2 links O_A to itself`}},
		{"source cited twice", "claims.csv", "S_A | S_B", "S_A | S_A",
			[]string{`data/claims.csv:3: source "S_A" is cited twice`}},
		{"missing id", "people.csv", "P_B,Beta Person,", ",Beta Person,",
			[]string{`data/people.csv:3: missing id`, `data/claims.csv:4: from "P_B" is not a known entity`}},
		{"statement about an unknown entity", "statements.csv", "ST_1,,scam", "ST_1,P_Q,scam",
			[]string{`data/statements.csv:2: subject "P_Q" is not a known entity`}},
		{"several at once", "claims.csv", "CL_3,P_B,family_of,P_A,child,reported,2025-07,,S_A,", "CL_3,P_B,family_of,P_Q,child,maybe,2025-13,,,",
			[]string{`data/claims.csv:4: status: unknown claim status "maybe" (want official_record, reported, alleged, disputed or denied)`,
				`data/claims.csv:4: start: date "2025-13" has an impossible month`,
				`data/claims.csv:4: to "P_Q" is not a known entity`,
				`data/claims.csv:4: no source: every claim needs at least one`}},
	}
}

// valueErrorCases are TestErrors' cases of a field's value: types,
// statuses, dates, numbers, and fields a record must have.
func valueErrorCases() []loadErrorCase {
	return []loadErrorCase{
		{"claim without source", "claims.csv", "child,reported,2025-07,,S_A,", "child,reported,2025-07,,,",
			[]string{`data/claims.csv:4: no source: every claim needs at least one`}},
		{"unknown relationship type", "claims.csv", "O_A,owns,C_A", "O_A,loves,C_A",
			[]string{`data/claims.csv:3: type: unknown relationship type "loves" (known: adviser_to, arrested_by, assets_frozen_by, associate_of, built_by, citizenship_revoked_by, closed_by, controls, detention_ordered_by, family_of, forfeiture_sought_by, founder_or_chair_of, general_licence_by, holds_position, indicted_by, issued, licence_suspended_by, linked_to, liquidation_ordered_by, located_in, member_of, named_in, officer_of, operates, owns, owns_or_controls, part_of, regulatory_action_by, struck_by, suspended_by, warrant_issued_by)`}},
		{"bad date", "claims.csv", "reported,2020,,S_A", "reported,July 2020,,S_A",
			[]string{`data/claims.csv:2: start: date "July 2020" is not YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"impossible date", "designations.csv", "2025-09-08", "2025-02-30",
			[]string{`data/designations.csv:2: date: date "2025-02-30" is not a day of the calendar`}},
		{"end before start", "raids.csv", "2025-07-17,2025-07-18", "2025-07-17,2025-07-16",
			[]string{`data/raids.csv:4: end date 2025-07-16 is before start date 2025-07-17`}},
		{"unknown claim status", "claims.csv", "child,reported", "child,rumoured",
			[]string{`data/claims.csv:4: status: unknown claim status "rumoured" (want official_record, reported, alleged, disputed or denied)`}},
		{"count not a number", "raids.csv", ",police,234,", ",police,about 234,",
			[]string{`data/raids.csv:2: detained: count "about 234" is not a number (want 234, ~1000, >=270 or >2000)`}},
		{"coordinate not a number", "compounds.csv", "11.5,104.9", "11.5,east",
			[]string{`data/compounds.csv:2: lon: "east" is not a number`}},
		{"end without start", "claims.csv", "reported,2020,,S_A", "reported,,2021,S_A",
			[]string{`data/claims.csv:2: end date 2021 without a start date`}},
		{"raid without province", "raids.csv", "2025-07-18,Kampot | Pailin,", "2025-07-18,,",
			[]string{`data/raids.csv:4: raid R2 has no province`}},
		{"raid without date", "raids.csv", "R1,2025-07-14,", "R1,,",
			[]string{`data/raids.csv:2: raid R1 has no date`}},
		{"raid account without source", "raids.csv", ">=230,,,,,reported,S_B,", ">=230,,,,,reported,,",
			[]string{`data/raids.csv:3: no source: every claim needs at least one`}},
		{"statement without text", "statements.csv", "as many as 350 active sites", "",
			[]string{`data/statements.csv:2: statement ST_1 has no text`}},
		{"source without url or note", "sources.csv", "https://example.org/a,A story,", ",A story,",
			[]string{`data/sources.csv:2: source S_A has no url; say in its note why (e.g. the copy in shared/sources carries none)`}},
		{"entity without name", "people.csv", "P_B,Beta Person,", "P_B,  ,",
			[]string{`data/people.csv:3: entity P_B has no name`}},
		{"organization without kind", "organizations.csv", "O_A,company,", "O_A,,",
			[]string{`data/organizations.csv:3: org_kind: unknown organization kind "" (want company, government_body, political_party, ngo_research or media)`}},
		{"compound status without source", "compounds.csv", "operating,2024,reported,S_A", "operating,2024,reported,",
			[]string{`data/compounds.csv:2: compound C_A: status operating has no source`}},
		{"compound status without claim status", "compounds.csv", "operating,2024,reported,S_A", "operating,2024,,S_A",
			[]string{`data/compounds.csv:2: status_claim: missing claim status (official_record, reported, alleged, disputed or denied)`}},
		{"designation without date or note", "designations.csv", "not verified,2025-09-08,", "not verified,,",
			[]string{`data/designations.csv:2: designation D_1 has no date; give on_or_before (e.g. the date of the list read) or say in its note what is known of it`}},
		{"source without title", "sources.csv", "https://example.org/a,A story,", "https://example.org/a,,",
			[]string{`data/sources.csv:2: source S_A has no title`}},
		{"latitude without longitude", "compounds.csv", "11.5,104.9", "11.5,",
			[]string{`data/compounds.csv:2: lat and lon go together: give both or neither`}},
		{"malformed breakdown", "raids.csv", "Fictionalian:200:20 | Otherlander:34:", "Fictionalian:200:20:9",
			[]string{`data/raids.csv:2: breakdown: "Fictionalian:200:20:9" is not Nationality:count:women`}},
	}
}

// TestMalformedCSV: a stray or unclosed quote anywhere, the first column
// and the header included, is reported where its record starts, with the
// field and what is wrong, and never panics. The rows that could be read
// are kept; references to the ids of a file that could not be read
// completely are counted, not reported one by one.
func TestMalformedCSV(t *testing.T) {
	const unchecked = "not checked, since data/%s could not be read completely"
	for _, tc := range []struct {
		name string
		file string
		from string // replaced in the file
		to   string
		want []string // every line expected, in order
	}{
		{"bare quote in the first column", "people.csv", "P_B,Beta", `P_"B,Beta`,
			[]string{`data/people.csv:3: malformed CSV in field 1 (id): bare " in non-quoted-field at column 3 (quote the whole field and double the quote: "a ""b"" c")`,
				"data/people.csv:3: 1 reference to entities was " + fmt.Sprintf(unchecked, "people.csv")}},
		{"unclosed quote in the first column", "people.csv", "P_B,Beta", `"P_B,Beta`,
			[]string{`data/people.csv:3: malformed CSV in field 1 (id): the quote that opens it is never closed, so everything to the end of the file (line 3) was read into it`,
				"data/people.csv:3: 1 reference to entities was " + fmt.Sprintf(unchecked, "people.csv")}},
		{"stray quote after a quoted first column", "people.csv", "P_B,Beta", `"P_B"x,Beta`,
			[]string{`data/people.csv:3: malformed CSV in field 1 (id): extraneous or missing " in quoted-field at column 5 (inside a quoted field, write a quote as "")`,
				"data/people.csv:3: 1 reference to entities was " + fmt.Sprintf(unchecked, "people.csv")}},
		{"quote running on to a later line", "people.csv", "P_A,Alpha Person,Alpha | 阿尔法,XX,\nP_B,Beta Person,", "\"P_A,Alpha Person,Alpha | 阿尔法,XX,\nP_B,\"Beta Person\",",
			[]string{`data/people.csv:2: malformed CSV in field 1 (id): the quote that opens it is not closed on its line, so the field ran on to a stray " at line 3, column 5, reading everything between into it`,
				"data/people.csv:2: 4 references to entities were " + fmt.Sprintf(unchecked, "people.csv")}},
		{"unclosed quote reported where it opens", "organizations.csv", "government_body,Fictional Office", `government_body,"Fictional Office`,
			[]string{`data/organizations.csv:2: malformed CSV in field 3 (name): the quote that opens it is never closed, so everything to the end of the file (line 3) was read into it`,
				"data/organizations.csv:2: 3 references to entities were " + fmt.Sprintf(unchecked, "organizations.csv")}},
		{"rows after a stray quote are read", "organizations.csv", "Fictional Office,", `"Fictional Office"x,`,
			[]string{`data/organizations.csv:2: malformed CSV in field 3 (name): extraneous or missing " in quoted-field at column 38 (inside a quoted field, write a quote as "")`,
				"data/organizations.csv:2: 1 reference to entities was " + fmt.Sprintf(unchecked, "organizations.csv")}},
		{"quote in the header", "people.csv", "id,name", `"id,name`,
			[]string{`data/people.csv:1: malformed CSV in field 1 (id): the quote that opens it is never closed, so everything to the end of the file (line 3) was read into it`,
				"data/people.csv:1: 4 references to entities were " + fmt.Sprintf(unchecked, "people.csv")}},
		{"quotes that swallow a row", "people.csv", "XX,\nP_B,Beta Person,", "\"XX,\nP_B,Beta Person\",",
			[]string{`data/people.csv:2: 7 fields, want 5 (id,name,aliases,country,note); the record runs on to line 3: a field's quotes are probably not paired`,
				"data/people.csv:2: 4 references to entities were " + fmt.Sprintf(unchecked, "people.csv")}},
		{"sources unreadable", "sources.csv", "S_B,official_record", `S_"B,official_record`,
			[]string{`data/sources.csv:3: malformed CSV in field 1 (id): bare " in non-quoted-field at column 3 (quote the whole field and double the quote: "a ""b"" c")`,
				"data/sources.csv:3: 3 references to sources were " + fmt.Sprintf(unchecked, "sources.csv")}},
		{"bare quote in the first column of external ids", seeds.ExternalIDsFile, "P_A,ftm", `P_"A,ftm`,
			[]string{`data/external_ids.csv:2: malformed CSV in field 1 (id): bare " in non-quoted-field at column 3 (quote the whole field and double the quote: "a ""b"" c")`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := valid()
			files[seeds.ExternalIDsFile] = "id,external_id\nP_A,ftm:fx-1\n"
			if !strings.Contains(files[tc.file], tc.from) {
				t.Fatalf("test is broken: %q not in %s", tc.from, tc.file)
			}
			files[tc.file] = strings.Replace(files[tc.file], tc.from, tc.to, 1)
			_, err := load(files)
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("Load: %v, want problems wrapping ErrInvalid", err)
			}
			if got, want := err.Error(), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestEveryFileCheckedWhenOneIsMalformed: a malformed file stops neither
// the checks of the other files nor those of its own rows that could be
// read; only references into it go unchecked, and the report says so.
func TestEveryFileCheckedWhenOneIsMalformed(t *testing.T) {
	files := valid()
	for _, e := range []struct{ file, from, to string }{
		{"people.csv", "P_B,Beta Person", `P_B,Beta "Person"`}, // malformed
		{"people.csv", "P_A,Alpha Person", "P_A,"},             // a readable row of it with a problem
		{"designations.csv", "D_1,O_A", "D_1,O_X"},             // an unknown entity: not checked
		{"claims.csv", "reported,2020,,S_A", "reported,2020,,S_Z"},
		{"statements.csv", "ST_1,", "CL_1,"},
	} {
		if !strings.Contains(files[e.file], e.from) {
			t.Fatalf("test is broken: %q not in %s", e.from, e.file)
		}
		files[e.file] = strings.Replace(files[e.file], e.from, e.to, 1)
	}
	want := []string{
		`data/people.csv:2: entity P_A has no name`,
		`data/people.csv:3: malformed CSV in field 2 (name): bare " in non-quoted-field at column 10 (quote the whole field and double the quote: "a ""b"" c")`,
		`data/people.csv:3: 2 references to entities were not checked, since data/people.csv could not be read completely`,
		`data/claims.csv:2: source "S_Z" is not a known source`,
		`data/statements.csv:2: duplicate id "CL_1" (first defined at data/claims.csv:2)`,
	}
	_, err := load(files)
	if err == nil {
		t.Fatal("Load succeeded, want errors")
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestMissingFile(t *testing.T) {
	files := valid()
	delete(files, "statements.csv")
	_, err := load(files)
	if err == nil || !strings.Contains(err.Error(), "data/statements.csv: missing file") {
		t.Fatalf("error = %v, want a missing-file problem", err)
	}
}

// TestOnOrBeforeColumn: designations.csv may end with on_or_before (the
// date an undated designation is known to have been made by); without it
// (files written before it existed, the curated seeds) it loads as before.
func TestOnOrBeforeColumn(t *testing.T) {
	files := valid()
	files["designations.csv"] = "id,target,authority,program,date,status,sources,note,on_or_before\n" +
		"D_1,O_A,G_A,not verified,,official_record,S_B,,2025-02-07\n"
	d, err := load(files)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := d.Designations[0]; !got.Date.IsZero() || got.OnOrBefore.String() != "2025-02-07" {
		t.Errorf("designation %+v, want undated, on or before 2025-02-07", got)
	}
	files["designations.csv"] = "id,target,authority,program,date,on_or_before,status,sources,note\n"
	_, err = load(files)
	want := "data/designations.csv:1: header is id,target,authority,program,date,on_or_before,status,sources,note, want id,target,authority,program,date,status,sources,note,on_or_before"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Load: %v, want %q", err, want)
	}
}

func TestExternalIDs(t *testing.T) {
	files := valid()
	files[seeds.ExternalIDsFile] = "id,external_id\nP_A,ftm:fx-1\nP_A,ofac:123\n"
	d, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Entities[0].ExternalIDs; len(got) != 2 || got[0] != "ftm:fx-1" || got[1] != "ofac:123" {
		t.Errorf("P_A external ids = %q", got)
	}
	files[seeds.ExternalIDsFile] = "id,external_id\nP_Z,ftm:fx-1\nP_A,no-scheme\n"
	_, err = load(files)
	want := "data/external_ids.csv:2: \"P_Z\" is not an entity of the dataset\ndata/external_ids.csv:3: want an entity id and an external id scheme:value, got \"P_A,no-scheme\""
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want\n%s", err, want)
	}
}

// withPlaces is valid() in the current format, with a place column whose
// compounds.csv and raids.csv rows are given.
func withPlaces(compounds, raids string) map[string]string {
	f := valid()
	f["organizations.csv"] = "id,org_kind,name,aliases,country,province,place,note\n" +
		"G_A,government_body,Fictional Office,,XX,,,\n" +
		"O_A,company,Alpha Co,,XX,Kampot,,\n"
	f["compounds.csv"] = "id,name,aliases,country,province,district,commune,place,lat,lon,status,status_date,status_claim,status_sources,note\n" +
		"C_A,Alpha Park,,XX,Kampot,,,,11.5,104.9,operating,2024,reported,S_A,\n" + compounds
	f["raids.csv"] = "id,start,end,province,district,commune,place,site,agency,detained,breakdown,women,nationalities,outcomes,status,sources,note\n" +
		"R1,2025-07-14,,Kampot,,,,C_A,police,234,,,,,reported,S_A,\n" + raids
	return f
}

// A place is the gazetteer unit the text names, or the code given, checked
// against the text; a dataset written before places (no place column, as
// valid()) has its places found from the text.
func TestPlaces(t *testing.T) {
	old, err := load(valid())
	if err != nil {
		t.Fatal(err)
	}
	if got := old.Entities[3].Place + " " + strings.Join(old.Raids[1].Places, ","); got != "07 07,24" {
		t.Errorf("places of a dataset without a place column: %q, want C_A at 07 and R2 at 07,24", got)
	}
	d, err := load(withPlaces(
		"C_B,Bee House,,KH,Phnom Penh,Toul Kork,Phsar Depo 1,,,,,,,,\n"+
			"C_C,Sea House,,KH,Preah Sihanouk,Sihanoukville,Sangkat Bei,180103,,,,,,,\n",
		"R2,2025-07-17,,Phnom Penh,Boeung Keng Kang; Sen Sok,,,,,,,,,,reported,S_A,\n"+
			"R3,2025-07-18,,Kandal | Stung Treng,,,08 | 19,,,,,,,,reported,S_A,\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range d.Entities {
		got[e.ID] = e.Place
	}
	for _, r := range d.Raids {
		got[r.ID] = strings.Join(r.Places, ",")
	}
	for id, want := range map[string]string{"O_A": "07", "C_A": "07", "C_B": "120401", "C_C": "180103", "R1": "07", "R2": "1213,1208", "R3": "08,19", "G_A": ""} {
		if got[id] != want {
			t.Errorf("%s at %q, want %q", id, got[id], want)
		}
	}
}

func TestPlaceErrors(t *testing.T) {
	for _, tc := range []struct {
		name, compounds, raids, want string
	}{
		{"misspelt", "C_B,B,,KH,Kampong Sleu,,,,,,,,,,\n", "",
			`data/compounds.csv:3: place: province "Kampong Sleu" is not in the gazetteer; nearest: province 05 (Kampong Speu, កំពង់ស្ពឺ)`},
		{"unknown", "C_B,B,,KH,Atlantis,,,,,,,,,,\n", "",
			`data/compounds.csv:3: place: province "Atlantis" is not in the gazetteer (no unit is spelled alike)`},
		{"ambiguous", "C_B,B,,KH,Battambang,,Chrey,,,,,,,,\n", "",
			`data/compounds.csv:3: place: commune "Chrey" is ambiguous in province 02 (Battambang, បាត់ដំបង): it may be commune 020204 (Chrey, ជ្រៃ) or commune 020605 (Chrey, ជ្រៃ); give the unit's code`},
		{"code against the text", "C_B,B,,KH,Kep,,,07,,,,,,,\n", "",
			`data/compounds.csv:3: place: code 07 lies in province 07 (Kampot, កំពត), but the text's province "Kep" is province 23 (Kep, កែប)`},
		{"unknown code", "C_B,B,,KH,Kep,,,2399,,,,,,,\n", "",
			`data/compounds.csv:3: place: no unit with code "2399" in the gazetteer`},
		{"codes for each province", "", "R2,2025-07-17,,Kandal | Kep,,,08,,,,,,,,reported,S_A,\n",
			`data/raids.csv:3: place: 1 codes for 2 places (one per province, or per district when the district column lists several)`},
		{"districts without their province", "", "R2,2025-07-17,,,Keng Kang; Sen Sok,,,,,,,,,,reported,S_A,\n",
			`data/raids.csv:3: place: a raid over several districts (Keng Kang; Sen Sok) names their province`},
		{"raid district", "", "R2,2025-07-17,,Phnom Penh,Toul Kok Kok,,,,,,,,,,reported,S_A,\n",
			`data/raids.csv:3: place: district "Toul Kok Kok" is not in the gazetteer in province 12 (Phnom Penh, រាជធានីភ្នំពេញ)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(withPlaces(tc.compounds, tc.raids))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant it to say %s", err, tc.want)
			}
		})
	}
}
