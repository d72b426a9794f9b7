package resolvers

import (
	"math"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/resolvers/exec"
)

func TestComplexityByHops(t *testing.T) {
	c := Complexity(testGazetteer(t))
	hops := func(n int) *int { return &n }
	for _, tc := range []struct {
		name        string
		maxHops     *int
		assessment  int // siteAssessment selecting a field of cost 3
		paths       int // paths (limit 25) selecting a field of cost 1
		compoundsBy int // compounds(filter: {connected: true}) over the page's cost
	}{
		{"default", nil, 1000 + 30, 100 + 25, 1000},
		{"1 hop", hops(1), 250 + 30, 25 + 25, 250},
		{"2 hops", hops(2), 500 + 30, 50 + 25, 500},
		{"3 hops", hops(3), 1000 + 30, 100 + 25, 1000},
		{"4 hops", hops(4), 2000 + 30, 200 + 25, 2000},
		{"5 hops", hops(5), 4000 + 30, 400 + 25, 4000},
		{"6 hops", hops(6), 8000 + 30, 800 + 25, 8000},
		// out of range: refused by the resolvers, counted as the most
		{"7 hops", hops(7), 8000 + 30, 800 + 25, 8000},
		{"0 hops", hops(0), 8000 + 30, 800 + 25, 8000},
		{"-1 hops", hops(-1), 8000 + 30, 800 + 25, 8000},
		{"a billion hops", hops(1 << 30), 8000 + 30, 800 + 25, 8000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Query.SiteAssessment(3, nil, nil, tc.maxHops, nil, nil, nil, nil); got != tc.assessment {
				t.Errorf("siteAssessment cost %d, want %d", got, tc.assessment)
			}
			if got := c.Query.Paths(1, "A", "B", tc.maxHops, nil, nil, nil, nil); got != tc.paths {
				t.Errorf("paths cost %d, want %d", got, tc.paths)
			}
			yes := true
			plain := c.Query.Compounds(1, nil, nil, nil)
			if got := c.Query.Compounds(1, &exec.CompoundFilter{Connected: &yes, MaxHops: tc.maxHops}, nil, nil) - plain; got != tc.compoundsBy {
				t.Errorf("compounds(filter: {connected: true}) costs %d more than unfiltered, want %d", got, tc.compoundsBy)
			}
		})
	}
}

// TestComplexitySaturates checks that no cost overflows into a small or
// negative number (which gqlgen's sum ignores): a page of a saturated
// selection stays saturated.
func TestComplexitySaturates(t *testing.T) {
	c := Complexity(testGazetteer(t))
	n500 := 500
	for _, tc := range []struct {
		name string
		got  int
	}{
		{"raids", c.Query.Raids(math.MaxInt/2, nil, &n500, nil)},
		{"search", c.Query.Search(math.MaxInt, "a", nil, &n500, nil)},
		{"relationships", c.Person.Relationships(math.MaxInt/100, nil, nil, nil, nil, &n500, nil)},
		{"paths", c.Query.Paths(math.MaxInt/10, "A", "B", nil, nil, nil, nil, &n500)},
		{"match", c.Query.Match(math.MaxInt, "a", nil, nil, nil)},
		{"siteAssessment", c.Query.SiteAssessment(math.MaxInt/5, nil, nil, nil, nil, nil, nil, nil)},
		{"compounds", c.Query.Compounds(math.MaxInt-1, &exec.CompoundFilter{Raided: new(bool)}, &n500, nil)},
	} {
		if tc.got != math.MaxInt {
			t.Errorf("%s: cost %d, want it saturated at %d", tc.name, tc.got, math.MaxInt)
		}
	}
	if got := c.Query.Raids(3, nil, &n500, nil); got != 1501 {
		t.Errorf("raids(first: 500) of 3: cost %d, want 1501", got)
	}
}

// testGazetteer is the embedded gazetteer.
func testGazetteer(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

// TestComplexityOfPlaces: places costs the assessment plus each unit it
// lists (counted from the gazetteer before the query runs), place costs
// what siteAssessment does, placeUnits its search plus its units, and a
// unit's children the most children any unit has.
func TestComplexityOfPlaces(t *testing.T) {
	gz := testGazetteer(t)
	c := Complexity(gz)
	level := func(l gazetteer.Level) *gazetteer.Level { return &l }
	str := func(s string) *string { return &s }
	hops := func(n int) *int { return &n }
	count := func(l gazetteer.Level, within string) int {
		n := 0
		var walk func(code string)
		walk = func(code string) {
			for _, u := range gz.Children(code) {
				if u.Level == l {
					n++
				} else {
					walk(u.Code)
				}
			}
		}
		walk(within)
		return n
	}
	for _, tc := range []struct {
		name    string
		level   *gazetteer.Level
		within  *string
		maxHops *int
		want    int
	}{
		{"provinces", nil, nil, nil, 1000 + 3*count(gazetteer.Province, "")},
		{"provinces at 6 hops", nil, nil, hops(6), 8000 + 3*count(gazetteer.Province, "")},
		{"districts", level(gazetteer.District), nil, nil, 1000 + 3*count(gazetteer.District, "")},
		{"villages", level(gazetteer.Village), nil, nil, 1000 + 3*count(gazetteer.Village, "")},
		{"villages in a district", level(gazetteer.Village), str("0701"), nil, 1000 + 3*count(gazetteer.Village, "0701")},
		{"the district itself", level(gazetteer.District), str("0701"), nil, 1000 + 3},
		{"an unknown within counts as the whole country", level(gazetteer.Commune), str("0799"), nil, 1000 + 3*count(gazetteer.Commune, "")},
		{"a level coarser than within counts as the whole country", nil, str("0701"), nil, 1000 + 3*count(gazetteer.Province, "")},
	} {
		if got := c.Query.Places(3, tc.level, tc.within, nil, nil, tc.maxHops, nil, nil, nil, nil); got != tc.want {
			t.Errorf("places (%s) cost %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := c.Query.Place(3, "07", nil, nil, nil, nil, nil, nil, nil); got != 1030 {
		t.Errorf("place cost %d, want 1030", got)
	}
	n5 := 5
	if got := c.Query.PlaceUnits(3, "a", nil, nil, &n5); got != placeSearchCost+15 {
		t.Errorf("placeUnits(limit: 5) cost %d, want %d", got, placeSearchCost+15)
	}
	most := 0
	var walk func(code string)
	walk = func(code string) {
		cs := gz.Children(code)
		most = max(most, len(cs))
		for _, u := range cs {
			walk(u.Code)
		}
	}
	walk("")
	if got := c.PlaceUnit.Children(2); got != 1+2*most || most < 25 {
		t.Errorf("children cost %d, want 1 + 2 × %d (the most children of a unit)", got, most)
	}
}
