package httpapi_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/httpapi"
)

// The tests in this file run on the fictional fixture of graph/storetest:
//
//	C_A  owned by O_HOLD, owned by P_KID (2021 to 2023-12), child of P_SEN (a senator): 3 hops; raided 2025-07-14
//	C_B  operated by P_ADV (alleged), adviser to P_SEN from 2023-06: 2 hops, alleged
//	C_C  itself designated on 2024-09-12: 0 hops
//	C_D  linked_to P_SEN (not followed by default); raided 2025-07-20 (alleged account)
//	C_E  4 hops from P_SEN      C_F  owned by a sanctioned company (denied)
//	C_G  raided 2024-10 and 2025-07-16, never connected

// entitySource, entityClaim and entityResult are what TestEntity asks of C_A.
type entitySource struct{ ID, Kind, Title, Publisher, URL, Published string }
type entityClaim struct {
	Type, Status, Relation, Start, End string
	From, To                           struct{ ID string }
	Sources                            []entitySource
}
type entityResult struct {
	Entity struct {
		Typename    string `json:"__typename"`
		ID, Kind    string
		Name        string
		Aliases     []string
		Province    string
		Coordinates struct{ Lat, Lon float64 }
		Status      struct {
			State, Date, ClaimStatus string
			Sources                  []entitySource
		}
		Raids []struct {
			ID, Start string
			Accounts  []struct {
				Detained struct {
					Value           int
					Qualifier, Text string
				}
				Breakdown []struct {
					Nationality  string
					Count, Women struct{ Value int }
				}
				Status  string
				Sources []entitySource
			}
		}
		Flags         struct{ PoliticallyExposed, RelativeOrCloseAssociate, Sanctioned bool }
		Relationships struct {
			TotalCount int
			Edges      []struct {
				Direction string
				Node      struct{ ID, Name string }
				Claim     entityClaim
			}
		}
	}
}

func TestEntity(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	got := must[entityResult](t, post(t, h, `query($id: ID!) {
		entity(id: $id) {
			__typename id kind name aliases
			flags { politicallyExposed relativeOrCloseAssociate sanctioned }
			relationships {
				totalCount
				edges { direction node { id name } claim { type status relation start end from { id } to { id }
					sources { id kind title publisher url published } } }
			}
			... on Compound {
				province coordinates { lat lon }
				status { state date claimStatus sources { id title url } }
				raids { id start accounts { detained { value qualifier text } breakdown { nationality count { value } women { value } } status sources { id } } }
			}
		}
	}`, map[string]any{"id": "C_A"}))
	e := got.Entity
	if e.Typename != "Compound" || e.Kind != "COMPOUND" || e.Name != "Alpha Park" || !slices.Equal(e.Aliases, []string{"阿尔法园区"}) || e.Province != "Kampot" {
		t.Errorf("C_A = %+v", e)
	}
	if e.Coordinates.Lat != 11.5 || e.Coordinates.Lon != 104.9 {
		t.Errorf("coordinates = %+v", e.Coordinates)
	}
	if e.Status.State != "OPERATING" || e.Status.Date != "2025-07" || e.Status.ClaimStatus != "REPORTED" || len(e.Status.Sources) != 1 || e.Status.Sources[0].URL != "https://example.org/news" {
		t.Errorf("status = %+v, want OPERATING as of 2025-07 (month precision kept), reported, with its source", e.Status)
	}
	if e.Flags.PoliticallyExposed || e.Flags.Sanctioned {
		t.Errorf("flags = %+v", e.Flags)
	}
	if len(e.Raids) != 1 || e.Raids[0].ID != "R_FX_1" || e.Raids[0].Start != "2025-07-14" || len(e.Raids[0].Accounts) != 2 {
		t.Fatalf("raids = %+v, want R_FX_1 with both accounts", e.Raids)
	}
	a1, a2 := e.Raids[0].Accounts[0], e.Raids[0].Accounts[1]
	if a1.Detained.Value != 234 || a1.Detained.Qualifier != "EXACT" || a1.Detained.Text != "234" || len(a1.Breakdown) != 1 || a1.Breakdown[0].Women.Value != 20 {
		t.Errorf("first account = %+v", a1)
	}
	if a2.Detained.Value != 230 || a2.Detained.Qualifier != "AT_LEAST" || a2.Detained.Text != ">=230" || a2.Sources[0].ID != "S_FX_NGO" {
		t.Errorf("second account = %+v, want >=230 kept with its qualifier", a2)
	}
	if e.Relationships.TotalCount != 1 || len(e.Relationships.Edges) != 1 {
		t.Fatalf("relationships = %+v", e.Relationships)
	}
	ed := e.Relationships.Edges[0]
	wantSources := []entitySource{
		{ID: "S_FX_GAZETTE", Kind: "OFFICIAL_RECORD", Title: "Fictional Gazette, Designations", Publisher: "Fixture Ministry", URL: "https://example.org/gazette", Published: "2024-09-12"},
		{ID: "S_FX_NEWS", Kind: "NEWS", Title: "Fictional Daily: Who owns the parks", Publisher: "Fictional Daily", URL: "https://example.org/news", Published: "2025-07"},
	}
	if ed.Direction != "IN" || ed.Node.ID != "O_HOLD" || ed.Claim.Type != "OWNS" || ed.Claim.Status != "OFFICIAL_RECORD" ||
		ed.Claim.From.ID != "O_HOLD" || ed.Claim.To.ID != "C_A" || !slices.Equal(ed.Claim.Sources, wantSources) {
		t.Errorf("edge = %+v\nwant O_HOLD owns C_A, official, sources %+v", ed, wantSources)
	}
}

func TestFlagsAndSanctions(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	type flags struct{ PoliticallyExposed, RelativeOrCloseAssociate, Sanctioned bool }
	for _, tc := range []struct {
		id, args string
		want     flags
	}{
		{"P_SEN", "", flags{PoliticallyExposed: true}},
		{"P_KID", "", flags{RelativeOrCloseAssociate: true}},
		{"P_ADV", "", flags{RelativeOrCloseAssociate: true}},
		{"P_ADV", `(asOf: "2023-05")`, flags{}},               // the advice begins 2023-06
		{"P_ADV", `(minClaimStatus: REPORTED)`, flags{}},      // the advice is only alleged
		{"C_C", "", flags{Sanctioned: true}},                  // designated 2024-09-12
		{"C_C", `(asOf: "2024-09")`, flags{Sanctioned: true}}, // a month is taken generously
		{"C_C", `(asOf: "2024-09-11")`, flags{}},              // the day before
		{"O_SANC", `(minClaimStatus: OFFICIAL_RECORD)`, flags{Sanctioned: true}},
	} {
		got := must[struct{ Entity struct{ Flags flags } }](t, post(t, h, fmt.Sprintf(`{ entity(id: %q) { flags%s { politicallyExposed relativeOrCloseAssociate sanctioned } } }`, tc.id, tc.args), nil))
		if got.Entity.Flags != tc.want {
			t.Errorf("%s flags%s = %+v, want %+v", tc.id, tc.args, got.Entity.Flags, tc.want)
		}
	}
	got := must[struct {
		Entity struct {
			Sanctions []struct {
				ID, Program, Date, Status string
				Target                    struct{ ID string }
				Authority                 struct{ ID, OrganizationKind string }
				Sources                   []struct{ URL string }
			}
		}
	}](t, post(t, h, `{ entity(id: "C_C") { sanctions { id program date status target { id } authority { id organizationKind } sources { url } } } }`, nil))
	s := got.Entity.Sanctions
	if len(s) != 1 || s[0].ID != "D_FX_1" || s[0].Program != "FIXTURE" || s[0].Date != "2024-09-12" || s[0].Status != "OFFICIAL_RECORD" ||
		s[0].Target.ID != "C_C" || s[0].Authority.ID != "G_FX_GOV" || s[0].Authority.OrganizationKind != "GOVERNMENT_BODY" || s[0].Sources[0].URL != "https://example.org/gazette" {
		t.Errorf("C_C sanctions = %+v", s)
	}
}

func TestSearch(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	type hits struct {
		Search struct {
			TotalCount int
			Edges      []struct {
				Match, Rank string
				Node        struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
		}
	}
	ids := func(r hits) []string {
		var out []string
		for _, e := range r.Search.Edges {
			out = append(out, e.Node.ID+":"+e.Rank)
		}
		return out
	}
	for _, tc := range []struct {
		args string
		want []string
	}{
		{`query: "alpha"`, []string{"C_A:PREFIX", "P_SEN:SUBSTRING"}},
		{`query: "阿尔法"`, []string{"P_SEN:EXACT", "C_A:PREFIX"}}, // an alias in another script
		{`query: "CASINO-o"`, []string{"C_C:EXACT"}},            // case, punctuation and accents folded
		{`query: "okna"`, []string{"P_SEN:PREFIX"}},             // Ōkna
		{`query: "alpha", kinds: [PERSON]`, []string{"P_SEN:SUBSTRING"}},
		{`query: "co", kinds: [ORGANIZATION], first: 2`, []string{"O_FAR:SUBSTRING", "O_HOLD:SUBSTRING"}},
		{`query: "zzz"`, nil},
	} {
		got := must[hits](t, post(t, h, `{ search(`+tc.args+`) { totalCount edges { match rank node { __typename id } } } }`, nil))
		if !slices.Equal(ids(got), tc.want) {
			t.Errorf("search(%s) = %v, want %v", tc.args, ids(got), tc.want)
		}
	}
}

// page is what the pagination tests read of a connection.
type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage            bool
		StartCursor, EndCursor *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
	Nodes []struct{ ID string }
}

func (p page) ids() []string {
	var out []string
	for _, e := range p.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

// walk pages through a listing with first: n and returns every page.
func walk(t *testing.T, h http.Handler, field string, n int) []page {
	t.Helper()
	var pages []page
	after := ""
	for range 20 {
		resp := post(t, h, `query($first: Int, $after: String) { `+field+`(first: $first, after: $after) {
			totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor node { id } } nodes { id } } }`,
			map[string]any{"first": n, "after": after})
		got := must[map[string]page](t, resp)[field]
		pages = append(pages, got)
		if !got.PageInfo.HasNextPage {
			return pages
		}
		after = *got.PageInfo.EndCursor
	}
	t.Fatalf("%s: more than 20 pages", field)
	return nil
}

func TestPagination(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		field string
		n     int
		want  [][]string
	}{
		{"compounds", 3, [][]string{{"C_A", "C_B", "C_C"}, {"C_D", "C_E", "C_F"}, {"C_G"}}},
		{"raids", 2, [][]string{{"R_FX_3", "R_FX_1"}, {"R_FX_2", "R_FX_4"}, {"R_FX_5"}}},
		{"sources", 2, [][]string{{"S_FX_GAZETTE", "S_FX_NEWS"}, {"S_FX_NGO"}}},
	} {
		pages := walk(t, h, tc.field, tc.n)
		var got [][]string
		total := 0
		for _, p := range pages {
			got = append(got, p.ids())
			for i, e := range p.Edges {
				if p.Nodes[i].ID != e.Node.ID {
					t.Errorf("%s: nodes %v differ from edges %v", tc.field, p.Nodes, p.ids())
				}
			}
			if last := p.Edges[len(p.Edges)-1].Cursor; *p.PageInfo.EndCursor != last || *p.PageInfo.StartCursor != p.Edges[0].Cursor {
				t.Errorf("%s: page cursors %v %v, edges %+v", tc.field, *p.PageInfo.StartCursor, *p.PageInfo.EndCursor, p.Edges)
			}
			total += len(p.Edges)
			if p.TotalCount != pages[0].TotalCount {
				t.Errorf("%s: totalCount changes from page to page", tc.field)
			}
		}
		if !slices.EqualFunc(got, tc.want, slices.Equal) || pages[0].TotalCount != total {
			t.Errorf("%s by %d = %v (totalCount %d), want %v (totalCount %d)", tc.field, tc.n, got, pages[0].TotalCount, tc.want, total)
		}
		// Cursors are stable: the same walk gives the same cursors.
		again := walk(t, h, tc.field, tc.n)
		if *again[0].PageInfo.EndCursor != *pages[0].PageInfo.EndCursor {
			t.Errorf("%s: cursors differ between two identical queries", tc.field)
		}
	}

	// first: 0 gives the count and no items.
	got := must[map[string]page](t, post(t, h, `{ raids(first: 0) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } } }`, nil))["raids"]
	if got.TotalCount != 5 || len(got.Edges) != 0 || !got.PageInfo.HasNextPage || got.PageInfo.EndCursor != nil {
		t.Errorf("raids(first: 0) = %+v, want totalCount 5 and no edges", got)
	}
	// The default page holds everything here; a page past the end is empty.
	all := must[map[string]page](t, post(t, h, `{ compounds { totalCount edges { cursor node { id } } } }`, nil))["compounds"]
	if all.TotalCount != 7 || len(all.Edges) != 7 {
		t.Errorf("compounds = %+v", all)
	}
	end := must[map[string]page](t, post(t, h, `query($after: String) { compounds(after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }`,
		map[string]any{"after": all.Edges[6].Cursor}))["compounds"]
	if len(end.Edges) != 0 || end.PageInfo.HasNextPage || end.PageInfo.EndCursor != nil || end.TotalCount != 7 {
		t.Errorf("page after the last = %+v", end)
	}
}

func TestRelationships(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	type rels struct {
		Entity struct {
			Relationships struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Direction string
					Node      struct{ ID string }
					Claim     struct{ ID, Type string }
				}
			}
		}
	}
	q := func(args string) rels {
		return must[rels](t, post(t, h, `{ entity(id: "P_SEN") { relationships`+args+` { totalCount pageInfo { hasNextPage endCursor } edges { direction node { id } claim { id type } } } } }`, nil))
	}
	claims := func(r rels) []string {
		var out []string
		for _, e := range r.Entity.Relationships.Edges {
			out = append(out, e.Claim.ID)
		}
		return out
	}
	// Ordered by type, then the other end's id, then claim id.
	all := []string{"CL_03", "CL_02", "CL_01", "CL_13", "CL_14", "CL_07", "CL_11"}
	if got := q(""); !slices.Equal(claims(got), all) || got.Entity.Relationships.TotalCount != 7 {
		t.Errorf("P_SEN relationships = %v, want %v", claims(got), all)
	}
	var got []string
	after := ""
	for range 5 {
		p := q(fmt.Sprintf(`(first: 3, after: %q)`, after))
		got = append(got, claims(p)...)
		if p.Entity.Relationships.TotalCount != 7 {
			t.Errorf("totalCount = %d on a page", p.Entity.Relationships.TotalCount)
		}
		if !p.Entity.Relationships.PageInfo.HasNextPage {
			break
		}
		after = p.Entity.Relationships.PageInfo.EndCursor
	}
	if !slices.Equal(got, all) {
		t.Errorf("paging by 3 = %v, want %v", got, all)
	}
	for _, tc := range []struct {
		args string
		want []string
	}{
		{`(types: [ISSUED])`, []string{"CL_13", "CL_14"}},
		{`(types: [ISSUED], asOf: "2025-07-14")`, []string{"CL_13"}}, // the second source dates it a day later
		{`(direction: OUT)`, []string{"CL_01", "CL_13", "CL_14", "CL_11"}},
		{`(direction: IN, minClaimStatus: REPORTED)`, []string{"CL_02", "CL_07"}}, // the alleged advice is left out
		{`(types: [OWNS, FAMILY_OF], direction: IN)`, []string{"CL_02"}},
	} {
		if got := claims(q(tc.args)); !slices.Equal(got, tc.want) {
			t.Errorf("relationships%s = %v, want %v", tc.args, got, tc.want)
		}
	}
	// A denied claim shows only when asked for.
	den := must[rels](t, post(t, h, `{ entity(id: "C_F") { relationships(minClaimStatus: DENIED) { totalCount edges { claim { id type } } } } }`, nil))
	if claims(den)[0] != "CL_12" {
		t.Errorf("C_F relationships with DENIED = %v", claims(den))
	}
	if n := must[rels](t, post(t, h, `{ entity(id: "C_F") { relationships { totalCount } } }`, nil)).Entity.Relationships.TotalCount; n != 0 {
		t.Errorf("C_F relationships by default: totalCount %d, want 0 (the only claim is denied)", n)
	}
}

func TestCompoundFilters(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{`{province: "kampot"}`, []string{"C_A", "C_B"}},
		{`{status: OPERATING}`, []string{"C_A"}},
		{`{raided: true}`, []string{"C_A", "C_D", "C_G"}},
		{`{raided: true, raidedFrom: "2024", raidedTo: "2024"}`, []string{"C_G"}},
		{`{raided: true, minClaimStatus: REPORTED}`, []string{"C_A", "C_G"}}, // C_D's only account is alleged
		{`{connected: true}`, []string{"C_A", "C_B", "C_C"}},
		{`{connected: true, maxHops: 4}`, []string{"C_A", "C_B", "C_C", "C_E"}},
		{`{connected: true, asOf: "2024-06"}`, []string{"C_B"}},
		{`{raided: true, connected: false}`, []string{"C_D", "C_G"}},
		{`{raided: false, connected: true, province: "Kandal"}`, []string{"C_C"}},
	} {
		got := must[map[string]page](t, post(t, h, `{ compounds(filter: `+tc.filter+`) { totalCount edges { node { id } } } }`, nil))["compounds"]
		if !slices.Equal(got.ids(), tc.want) || got.TotalCount != len(tc.want) {
			t.Errorf("compounds(filter: %s) = %v (totalCount %d), want %v", tc.filter, got.ids(), got.TotalCount, tc.want)
		}
	}
}

func TestRaidFilters(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{`{from: "2025-07-15", to: "2025-07-17"}`, []string{"R_FX_2", "R_FX_4"}}, // R_FX_4 spans 07-17..18
		{`{from: "2025"}`, []string{"R_FX_1", "R_FX_2", "R_FX_4", "R_FX_5"}},
		{`{to: "2024-12"}`, []string{"R_FX_3"}},
		{`{province: "kep"}`, []string{"R_FX_4"}}, // one of the raid's provinces
		{`{site: "C_G"}`, []string{"R_FX_3", "R_FX_2"}},
		{`{site: "C_G", from: "2025-07"}`, []string{"R_FX_2"}},
	} {
		got := must[map[string]page](t, post(t, h, `{ raids(filter: `+tc.filter+`) { totalCount edges { node { id } } } }`, nil))["raids"]
		if !slices.Equal(got.ids(), tc.want) || got.TotalCount != len(tc.want) {
			t.Errorf("raids(filter: %s) = %v (totalCount %d), want %v", tc.filter, got.ids(), got.TotalCount, tc.want)
		}
	}
	got := must[struct {
		Raids struct {
			Nodes []struct {
				ID, Start, End, Status string
				Provinces              []string
				Site                   *struct{ ID string }
				Sources                []struct{ ID string }
				Accounts               []struct {
					Detained struct{ Text string }
					Outcomes []string
				}
			}
		}
	}](t, post(t, h, `{ raids(filter: {province: "Kandal"}) { nodes { id start end status provinces site { id } sources { id } accounts { detained { text } outcomes } } } }`, nil))
	r := got.Raids.Nodes
	if len(r) != 2 || r[0].ID != "R_FX_4" || r[0].Start != "2025-07-17" || r[0].End != "2025-07-18" || r[0].Site != nil ||
		!slices.Equal(r[0].Provinces, []string{"Kandal", "Kep"}) || r[0].Accounts[0].Detained.Text != ">=500" ||
		!slices.Equal(r[0].Accounts[0].Outcomes, []string{"suspects released"}) || r[1].Status != "ALLEGED" || r[1].Site.ID != "C_D" {
		t.Errorf("raids in Kandal = %+v", r)
	}
}

// row is what the assessment tests read of a row.
type row struct {
	Site      struct{ ID string }
	Raided    bool
	Connected bool
	Raids     []struct{ ID string }
	Evidence  []struct {
		Path struct {
			Length             int
			WeakestClaimStatus *string
			Start, End         struct{ ID string }
			Hops               []struct {
				From, To struct{ ID string }
				Claim    struct {
					ID, Type, Status string
					Sources          []struct{ ID, URL string }
				}
			}
		}
		Reasons []reason
	}
}

type reason struct {
	Kind        string
	Entity      struct{ ID string }
	Claim       *struct{ ID string }
	Designation *struct{ ID, Program string }
}

type table struct {
	Parameters struct {
		From, To, AsOf    *string
		MaxHops           int
		MinClaimStatus    string
		RelationshipTypes []string
		PathsPerSite      int
	}
	RaidedConnected, RaidedUnconnected, UnraidedConnected, UnraidedUnconnected, Sites []row
}

func (tb table) cells() [4][]string {
	var out [4][]string
	for i, cell := range [][]row{tb.RaidedConnected, tb.RaidedUnconnected, tb.UnraidedConnected, tb.UnraidedUnconnected} {
		for _, r := range cell {
			out[i] = append(out[i], r.Site.ID)
		}
	}
	return out
}

const assessmentSelection = `
	parameters { from to asOf maxHops minClaimStatus relationshipTypes pathsPerSite }
	raidedConnected { ...row } raidedUnconnected { ...row } unraidedConnected { ...row } unraidedUnconnected { ...row } sites { ...row }
}}
fragment row on SiteAssessment {
	site { id } raided connected raids { id }
	evidence {
		path { length weakestClaimStatus start { id } end { id }
			hops { from { id } to { id } claim { id type status sources { id url } } } }
		reasons { kind entity { id } claim { id } designation { id program } }
	}
}`

func assess(t *testing.T, h http.Handler, args string) table {
	t.Helper()
	if args != "" {
		args = "(" + args + ")"
	}
	return must[struct{ SiteAssessment table }](t, post(t, h, `{ siteAssessment`+args+` {`+assessmentSelection, nil)).SiteAssessment
}

func TestSiteAssessment(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		args string
		want [4][]string // raided connected, raided unconnected, unraided connected, unraided unconnected
	}{
		{"", [4][]string{{"C_A"}, {"C_D", "C_G"}, {"C_B", "C_C"}, {"C_E", "C_F"}}},
		{`from: "2025-07", to: "2025-07"`, [4][]string{{"C_A"}, {"C_D", "C_G"}, {"C_B", "C_C"}, {"C_E", "C_F"}}},
		{`from: "2024", to: "2024"`, [4][]string{nil, {"C_G"}, {"C_A", "C_B", "C_C"}, {"C_D", "C_E", "C_F"}}},
		{`maxHops: 4`, [4][]string{{"C_A"}, {"C_D", "C_G"}, {"C_B", "C_C", "C_E"}, {"C_F"}}},
		{`maxHops: 2`, [4][]string{nil, {"C_A", "C_D", "C_G"}, {"C_B", "C_C"}, {"C_E", "C_F"}}},
		// As of mid-2024 P_KID no longer owns O_HOLD, and C_C is not yet designated.
		{`asOf: "2024-06"`, [4][]string{nil, {"C_A", "C_D", "C_G"}, {"C_B"}, {"C_C", "C_E", "C_F"}}},
		// Reported at least: the alleged advice and the alleged raid account drop out.
		{`minClaimStatus: REPORTED`, [4][]string{{"C_A"}, {"C_G"}, {"C_C"}, {"C_B", "C_D", "C_E", "C_F"}}},
		// A denied claim counts only when asked for: C_F is then owned by a sanctioned company.
		{`minClaimStatus: DENIED`, [4][]string{{"C_A"}, {"C_D", "C_G"}, {"C_B", "C_C", "C_F"}, {"C_E"}}},
		// linked_to is followed only when asked for.
		{`relationshipTypes: [LINKED_TO]`, [4][]string{{"C_D"}, {"C_A", "C_G"}, {"C_C"}, {"C_B", "C_E", "C_F"}}},
	} {
		got := assess(t, h, tc.args)
		if cells := got.cells(); !slices.EqualFunc(cells[:], tc.want[:], slices.Equal) {
			t.Errorf("siteAssessment(%s) cells = %v\nwant %v", tc.args, got.cells(), tc.want)
		}
		if len(got.Sites) != 7 {
			t.Errorf("siteAssessment(%s): %d sites, want 7", tc.args, len(got.Sites))
		}
	}

	tb := assess(t, h, "")
	if p := tb.Parameters; p.MaxHops != 3 || p.MinClaimStatus != "ALLEGED" || p.PathsPerSite != 25 || p.From != nil || p.AsOf != nil ||
		!slices.Contains(p.RelationshipTypes, "OWNS") || slices.Contains(p.RelationshipTypes, "LINKED_TO") {
		t.Errorf("parameters = %+v, want the defaults filled in", p)
	}
	a := tb.RaidedConnected[0]
	if !a.Raided || !a.Connected || len(a.Raids) != 1 || a.Raids[0].ID != "R_FX_1" || len(a.Evidence) != 1 {
		t.Fatalf("C_A row = %+v", a)
	}
	// Every hop with its claim, status and sources; the path as weak as its weakest claim.
	p := a.Evidence[0].Path
	var hops []string
	for _, hp := range p.Hops {
		hops = append(hops, fmt.Sprintf("%s-%s(%s %s %d)->%s", hp.From.ID, hp.Claim.ID, hp.Claim.Type, hp.Claim.Status, len(hp.Claim.Sources), hp.To.ID))
	}
	wantHops := []string{"C_A-CL_05(OWNS OFFICIAL_RECORD 2)->O_HOLD", "O_HOLD-CL_04(OWNS REPORTED 1)->P_KID", "P_KID-CL_02(FAMILY_OF REPORTED 1)->P_SEN"}
	if !slices.Equal(hops, wantHops) || p.Length != 3 || *p.WeakestClaimStatus != "REPORTED" || p.Start.ID != "C_A" || p.End.ID != "P_SEN" {
		t.Errorf("C_A evidence = %v (length %d, weakest %v)\nwant %v", hops, p.Length, *p.WeakestClaimStatus, wantHops)
	}
	if r := a.Evidence[0].Reasons; len(r) != 1 || r[0].Kind != "POLITICALLY_EXPOSED" || r[0].Entity.ID != "P_SEN" || r[0].Claim.ID != "CL_01" || r[0].Designation != nil {
		t.Errorf("C_A reasons = %+v, want P_SEN politically exposed by CL_01", r)
	}
	c := tb.UnraidedConnected[1]
	if c.Site.ID != "C_C" || len(c.Evidence) != 1 || c.Evidence[0].Path.Length != 0 || c.Evidence[0].Path.WeakestClaimStatus != nil ||
		c.Evidence[0].Reasons[0].Kind != "SANCTIONED" || c.Evidence[0].Reasons[0].Designation.ID != "D_FX_1" {
		t.Errorf("C_C row = %+v, want connected at 0 hops by its own designation", c)
	}
	if b := tb.UnraidedConnected[0]; b.Evidence[0].Path.Length != 2 || *b.Evidence[0].Path.WeakestClaimStatus != "ALLEGED" {
		t.Errorf("C_B evidence = %+v, want 2 hops, alleged", b.Evidence)
	}
}

func TestPaths(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	type paths struct {
		Paths []struct {
			Length             int
			WeakestClaimStatus string
			Hops               []struct {
				From, To struct{ ID string }
				Claim    struct {
					ID      string
					Sources []struct{ Title, URL, Published string }
				}
			}
		}
	}
	got := must[paths](t, post(t, h, `{ paths(from: "C_A", to: "P_SEN") { length weakestClaimStatus hops { from { id } to { id } claim { id sources { title url published } } } } }`, nil))
	if len(got.Paths) != 1 || got.Paths[0].Length != 3 || got.Paths[0].WeakestClaimStatus != "REPORTED" {
		t.Fatalf("paths C_A→P_SEN = %+v", got.Paths)
	}
	h0 := got.Paths[0].Hops[0]
	if h0.From.ID != "C_A" || h0.To.ID != "O_HOLD" || h0.Claim.ID != "CL_05" || len(h0.Claim.Sources) != 2 || h0.Claim.Sources[0].Published != "2024-09-12" {
		t.Errorf("first hop = %+v", h0)
	}
	for _, tc := range []struct {
		args string
		want int
	}{
		{`from: "C_A", to: "P_SEN", maxHops: 2`, 0},
		{`from: "C_A", to: "P_SEN", asOf: "2024-01"`, 0}, // P_KID's ownership ended 2023-12
		{`from: "C_A", to: "P_SEN", asOf: "2023-12"`, 1},
		{`from: "C_A", to: "P_SEN", minClaimStatus: OFFICIAL_RECORD`, 0},
		{`from: "C_A", to: "P_SEN", relationshipTypes: [OWNS]`, 0},
		{`from: "C_E", to: "P_SEN", maxHops: 4`, 1},
		{`from: "P_SEN", to: "DOC_FX", maxHops: 1`, 2}, // two sources, two claims, both kept
		{`from: "P_SEN", to: "DOC_FX", maxHops: 1, limit: 1`, 1},
	} {
		got := must[paths](t, post(t, h, `{ paths(`+tc.args+`) { length } }`, nil))
		if len(got.Paths) != tc.want {
			t.Errorf("paths(%s): %d paths, want %d", tc.args, len(got.Paths), tc.want)
		}
	}
}

func TestSourcesAndStatements(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	got := must[struct {
		Source struct {
			ID, Kind, Title, Publisher, URL, Published string
			Note                                       *string
		}
		Statements []struct {
			ID, Topic, Text, Date, Status string
			Subject                       *struct{ ID string }
			Sources                       []struct{ ID string }
		}
		DatasetVersion string
	}](t, post(t, h, `{ source(id: "S_FX_NGO") { id kind title publisher url published note }
		statements(topic: "scam_sites_estimate") { id topic text date status subject { id } sources { id } }
		datasetVersion }`, nil))
	if s := got.Source; s.Kind != "NGO_REPORT" || s.Published != "2025" || s.URL != "https://example.org/ngo" || s.Note != nil {
		t.Errorf("source = %+v, want the year-precision date kept and a null note", s)
	}
	if st := got.Statements; len(st) != 1 || st[0].Text != "as many as 350 active sites" || st[0].Date != "2025-07" || st[0].Subject != nil || st[0].Sources[0].ID != "S_FX_NEWS" {
		t.Errorf("statements = %+v", st)
	}
	if got.DatasetVersion != "fixture" {
		t.Errorf("datasetVersion = %q, want fixture", got.DatasetVersion)
	}
	none := must[struct{ Statements []struct{ ID string } }](t, post(t, h, `{ statements(subject: "P_SEN") { id } }`, nil))
	if none.Statements == nil || len(none.Statements) != 0 {
		t.Errorf("statements about P_SEN = %+v, want an empty list", none.Statements)
	}
}

func TestDatasetVersionExtension(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, resp := range []response{
		post(t, h, `{ entity(id: "C_A") { id } }`, nil),
		get(t, h, `{ entity(id: "C_A") { id } }`),
		post(t, h, `{ entity(id: "NOPE") { id } }`, nil),
	} {
		if v := resp.Extensions["datasetVersion"]; v != "fixture" {
			t.Errorf("extensions = %v, want datasetVersion fixture", resp.Extensions)
		}
	}
}

func TestArgumentErrors(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		name, query, code, msg string
	}{
		{"unknown entity", `{ entity(id: "NOPE") { id } }`, httpapi.CodeNotFound, `entity "NOPE": not found`},
		{"unknown source", `{ source(id: "S_NOPE") { id } }`, httpapi.CodeNotFound, `source "S_NOPE": not found`},
		{"unknown path end", `{ paths(from: "C_A", to: "NOPE") { length } }`, httpapi.CodeNotFound, `entity "NOPE": not found`},
		{"negative first", `{ compounds(first: -1) { totalCount } }`, httpapi.CodeBadUserInput, "first must not be negative (got -1)"},
		{"first too large", `{ raids(first: 501) { totalCount } }`, httpapi.CodeBadUserInput, "first must be at most 500"},
		{"negative first, nested", `{ entity(id: "C_A") { relationships(first: -5) { totalCount } } }`, httpapi.CodeBadUserInput, "first must not be negative"},
		{"cursor not ours", `{ sources(after: "%%%") { totalCount } }`, httpapi.CodeBadUserInput, `after: "%%%" is not a cursor this service issued`},
		{"blank province", `{ compounds(filter: {province: " "}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.province is blank"},
		{"empty province", `{ compounds(filter: {province: ""}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.province is blank"},
		{"blank raid province", `{ raids(filter: {province: "\t "}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.province is blank"},
		{"empty raid province", `{ raids(filter: {province: ""}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.province is blank"},
		{"empty raid site", `{ raids(filter: {site: ""}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.site is blank"},
		{"blank raid site", `{ raids(filter: {site: "  "}) { totalCount } }`, httpapi.CodeBadUserInput, "filter.site is blank"},
		{"maxHops 0", `{ siteAssessment(maxHops: 0) { sites { site { id } } } }`, httpapi.CodeBadUserInput, "maxHops must be between 1 and 6 (got 0)"},
		{"maxHops 7", `{ paths(from: "C_A", to: "P_SEN", maxHops: 7) { length } }`, httpapi.CodeBadUserInput, "maxHops must be between 1 and 6 (got 7)"},
		{"maxHops in a filter", `{ compounds(filter: {connected: true, maxHops: -1}) { totalCount } }`, httpapi.CodeBadUserInput, "maxHops must be between 1 and 6"},
		{"limit 0", `{ paths(from: "C_A", to: "P_SEN", limit: 0) { length } }`, httpapi.CodeBadUserInput, "limit must be between 1 and 100"},
		{"pathsPerSite 101", `{ siteAssessment(pathsPerSite: 101) { sites { site { id } } } }`, httpapi.CodeBadUserInput, "pathsPerSite must be between 1 and 100"},
		{"month 13", `{ siteAssessment(from: "2025-13") { sites { site { id } } } }`, httpapi.CodeBadUserInput, `date "2025-13" has an impossible month`},
		{"30 February", `{ raids(filter: {from: "2025-02-30"}) { totalCount } }`, httpapi.CodeBadUserInput, `date "2025-02-30" is not a day of the calendar`},
		{"not a date", `{ entity(id: "P_ADV") { flags(asOf: "July 2025") { sanctioned } } }`, httpapi.CodeBadUserInput, "is not YYYY, YYYY-MM or YYYY-MM-DD"},
		{"date as a number", `{ entity(id: "P_ADV") { flags(asOf: 2025) { sanctioned } } }`, httpapi.CodeBadUserInput, "a date is a string"},
		{"window backwards", `{ raids(filter: {from: "2025-08", to: "2025-07"}) { totalCount } }`, httpapi.CodeBadUserInput, "window starts (2025-08) after it ends (2025-07)"},
		{"empty search", `{ search(query: "  ") { totalCount } }`, httpapi.CodeBadUserInput, "search text is empty"},
		{"unknown enum", `{ entity(id: "C_A") { relationships(types: [OWNED_BY]) { totalCount } } }`, httpapi.CodeBadUserInput, `"OWNED_BY" is not a RelationshipType value`},
		{"unknown field", `{ entity(id: "C_A") { owner } }`, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "owner"`},
		{"syntax", `{ entity(id: "C_A") { id }`, "GRAPHQL_PARSE_FAILED", "Expected Name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, h, tc.query, nil), tc.code, tc.msg)
		})
	}
	// A not-found entity is null in the data, beside the error.
	resp := post(t, h, `{ entity(id: "NOPE") { id } }`, nil)
	if string(resp.Data) != `{"entity":null}` || fmt.Sprint(resp.Errors[0].Path) != "[entity]" {
		t.Errorf("data = %s, error path %v", resp.Data, resp.Errors[0].Path)
	}
	// Variables are checked the same way.
	wantError(t, post(t, h, `query($d: Date) { raids(filter: {from: $d}) { totalCount } }`, map[string]any{"d": "2025-7"}), httpapi.CodeBadUserInput, "is not YYYY, YYYY-MM or YYYY-MM-DD")
}

// TestCursorsOfOtherLists: a listing takes only the cursors it issued; a
// string the service did not make, or a cursor of another listing — the
// relationships of another entity included — is BAD_USER_INPUT naming after.
func TestCursorsOfOtherLists(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	type conn struct{ PageInfo struct{ EndCursor string } }
	ends := must[struct {
		Raids, Compounds, Sources, Search conn
		Entity                            struct{ Relationships conn }
	}](t, post(t, h, `{ raids(first: 1) { pageInfo { endCursor } } compounds(first: 1) { pageInfo { endCursor } }
		sources(first: 1) { pageInfo { endCursor } } search(query: "co", first: 1) { pageInfo { endCursor } }
		entity(id: "P_SEN") { relationships(first: 1) { pageInfo { endCursor } } } }`, nil))
	raids, compounds, search, rels := ends.Raids.PageInfo.EndCursor, ends.Compounds.PageInfo.EndCursor, ends.Search.PageInfo.EndCursor, ends.Entity.Relationships.PageInfo.EndCursor
	for _, tc := range []struct {
		name, query, after, msg string
		path                    string
	}{
		{"raids cursor on sources", `query($after: String) { sources(after: $after) { totalCount } }`, raids, "after: this cursor is for raids, not sources", "[sources]"},
		{"search cursor on compounds", `query($after: String) { compounds(after: $after) { totalCount } }`, search, "after: this cursor is for search results, not compounds", "[compounds]"},
		{"compounds cursor on search", `query($after: String) { search(query: "co", after: $after) { totalCount } }`, compounds, "after: this cursor is for compounds, not search results", "[search]"},
		{"relationships cursor on raids", `query($after: String) { raids(after: $after) { totalCount } }`, rels, "after: this cursor is for the relationships of P_SEN, not raids", "[raids]"},
		{"relationships of P_SEN on O_HOLD", `query($after: String) { entity(id: "O_HOLD") { id relationships(after: $after) { totalCount } } }`, rels,
			"after: this cursor is for the relationships of P_SEN, not the relationships of O_HOLD", "[entity relationships]"},
		{"relationships of P_SEN on O_HOLD, found by search", `query($after: String) { search(query: "hold co") { nodes { id relationships(after: $after) { totalCount } } } }`, rels,
			"after: this cursor is for the relationships of P_SEN, not the relationships of O_HOLD", "[search nodes 0 relationships]"},
		{"a compound id in base64", `query($after: String) { compounds(after: $after) { totalCount } }`, "Q19B", `after: "Q19B" is not a cursor this service issued`, "[compounds]"},
		{"cut short", `query($after: String) { raids(after: $after) { totalCount } }`, raids[:len(raids)-3], "is not a cursor this service issued", "[raids]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := post(t, h, tc.query, map[string]any{"after": tc.after})
			wantError(t, resp, httpapi.CodeBadUserInput, tc.msg)
			if len(resp.Errors) == 1 && fmt.Sprint(resp.Errors[0].Path) != tc.path {
				t.Errorf("error path %v, want %s", resp.Errors[0].Path, tc.path)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	// Nested pagination multiplies: 500 × 500 × 500 is refused before it runs.
	abusive := `{ search(query: "a", first: 500) { nodes { relationships(first: 500) { edges { node {
		relationships(first: 500) { edges { node { name } } } } } } } } }`
	resp := post(t, h, abusive, nil)
	wantError(t, resp, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of 20000")
	if resp.Data != nil && string(resp.Data) != "null" {
		t.Errorf("an abusive query returned data %s", resp.Data)
	}
	// Deep nesting with small pages is refused by depth; fragments count.
	deep := `{ entity(id: "C_A") { ...r } }
	fragment r on Entity { relationships(first: 1) { edges { node { relationships(first: 1) { edges { node {
		relationships(first: 1) { edges { node { relationships(first: 1) { edges { node {
		relationships(first: 1) { edges { node { id } } } } } } } } } } } } } } } }`
	wantError(t, post(t, h, deep, nil), httpapi.CodeDepthLimit, "operation has depth 17, which exceeds the limit of 15")
	// The questions the API is for fit comfortably.
	for _, q := range []string{
		`{ siteAssessment {` + assessmentSelection,
		`{ compounds(first: 50) { totalCount nodes { id name province flags { politicallyExposed sanctioned } sanctions { program date sources { url } }
			raids { id start accounts { detained { text } sources { url } } }
			relationships(first: 20) { totalCount edges { direction node { id name } claim { type status start end sources { title url published } } } } } } }`,
	} {
		if resp := post(t, h, q, nil); len(resp.Errors) > 0 {
			t.Errorf("a legitimate query was refused: %+v", resp.Errors)
		}
	}
	// Smaller limits are configurable.
	small := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.MaxComplexity = 10; c.MaxDepth = 3 })
	wantError(t, post(t, small, `{ compounds(first: 20) { nodes { id } } }`, nil), "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of 10")
	wantError(t, post(t, small, `{ entity(id: "C_A") { sanctions { authority { id } } } }`, nil), httpapi.CodeDepthLimit, "depth 4")
}

func TestBodyLimit(t *testing.T) {
	h := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.MaxBodyBytes = 200 })
	resp := post(t, h, `{ search(query: "`+strings.Repeat("a", 300)+`") { totalCount } }`, nil)
	if resp.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.Status)
	}
	wantError(t, resp, httpapi.CodeRequestTooLarge, "larger than the limit of 200 bytes")
	// A body without a Content-Length is cut off the same way.
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ datasetVersion }"}`+strings.Repeat(" ", 300)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	if resp := do(t, h, r); resp.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body: status %d, want 413", resp.Status)
	}
	if resp := post(t, h, `{ datasetVersion }`, nil); len(resp.Errors) > 0 {
		t.Errorf("a small body was refused: %+v", resp.Errors)
	}
}

func TestTimeout(t *testing.T) {
	h := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.RequestTimeout = time.Nanosecond })
	resp := post(t, h, `{ siteAssessment { sites { site { id } } } }`, nil)
	if resp.Status != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.Status)
	}
	wantError(t, resp, httpapi.CodeTimeout, "took longer than the server allows")
}

func TestIntrospection(t *testing.T) {
	on := newHandler(t, fixtureStore(t))
	got := must[struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}](t, post(t, on, `{ __schema { types { name } } }`, nil))
	if !slices.ContainsFunc(got.Schema.Types, func(x struct{ Name string }) bool { return x.Name == "SiteAssessment" }) {
		t.Errorf("introspection on: types %v lack SiteAssessment", got.Schema.Types)
	}
	off := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.Introspection = false })
	for _, q := range []string{
		`{ __schema { types { name } } }`,
		`{ __type(name: "Entity") { name } }`,
		`query { ...f } fragment f on Query { __schema { queryType { name } } }`,
	} {
		wantError(t, post(t, off, q, nil), httpapi.CodeIntrospectionOff, "introspection is disabled")
	}
	if got := must[struct {
		Entity struct {
			Typename string `json:"__typename"`
		}
	}](t, post(t, off, `{ entity(id: "P_SEN") { __typename } }`, nil)); got.Entity.Typename != "Person" {
		t.Errorf("__typename with introspection off = %q", got.Entity.Typename)
	}
	// The GraphiQL page comes with introspection; the web app at / and its
	// assets are there either way.
	for _, tc := range []struct {
		h          http.Handler
		path, want string
	}{
		{on, "/graphiql", "/assets/graphiql.js"},
		{off, "/graphiql", "introspection and the GraphiQL page are off"},
		{on, "/", "/assets/app.js"},
		{off, "/", "/assets/app.js"},
		{off, "/assets/app.js", "cytoscape"},
	} {
		w := httptest.NewRecorder()
		tc.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if w.Code != http.StatusOK || !strings.Contains(strings.ToLower(w.Body.String()), strings.ToLower(tc.want)) {
			t.Errorf("GET %s: %d %.200q, want %q", tc.path, w.Code, w.Body.String(), tc.want)
		}
	}
}

func TestErrorsDoNotLeak(t *testing.T) {
	base := fixtureStore(t)
	panicky := newHandler(t, failingStore{Store: base, searchPanics: true})
	resp := post(t, panicky, `{ search(query: "alpha") { totalCount } datasetVersion }`, nil)
	wantError(t, resp, httpapi.CodeInternal, "internal error")
	if string(resp.Data) != "null" && !strings.Contains(string(resp.Data), `"datasetVersion":"fixture"`) {
		t.Errorf("data after a panic = %s", resp.Data)
	}
	// The server still answers.
	if got := must[struct{ DatasetVersion string }](t, post(t, panicky, `{ datasetVersion }`, nil)); got.DatasetVersion != "fixture" {
		t.Errorf("after a panic: %+v", got)
	}

	secret := newHandler(t, failingStore{Store: base, err: errors.New("bolt: connection refused by 10.0.0.3:7687")})
	resp = post(t, secret, `{ search(query: "alpha") { totalCount } }`, nil)
	wantError(t, resp, httpapi.CodeInternal, "internal error")
	if strings.Contains(fmt.Sprint(resp), "10.0.0.3") {
		t.Errorf("the response leaks the store's error: %+v", resp)
	}
	down := newHandler(t, failingStore{Store: base, err: fmt.Errorf("neo4j at 10.0.0.3: %w", graph.ErrUnavailable)})
	resp = post(t, down, `{ search(query: "alpha") { totalCount } }`, nil)
	wantError(t, resp, httpapi.CodeUnavailable, "the store is unavailable")
	if strings.Contains(fmt.Sprint(resp), "10.0.0.3") {
		t.Errorf("the response leaks the store's error: %+v", resp)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	base := fixtureStore(t)
	for _, tc := range []struct {
		name   string
		store  graph.Store
		path   string
		status int
		body   string
	}{
		{"healthz", base, "/healthz", http.StatusOK, "ok"},
		{"readyz", base, "/readyz", http.StatusOK, "ready fixture"},
		{"healthz, store down", failingStore{Store: base, err: graph.ErrUnavailable}, "/healthz", http.StatusOK, "ok"},
		{"readyz, store down", failingStore{Store: base, err: graph.ErrUnavailable}, "/readyz", http.StatusServiceUnavailable, "not ready"},
	} {
		w := httptest.NewRecorder()
		newHandler(t, tc.store).ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if w.Code != tc.status || !strings.HasPrefix(w.Body.String(), tc.body) {
			t.Errorf("%s: %d %q, want %d %q", tc.name, w.Code, w.Body.String(), tc.status, tc.body)
		}
	}
}

func TestHTTP(t *testing.T) {
	h := newHandler(t, fixtureStore(t), func(c *httpapi.Config) { c.AllowedOrigins = []string{"https://newsroom.example"} })
	// GET works for queries, per GraphQL over HTTP.
	if got := must[struct{ Entity struct{ Name string } }](t, get(t, h, `{ entity(id: "C_A") { name } }`)); got.Entity.Name != "Alpha Park" {
		t.Errorf("GET: %+v", got)
	}
	for _, tc := range []struct {
		name, method, origin string
		headers              map[string]string
		status               int
		allowOrigin          string
	}{
		{"preflight from an allowed origin", http.MethodOptions, "https://newsroom.example", map[string]string{"Access-Control-Request-Method": "POST"}, http.StatusNoContent, "https://newsroom.example"},
		{"preflight from another origin", http.MethodOptions, "https://evil.example", map[string]string{"Access-Control-Request-Method": "POST"}, http.StatusOK, ""},
		{"GET from an allowed origin", http.MethodGet, "https://newsroom.example", nil, http.StatusOK, "https://newsroom.example"},
		{"PUT", http.MethodPut, "", nil, http.StatusMethodNotAllowed, ""},
	} {
		r := httptest.NewRequest(tc.method, "/graphql?query=%7BdatasetVersion%7D", nil)
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.status || w.Header().Get("Access-Control-Allow-Origin") != tc.allowOrigin {
			t.Errorf("%s: %d, Access-Control-Allow-Origin %q; want %d, %q", tc.name, w.Code, w.Header().Get("Access-Control-Allow-Origin"), tc.status, tc.allowOrigin)
		}
	}
	// A POST that is not JSON is refused with 415 and a GraphQL error
	// (TestUnsupportedMediaType has the details).
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("query=x"))
	r.Header.Set("Content-Type", "text/plain")
	if resp := do(t, h, r); resp.Status != http.StatusUnsupportedMediaType || len(resp.Errors) != 1 {
		t.Errorf("text/plain POST: %+v", resp)
	}
}
