package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/seeds"
)

func testGazetteer(t *testing.T) *gazetteer.Gazetteer {
	t.Helper()
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

// placeOut is what the tests read of a Place.
type placeOut struct {
	Unit                                 *unitOut
	Province, District, Commune, Village *unitOut
	Text                                 *string
	Point                                *struct{ Lat, Lon float64 }
	Precision                            *string
	PointSource                          *string
}

type unitOut struct {
	Code, Level, Name, NameKm string
	Parent                    *struct{ Code string }
	Children                  []struct{ Code string }
}

const placeSelection = `{ unit { code level name nameKm } province { code } district { code } commune { code } village { code } text point { lat lon } precision pointSource }`

// checkPlaceOut checks the place p built from code: null without a code,
// else the unit and its lineage from gz, the sources' words (text), and
// the point — own (SITE) where the source gives one, else the province's
// label point (PROVINCE), else none.
func checkPlaceOut(t *testing.T, gz *gazetteer.Gazetteer, what, code, text string, own *graph.Coordinates, p *placeOut) {
	t.Helper()
	if code == "" {
		if p != nil {
			t.Errorf("%s: place %+v, want null (no code)", what, p)
		}
		return
	}
	u, _ := gz.Unit(code)
	if p == nil || p.Unit == nil || p.Unit.Code != code || p.Unit.Name != u.NameEN || p.Unit.NameKm != u.NameKM || p.Unit.Level != strings.ToUpper(u.Level.String()) {
		t.Errorf("%s: place %+v, want unit %+v", what, p, u)
		return
	}
	lin := gz.Lineage(code)
	for i, got := range []*unitOut{p.Province, p.District, p.Commune, p.Village} {
		switch {
		case i < len(lin) && (got == nil || got.Code != lin[i].Code):
			t.Errorf("%s: lineage level %d = %+v, want %s", what, i+1, got, lin[i].Code)
		case i >= len(lin) && got != nil:
			t.Errorf("%s: lineage level %d = %+v, want null", what, i+1, got)
		}
	}
	if p.Text == nil || *p.Text != text {
		t.Errorf("%s: text %v, want %q", what, p.Text, text)
	}
	switch pt, _, ok := gz.Anchor(code); {
	case own != nil:
		if p.Point == nil || p.Point.Lat != own.Lat || p.Point.Lon != own.Lon || deref(p.Precision) != "SITE" || deref(p.PointSource) != "the site's sources" {
			t.Errorf("%s: point %v %v %v, want the site's own %v, SITE, the site's sources", what, p.Point, deref(p.Precision), deref(p.PointSource), *own)
		}
	case ok:
		if p.Point == nil || p.Point.Lat != pt.Lat || p.Point.Lon != pt.Lon || deref(p.Precision) != "PROVINCE" || deref(p.PointSource) != gazetteer.CentroidSource {
			t.Errorf("%s: point %v %v %v, want the province's label point %v, PROVINCE, %s", what, p.Point, deref(p.Precision), deref(p.PointSource), pt, gazetteer.CentroidSource)
		}
	default:
		if p.Point != nil || p.Precision != nil || p.PointSource != nil {
			t.Errorf("%s: point %v %v %v, want none", what, p.Point, p.Precision, p.PointSource)
		}
	}
}

// TestPlaceOfCompoundsAndRaids checks the place built from an entity's or
// a raid's code: the unit and its lineage from the gazetteer, the sources'
// words, and the point — the site's own where a source gives one (SITE),
// else the province's label point (PROVINCE, Natural Earth) — with its
// source.
func TestPlaceOfCompoundsAndRaids(t *testing.T) {
	gz := testGazetteer(t)
	d := storetest.Fixture()
	h := newHandler(t, fixtureStore(t))
	got := must[struct {
		Compounds struct {
			Nodes []struct {
				ID          string
				Coordinates *struct{ Lat, Lon float64 }
				Place       *placeOut
			}
		}
		Raids struct {
			Nodes []struct {
				ID     string
				Places []placeOut
			}
		}
	}](t, post(t, h, `{ compounds { nodes { id coordinates { lat lon } place `+placeSelection+` } }
		raids { nodes { id places `+placeSelection+` } } }`, nil))
	entities := map[string]graph.Entity{}
	for _, e := range d.Entities {
		entities[e.ID] = e
	}
	sites := 0
	for _, c := range got.Compounds.Nodes {
		e := entities[c.ID]
		checkPlaceOut(t, gz, c.ID, e.Place, e.Province, e.Coordinates, c.Place)
		if e.Coordinates != nil {
			sites++
		}
	}
	if sites == 0 {
		t.Error("no compound of the fixture has its own coordinates: SITE is not tested")
	}
	raids := map[string]graph.Raid{}
	for _, r := range d.Raids {
		raids[r.ID] = r
	}
	several := 0
	for _, r := range got.Raids.Nodes {
		want := raids[r.ID]
		if len(r.Places) != len(want.Places) {
			t.Errorf("%s: %d places, want %d", r.ID, len(r.Places), len(want.Places))
			continue
		}
		for i, code := range want.Places {
			text := strings.Join(want.Provinces, ", ")
			if len(want.Places) == len(want.Provinces) {
				text = want.Provinces[i] // a place per province
			}
			checkPlaceOut(t, gz, fmt.Sprintf("%s place %d", r.ID, i), code, text, nil, &r.Places[i])
		}
		if len(want.Places) > 1 {
			several++
		}
	}
	if several == 0 {
		t.Error("no raid of the fixture has several places")
	}
}

func deref[T any](p *T) T {
	var zero T
	if p != nil {
		return *p
	}
	return zero
}

// placeStore records what the place questions ask of the store: the
// filters' places, and the assessments and raid listings made.
type placeStore struct {
	graph.Store
	mu          sync.Mutex
	assessments int
	raidCalls   int
	places      []string // the Place of every Compounds and Raids filter
}

func (s *placeStore) SiteAssessment(ctx context.Context, q graph.AssessmentQuery) (graph.Assessment, error) {
	s.mu.Lock()
	s.assessments++
	s.mu.Unlock()
	return s.Store.SiteAssessment(ctx, q)
}

func (s *placeStore) Raids(ctx context.Context, f graph.RaidFilter) (graph.RaidPage, error) {
	s.mu.Lock()
	s.raidCalls++
	s.places = append(s.places, "raids:"+f.Place)
	s.mu.Unlock()
	return s.Store.Raids(ctx, f)
}

func (s *placeStore) Compounds(ctx context.Context, f graph.CompoundFilter) (graph.CompoundPage, error) {
	s.mu.Lock()
	s.places = append(s.places, "compounds:"+f.Place)
	s.mu.Unlock()
	return s.Store.Compounds(ctx, f)
}

func (s *placeStore) reset() (assessments, raids int, places []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	assessments, raids, places = s.assessments, s.raidCalls, s.places
	s.assessments, s.raidCalls, s.places = 0, 0, nil
	return
}

// TestPlaceFilters: compounds(filter: {place}) and raids(filter: {place})
// give the items whose place lies in the unit, the code passed down to the
// store; a code that is blank, malformed or not in the gazetteer is
// BAD_USER_INPUT naming the field.
func TestPlaceFilters(t *testing.T) {
	d := storetest.Fixture()
	mem := fixtureStore(t)
	s := &placeStore{Store: mem}
	h := newHandler(t, s)
	codes := map[string]bool{}
	for _, e := range d.Entities {
		if e.Place != "" {
			codes[e.Place[:2]], codes[e.Place] = true, true
		}
	}
	for _, r := range d.Raids {
		for _, p := range r.Places {
			codes[p[:2]], codes[p] = true, true
		}
	}
	codes["01"] = true // a province with nothing in it
	for code := range codes {
		var wantC, wantR []string
		for _, e := range d.Entities {
			if e.Kind == graph.KindCompound && strings.HasPrefix(e.Place, code) {
				wantC = append(wantC, e.ID)
			}
		}
		slices.Sort(wantC)
		got := must[map[string]page](t, post(t, h, `query($p: String) { compounds(filter: {place: $p}) { totalCount edges { node { id } } } raids(filter: {place: $p}) { totalCount edges { node { id } } } }`, map[string]any{"p": code}))
		if c := got["compounds"]; !slices.Equal(c.ids(), wantC) || c.TotalCount != len(wantC) {
			t.Errorf("compounds(filter: {place: %q}) = %v (totalCount %d), want %v", code, c.ids(), c.TotalCount, wantC)
		}
		for _, r := range d.Raids {
			if slices.ContainsFunc(r.Places, func(p string) bool { return strings.HasPrefix(p, code) }) {
				wantR = append(wantR, r.ID)
			}
		}
		if r := got["raids"]; len(r.ids()) != len(wantR) || r.TotalCount != len(wantR) {
			t.Errorf("raids(filter: {place: %q}) = %v (totalCount %d), want %v in date order", code, r.ids(), r.TotalCount, wantR)
		} else {
			for _, id := range wantR {
				if !slices.Contains(r.ids(), id) {
					t.Errorf("raids(filter: {place: %q}) = %v, want %v", code, r.ids(), wantR)
				}
			}
		}
		if _, _, places := s.reset(); !slices.Equal(places, []string{"compounds:" + code, "raids:" + code}) && !slices.Equal(places, []string{"raids:" + code, "compounds:" + code}) {
			t.Errorf("place %s: the store was asked for %v, want the code passed down to compounds and raids", code, places)
		}
	}
	for _, tc := range []struct{ code, msg string }{
		{"", "filter.place is blank"},
		{"  ", "filter.place is blank"},
		{"7", `filter.place "7" is not a gazetteer code`},
		{"0x", `filter.place "0x" is not a gazetteer code`},
		{"070101010", `filter.place "070101010" is not a gazetteer code`},
		{"99", `filter.place "99" is not a unit of the gazetteer`},
		{"0799", `filter.place "0799" is not a unit of the gazetteer`},
	} {
		for _, field := range []string{"compounds", "raids"} {
			resp := post(t, h, `query($p: String) { `+field+`(filter: {place: $p}) { totalCount } }`, map[string]any{"p": tc.code})
			wantError(t, resp, "BAD_USER_INPUT", tc.msg)
		}
	}
}

// placeRow is what the tests read of a PlaceAssessment.
type placeRow struct {
	Unit                                                                       unitOut
	Sites                                                                      []row
	Raids                                                                      []struct{ ID string }
	RaidedConnected, RaidedUnconnected, UnraidedConnected, UnraidedUnconnected int
}

const placeRowSelection = `unit { code level name nameKm } sites { site { id } raided connected raids { id } }
	raids { id } raidedConnected raidedUnconnected unraidedConnected unraidedUnconnected`

// checkPlacesAgainstAssessment asks places with args and checks every row
// against what siteAssessment (same args), the compounds' places and
// raids(filter: {place, from, to}) say: a unit's sites are the
// assessment's rows of the compounds placed in it, its counts are those
// rows counted by the assessment's cells, and its raids are the raids of
// the window with a place in it that count at the minimum claim status.
// It returns the rows.
func checkPlacesAgainstAssessment(t *testing.T, h http.Handler, placesArgs, assessArgs, from, to, min string) []placeRow {
	t.Helper()
	q := `{ places` + placesArgs + ` { ` + placeRowSelection + ` } }`
	rows := must[struct{ Places []placeRow }](t, post(t, h, q, nil)).Places
	tb := assess(t, h, assessArgs)
	compounds := must[struct {
		Compounds struct {
			Nodes []struct {
				ID    string
				Place *struct{ Unit struct{ Code string } }
			}
		}
	}](t, post(t, h, `{ compounds(first: 500) { nodes { id place { unit { code } } } } }`, nil)).Compounds.Nodes
	placeOf := map[string]string{}
	for _, c := range compounds {
		if c.Place != nil {
			placeOf[c.ID] = c.Place.Unit.Code
		}
	}
	for _, pr := range rows {
		var cells [4]int
		var sites []string
		for i, cell := range tb.cells() {
			for _, id := range cell {
				if strings.HasPrefix(placeOf[id], pr.Unit.Code) && placeOf[id] != "" {
					cells[i]++
					sites = append(sites, id)
				}
			}
		}
		slices.Sort(sites)
		var gotSites []string
		for _, s := range pr.Sites {
			gotSites = append(gotSites, s.Site.ID)
		}
		if got := [4]int{pr.RaidedConnected, pr.RaidedUnconnected, pr.UnraidedConnected, pr.UnraidedUnconnected}; got != cells || !slices.Equal(gotSites, sites) {
			t.Errorf("places%s: %s has cells %v and sites %v; siteAssessment(%s) gives %v and %v", placesArgs, pr.Unit.Code, got, gotSites, assessArgs, cells, sites)
		}
		for _, s := range pr.Sites {
			for _, r := range tb.Sites {
				if r.Site.ID == s.Site.ID && (r.Raided != s.Raided || r.Connected != s.Connected || len(r.Raids) != len(s.Raids)) {
					t.Errorf("places%s: %s's row of %s = %+v, siteAssessment's %+v", placesArgs, pr.Unit.Code, s.Site.ID, s, r)
				}
			}
		}
		raids := must[struct {
			Raids struct {
				Nodes []struct{ ID, Status string }
			}
		}](t, post(t, h, `query($p: String, $from: Date, $to: Date) { raids(first: 500, filter: {place: $p, from: $from, to: $to}) { nodes { id status } } }`,
			map[string]any{"p": pr.Unit.Code, "from": nilIfEmpty(from), "to": nilIfEmpty(to)})).Raids.Nodes
		var want, got []string
		for _, r := range raids {
			if statusRank(r.Status) >= statusRank(min) {
				want = append(want, r.ID)
			}
		}
		for _, r := range pr.Raids {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("places%s: %s's raids %v, want %v (raids with a place in it, in the window, at least %s)", placesArgs, pr.Unit.Code, got, want, min)
		}
	}
	return rows
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func statusRank(s string) int {
	return slices.Index([]string{"DENIED", "DISPUTED", "ALLEGED", "REPORTED", "OFFICIAL_RECORD"}, s)
}

// TestPlaces checks places and place on the fixture against the site
// assessment under several parameters, the units listed (every unit of the
// level inside within, by code), and that one assessment and one raids
// listing answer them.
func TestPlaces(t *testing.T) {
	gz := testGazetteer(t)
	s := &placeStore{Store: fixtureStore(t)}
	h := newHandler(t, s)
	t.Run("arguments", func(t *testing.T) { checkPlacesArguments(t, gz, s, h) })

	t.Run("one assessment, one raids listing", func(t *testing.T) {
		// one assessment, one raids listing, whatever the number of units
		s.reset()
		post(t, h, `{ places(level: COMMUNE) { unit { code } sites { site { id name } } raids { id site { name } } raidedConnected } }`, nil)
		if a, r, _ := s.reset(); a != 1 || r != 1 {
			t.Errorf("places(level: COMMUNE): %d assessments and %d raid listings, want 1 and 1", a, r)
		}
		post(t, h, `{ places { unit { code } raidedConnected } }`, nil)
		if a, r, _ := s.reset(); a != 1 || r != 0 {
			t.Errorf("places without raids selected: %d assessments and %d raid listings, want 1 and 0", a, r)
		}
		post(t, h, `{ place(code: "0701") { raids { id } } }`, nil)
		if a, r, places := s.reset(); a != 1 || r != 1 || !slices.Equal(places, []string{"raids:0701"}) {
			t.Errorf("place(code: 0701): %d assessments, %d raid listings asking %v, want 1, 1 and the code passed down", a, r, places)
		}
	})

	t.Run("levels and within", func(t *testing.T) { checkPlacesLevels(t, gz, h) })

	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct{ query, msg string }{
			{`{ places(within: "7") { unit { code } } }`, `within "7" is not a gazetteer code`},
			{`{ places(within: "99") { unit { code } } }`, `within "99" is not a unit of the gazetteer`},
			{`{ places(within: "") { unit { code } } }`, `within is blank`},
			{`{ places(within: "0701") { unit { code } } }`, `level PROVINCE is coarser than within's unit 0701, a district`},
			{`{ places(maxHops: 7) { unit { code } } }`, `maxHops must be between 1 and 6`},
			{`{ places(from: "2025-08", to: "2025-07") { unit { code } } }`, `window starts (2025-08) after it ends (2025-07)`},
			{`{ place(code: "0799") { unit { code } } }`, `code "0799" is not a unit of the gazetteer`},
			{`{ place(code: "ab") { unit { code } } }`, `code "ab" is not a gazetteer code`},
			{`{ place(code: "07", pathsPerSite: 0) { unit { code } } }`, `pathsPerSite must be between 1 and 100`},
		} {
			wantError(t, post(t, h, tc.query, nil), "BAD_USER_INPUT", tc.msg)
		}
	})
}

// checkPlacesArguments checks places under several arguments against the
// site assessment: every province listed by code, and every row with
// something in it the row of place(code) under the same arguments.
func checkPlacesArguments(t *testing.T, gz *gazetteer.Gazetteer, s *placeStore, h http.Handler) {
	t.Helper()
	for _, tc := range []struct{ args, from, to, min string }{
		{"", "", "", "ALLEGED"},
		{`from: "2025-07", to: "2025-07"`, "2025-07", "2025-07", "ALLEGED"},
		{`from: "2024", to: "2024"`, "2024", "2024", "ALLEGED"},
		{`maxHops: 4`, "", "", "ALLEGED"},
		{`minClaimStatus: REPORTED`, "", "", "REPORTED"},
		{`asOf: "2024-06"`, "", "", "ALLEGED"},
		{`relationshipTypes: [OWNS]`, "", "", "ALLEGED"},
	} {
		s.reset()
		pargs := ""
		if tc.args != "" {
			pargs = "(" + tc.args + ")"
		}
		rows := checkPlacesAgainstAssessment(t, h, pargs, tc.args, tc.from, tc.to, tc.min)
		var codes []string
		for _, r := range rows {
			codes = append(codes, r.Unit.Code)
		}
		var provinces []string
		for _, u := range gz.Children("") {
			provinces = append(provinces, u.Code)
		}
		if !slices.Equal(codes, provinces) {
			t.Errorf("places%s lists %v, want every province by code %v", pargs, codes, provinces)
		}
		// every row of place(code) is the row of places
		for _, r := range rows {
			if r.RaidedConnected+r.RaidedUnconnected+r.UnraidedConnected+r.UnraidedUnconnected+len(r.Raids) == 0 {
				continue
			}
			args := `code: "` + r.Unit.Code + `"`
			if tc.args != "" {
				args += ", " + tc.args
			}
			one := must[struct{ Place placeRow }](t, post(t, h, `{ place(`+args+`) { `+placeRowSelection+` } }`, nil)).Place
			if fmt.Sprint(one) != fmt.Sprint(r) {
				t.Errorf("place(%s) = %+v, places' row %+v", args, one, r)
			}
		}
	}
}

// checkPlacesLevels checks the finer levels and within: every unit of the
// level inside within, by code, each at that level.
func checkPlacesLevels(t *testing.T, gz *gazetteer.Gazetteer, h http.Handler) {
	t.Helper()
	for _, tc := range []struct {
		args   string
		level  gazetteer.Level
		within string
	}{
		{`level: DISTRICT, within: "07"`, gazetteer.District, "07"},
		{`level: VILLAGE, within: "0701"`, gazetteer.Village, "0701"},
		{`level: DISTRICT, within: "0701"`, gazetteer.District, "0701"},
		{`level: DISTRICT`, gazetteer.District, ""},
	} {
		rows := checkPlacesAgainstAssessment(t, h, "("+tc.args+")", "", "", "", "ALLEGED")
		var want []string
		var walk func(code string)
		walk = func(code string) {
			if u, ok := gz.Unit(code); ok && u.Level == tc.level {
				want = append(want, code)
				return
			}
			for _, c := range gz.Children(code) {
				walk(c.Code)
			}
		}
		walk(tc.within)
		var got []string
		for _, r := range rows {
			got = append(got, r.Unit.Code)
			if r.Unit.Level != strings.ToUpper(tc.level.String()) {
				t.Errorf("places(%s): unit %+v, want level %s", tc.args, r.Unit, tc.level)
			}
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("places(%s) lists %d units %.100v, want %d %.100v", tc.args, len(got), got, len(want), want)
		}
	}
}

// TestPlaceUnits: units are found by name in either script, optionally at
// one level or inside one unit, with their parents and children from the
// gazetteer.
func TestPlaceUnits(t *testing.T) {
	gz := testGazetteer(t)
	h := newHandler(t, fixtureStore(t))
	search := func(args string) []unitOut {
		t.Helper()
		return must[struct{ PlaceUnits []unitOut }](t, post(t, h, `{ placeUnits(`+args+`) { code level name nameKm parent { code } children { code } } }`, nil)).PlaceUnits
	}
	bavet, err := gz.Find("Bavet", gazetteer.District, "20")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{bavet.NameKM, bavet.NameEN, strings.ToUpper(bavet.NameEN)} {
		got := search(fmt.Sprintf("search: %q, level: DISTRICT", text))
		if len(got) == 0 || got[0].Code != bavet.Code || got[0].NameKm != bavet.NameKM || got[0].Parent == nil || got[0].Parent.Code != "20" {
			t.Errorf("placeUnits(search: %q, level: DISTRICT) = %+v, want %s (%s) first, in Svay Rieng", text, got, bavet.Code, bavet.NameKM)
			continue
		}
		var children []string
		for _, c := range got[0].Children {
			children = append(children, c.Code)
		}
		var want []string
		for _, c := range gz.Children(bavet.Code) {
			want = append(want, c.Code)
		}
		if !slices.Equal(children, want) {
			t.Errorf("%s's children %v, want %v", bavet.Code, children, want)
		}
	}
	all := search(`search: "` + bavet.NameKM + `", limit: 100`)
	levels := map[string]bool{}
	for _, u := range all {
		levels[u.Level] = true
		if !strings.Contains(u.NameKm, bavet.NameKM) && !strings.Contains(strings.ToLower(u.Name), "bavet") {
			t.Errorf("placeUnits(search: %q) found %+v, whose names do not contain it", bavet.NameKM, u)
		}
	}
	if len(levels) < 2 {
		t.Errorf("placeUnits(search: %q) = %+v, want units of several levels", bavet.NameKM, all)
	}
	for _, u := range search(`search: "` + bavet.NameKM + `", within: "200802"`) {
		if !strings.HasPrefix(u.Code, "200802") {
			t.Errorf("placeUnits(within: 200802) found %s", u.Code)
		}
	}
	if got := search(`search: "kampong", limit: 3`); len(got) != 3 {
		t.Errorf("placeUnits(limit: 3) gave %d units", len(got))
	}
	if got := search(`search: "xqzwv"`); len(got) != 0 {
		t.Errorf("placeUnits(search: xqzwv) = %+v, want none", got)
	}
	for _, tc := range []struct{ args, msg string }{
		{`search: "  "`, "search is empty"},
		{`search: "bavet", limit: 0`, "limit must be between 1 and 100"},
		{`search: "bavet", limit: 101`, "limit must be between 1 and 100"},
		{`search: "bavet", within: "2"`, `within "2" is not a gazetteer code`},
		{`search: "` + strings.Repeat("a", 201) + `"`, "search is 201 characters long"},
	} {
		wantError(t, post(t, h, `{ placeUnits(`+tc.args+`) { code } }`, nil), "BAD_USER_INPUT", tc.msg)
	}
}

// TestSeedsPlaces asks places of the curated seeds for the July 2025
// crackdown and today: every row agrees with siteAssessment, and the
// documented headline holds — the one raided and connected site of July
// 2025 is in Pursat, and the provinces with connected sites never raided
// include Oddar Meanchey (O'Smach Resort).
func TestSeedsPlaces(t *testing.T) {
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("loading the seeds: %v", err)
	}
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, s)
	gz := testGazetteer(t)
	for _, tc := range []struct{ args, from, to string }{
		{"", "", ""},
		{`from: "2025-07", to: "2025-07"`, "2025-07", "2025-07"},
		{`to: "2025-07-31", asOf: "2025-07-31"`, "", "2025-07-31"},
	} {
		pargs := ""
		if tc.args != "" {
			pargs = "(" + tc.args + ")"
		}
		rows := checkPlacesAgainstAssessment(t, h, pargs, tc.args, tc.from, tc.to, "ALLEGED")
		placed := 0
		for _, r := range rows {
			placed += r.RaidedConnected + r.RaidedUnconnected + r.UnraidedConnected + r.UnraidedUnconnected
		}
		want := 0
		for _, e := range d.Entities {
			if e.Kind == graph.KindCompound && e.Place != "" {
				want++
			}
		}
		if placed != want {
			t.Errorf("places%s counts %d sites, want the %d compounds with a place", pargs, placed, want)
		}
		if tc.from != "2025-07" {
			continue
		}
		// finer units share out the same table
		checkPlacesAgainstAssessment(t, h, "(level: DISTRICT, "+tc.args+")", tc.args, tc.from, tc.to, "ALLEGED")
		checkPlacesAgainstAssessment(t, h, "(level: COMMUNE, within: \"12\", "+tc.args+")", tc.args, tc.from, tc.to, "ALLEGED")
		pursat, _ := gz.Find("Pursat", gazetteer.Province, "")
		for _, r := range rows {
			if r.RaidedConnected > 0 && r.Unit.Code != pursat.Code {
				t.Errorf("July 2025: %s (%s) has %d raided connected sites; the seeds have one, in Pursat", r.Unit.Name, r.Unit.Code, r.RaidedConnected)
			}
			if r.Unit.Code == pursat.Code && (r.RaidedConnected != 1 || !slices.ContainsFunc(r.Sites, func(s row) bool { return s.Site.ID == "C_MDS_THMORDA" && s.Raided && s.Connected })) {
				t.Errorf("July 2025: Pursat = %+v, want MDS Henghe Thmorda SEZ raided and connected", r)
			}
		}
	}
	osmach := must[struct {
		Entity struct{ Place placeOut }
	}](t, post(t, h, `{ entity(id: "C_OSMACH") { ... on Compound { place `+placeSelection+` } } }`, nil)).Entity.Place
	if osmach.Province == nil || osmach.Province.Code != "22" || deref(osmach.Precision) != "PROVINCE" || osmach.Point == nil {
		t.Errorf("O'Smach Resort's place = %+v, want Oddar Meanchey (22) at its label point", osmach)
	}
	one := must[struct{ Place placeRow }](t, post(t, h, `{ place(code: "22") { `+placeRowSelection+` } }`, nil)).Place
	if one.UnraidedConnected < 1 || !slices.ContainsFunc(one.Sites, func(s row) bool { return s.Site.ID == "C_OSMACH" && s.Connected && !s.Raided }) {
		t.Errorf("place(code: 22) = %+v, want O'Smach Resort connected and never raided", one)
	}
}
