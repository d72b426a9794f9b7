package resolvers

import (
	"math"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/resolvers/exec"
)

// The graph walks are costed by the work they do, not by what they return.
// Both the site assessment and paths enumerate the simple paths of up to
// maxHops claims from where they start; their number grows as the graph's
// mean degree to the power of the hops. The mean degree is about 1.7 on
// the curated seeds (67 claims between 81 entities) and on the synthetic
// graphs (42,265 claims between 50,001 entities), so each hop is taken to
// double the work: the cost at 6 hops is 8 times the cost at the default 3.
// (Measured once on the 50,000-entity synthetic graph, on a busy machine:
// the embedded store's assessment with evidence paths took 220 ms at 3 hops
// and 660 ms at 6.)
const (
	// assessmentCost is what computing the site assessment at the default
	// 3 hops counts for, on top of what the query selects from it: it
	// walks the neighbourhood of every compound (for the 5,079 compounds of
	// the 50,000-entity synthetic graph, the four cells alone take 15–20 ms
	// on the embedded store and 150–220 ms on Neo4j; see the README's
	// benchmarks). At the default limit of 20,000 a query holds at most 19
	// assessments at 3 hops, 2 at 6 hops.
	assessmentCost = 1000
	// assessmentRows is the number of rows a query's selection in the
	// assessment is counted for: the table has a row per compound, unknown
	// before it is computed.
	assessmentRows = 10
	// pathsCost is what one paths search at the default 3 hops counts for,
	// on top of limit times what each path selects: one entity's
	// neighbourhood, not every compound's, so a tenth of the assessment.
	pathsCost = 100
	// matchCost is what one match costs before its candidates: scoring a
	// name against the index is real work, so a query may hold a few
	// dozen, not hundreds.
	matchCost = 500
	// placeSearchCost is what one placeUnits search costs before its units:
	// it scores the names of every unit of the gazetteer (about 16,000).
	placeSearchCost = 200
)

// Complexity is the query cost model checked against the server's
// complexity limit before a query runs. Every field costs 1 plus what it
// selects; a paginated list costs its page size (first, or the default 50)
// times what each item selects; paths cost pathsCost (doubled per hop above
// 3, halved per hop below) plus their limit times what each path selects;
// the site assessment costs assessmentCost (scaled by its hops the same
// way) plus assessmentRows times its selection, and so does the compounds
// listing when it filters on raided or connected (it computes the
// assessment's cells). Nested pagination therefore multiplies: two levels
// of relationships at 50 each cost 2,500 times the innermost selection.
// Every occurrence of a field costs, aliased or repeated. Costs saturate at
// the largest int instead of overflowing.
//
// Places: places costs the assessment plus, for each unit it lists (their
// number is known from gz before the query runs), what a unit selects; place
// costs what siteAssessment does; placeUnits costs placeSearchCost plus
// limit times what a unit selects; and a unit's children cost the largest
// number of children any unit of gz has times what a child selects.
func Complexity(gz *gazetteer.Gazetteer) exec.ComplexityRoot {
	var c exec.ComplexityRoot
	rel := func(child int, _ []graph.RelType, _ *graph.Direction, _ *graph.Date, _ *graph.ClaimStatus, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Person.Relationships = rel
	c.Organization.Relationships = rel
	c.Compound.Relationships = rel
	c.Position.Relationships = rel
	c.Document.Relationships = rel
	c.Query.Search = func(child int, _ string, _ []graph.Kind, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Compounds = func(child int, f *exec.CompoundFilter, first *int, _ *string) int {
		n := paged(child, first)
		if f != nil && (f.Raided != nil || f.Connected != nil) {
			n = addCost(n, byHops(assessmentCost, f.MaxHops))
		}
		return n
	}
	c.Query.Raids = func(child int, _ *exec.RaidFilter, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Sources = func(child int, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Paths = func(child int, _, _ string, maxHops *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, limit *int) int {
		return addCost(byHops(pathsCost, maxHops), mulCost(size(limit, graph.DefaultPathLimit), child))
	}
	c.Query.Match = func(child int, _ string, _ *graph.Kind, _ *float64, limit *int) int {
		return addCost(matchCost, mulCost(size(limit, 10), child))
	}
	c.Query.SiteAssessment = func(child int, _, _ *graph.Date, maxHops *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, _ *int) int {
		return addCost(byHops(assessmentCost, maxHops), mulCost(assessmentRows, child))
	}
	c.Query.Places = func(child int, level *gazetteer.Level, within *string, _, _ *graph.Date, maxHops *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, _ *int) int {
		return addCost(byHops(assessmentCost, maxHops), mulCost(max(placeRows(gz, level, within), 1), child))
	}
	c.Query.Place = func(child int, _ string, _, _ *graph.Date, maxHops *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, _ *int) int {
		return addCost(byHops(assessmentCost, maxHops), mulCost(assessmentRows, child))
	}
	c.Query.PlaceUnits = func(child int, _ string, _ *gazetteer.Level, _ *string, limit *int) int {
		return addCost(placeSearchCost, mulCost(size(limit, defaultPlaceUnits), child))
	}
	fanout := maxChildren(gz)
	c.PlaceUnit.Children = func(child int) int {
		return addCost(1, mulCost(fanout, child))
	}
	return c
}

// placeRows is the number of units places lists for level (default
// PROVINCE) inside within: a within that is not a unit of gz, or a level
// coarser than it, is refused by the resolver, and counts as the whole
// country.
func placeRows(gz *gazetteer.Gazetteer, level *gazetteer.Level, within *string) int {
	l := gazetteer.Province
	if level != nil {
		l = *level
	}
	in := ""
	if within != nil {
		if u, ok := gz.Unit(*within); ok && u.Level <= l {
			in = u.Code
		}
	}
	return len(unitsAt(gz, l, in))
}

// maxChildren is the most units directly inside any unit of gz.
func maxChildren(gz *gazetteer.Gazetteer) int {
	n := 0
	var walk func(code string)
	walk = func(code string) {
		cs := gz.Children(code)
		n = max(n, len(cs))
		for _, u := range cs {
			walk(u.Code)
		}
	}
	walk("")
	return n
}

// paged is the cost of a page of first items (default: the store's
// default page size) selecting child each.
func paged(child int, first *int) int {
	return addCost(1, mulCost(size(first, graph.DefaultPageSize), child))
}

// size reads a count argument for the cost model; out-of-range values are
// rejected by the resolvers, and count here as the largest page.
func size(n *int, def int) int {
	switch {
	case n == nil:
		return def
	case *n < 0 || *n > graph.MaxPageSize:
		return graph.MaxPageSize
	}
	return max(*n, 1)
}

// byHops is the cost of a walk of up to maxHops claims (default
// graph.DefaultMaxHops) that costs base at the default: doubled for every
// hop above it, halved for every hop below. Out-of-range values are
// rejected by the resolvers, and count here as the most hops.
func byHops(base int, maxHops *int) int {
	h := graph.DefaultMaxHops
	if maxHops != nil {
		h = *maxHops
		if h < 1 || h > graph.MaxPathHops {
			h = graph.MaxPathHops
		}
	}
	if h >= graph.DefaultMaxHops {
		return mulCost(base, 1<<(h-graph.DefaultMaxHops))
	}
	return max(base>>(graph.DefaultMaxHops-h), 1)
}

// addCost and mulCost add and multiply costs, saturating at the largest
// int: an overflow must never make a query cheap.
func addCost(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func mulCost(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}
