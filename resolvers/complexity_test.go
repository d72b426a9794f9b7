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
