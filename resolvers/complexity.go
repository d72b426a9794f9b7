package resolvers

import (
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/resolvers/exec"
)

// assessmentCost is what computing the site assessment counts for, on top
// of what the query selects from it: it walks the neighbourhood of every
// compound.
const assessmentCost = 100

// assessmentRows is the number of rows a query's selection in the
// assessment is counted for: the table has a row per compound, unknown
// before it is computed.
const assessmentRows = 10

// Complexity is the query cost model checked against the server's
// complexity limit before a query runs. Every field costs 1 plus what it
// selects; a paginated list costs its page size (first, or the default 50)
// times what each item selects; paths cost their limit times what each path
// selects; the site assessment costs assessmentCost plus assessmentRows
// times its selection. Nested pagination therefore multiplies: two levels of
// relationships at 50 each cost 2,500 times the innermost selection.
func Complexity() exec.ComplexityRoot {
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
			n += assessmentCost
		}
		return n
	}
	c.Query.Raids = func(child int, _ *exec.RaidFilter, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Sources = func(child int, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Paths = func(child int, _, _ string, _ *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, limit *int) int {
		return 1 + size(limit, graph.DefaultPathLimit)*child
	}
	c.Query.Match = func(child int, _ string, _ *graph.Kind, _ *float64, limit *int) int {
		return matchCost + size(limit, 10)*child
	}
	c.Query.SiteAssessment = func(child int, _, _ *graph.Date, _ *int, _ []graph.RelType, _ *graph.ClaimStatus, _ *graph.Date, _ *int) int {
		return assessmentCost + assessmentRows*child
	}
	return c
}

// paged is the cost of a page of first items (default: the store's
// default page size) selecting child each.
// matchCost is what one match costs before its candidates: scoring a name
// against the index is real work, so a query may hold a few dozen, not
// hundreds.
const matchCost = 500

func paged(child int, first *int) int {
	return 1 + size(first, graph.DefaultPageSize)*child
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
