package resolvers

import (
	"context"
	"fmt"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/resolvers/exec"
	"github.com/patronage/patronage/resolvers/loaders"
	"github.com/patronage/patronage/resolvers/model"
)

// Limits of the arguments checked here rather than by the store.
const (
	maxPathLimit    = 100
	maxPathsPerSite = 100
)

// page is a checked first/after pair. GraphQL's first: 0 asks for no items
// (only totalCount and pageInfo): PageArgs.None.
type page struct {
	args graph.PageArgs
}

// newPage checks first (absent: the default page size; 0..MaxPageSize) and
// after (absent: from the start).
func newPage(first *int, after *string) (page, error) {
	var p page
	if after != nil {
		p.args.After = *after
	}
	if first == nil {
		return p, nil
	}
	p.args.First = *first
	p.args.None = *first == 0
	if _, err := p.args.Size(); err != nil {
		return page{}, err
	}
	return p, nil
}

// filterText reads an optional filter text (such as filter.province):
// absent is no filter, and a given one must not be blank — the empty text
// included, which the store would read as no filter.
func filterText(field string, text *string) (string, error) {
	if text == nil {
		return "", nil
	}
	if err := graph.CheckFilterText(field, *text); err != nil {
		return "", err
	}
	return *text, nil
}

// assessmentQuery checks siteAssessment's arguments (places and place take
// them too) and fills in the defaults, so that the parameters echoed are the
// ones used, whatever the store reports.
func assessmentQuery(from, to *graph.Date, maxHops *int, types []graph.RelType, min *graph.ClaimStatus, asOf *graph.Date, pathsPerSite *int) (graph.AssessmentQuery, error) {
	hops, err := checkHops(maxHops)
	if err != nil {
		return graph.AssessmentQuery{}, err
	}
	perSite, err := checkRange("pathsPerSite", pathsPerSite, graph.DefaultPathLimit, maxPathsPerSite)
	if err != nil {
		return graph.AssessmentQuery{}, err
	}
	return graph.AssessmentQuery{From: deref(from), To: deref(to), MaxHops: hops, PathsPerSite: perSite,
		Filter: claimFilter(types, nil, asOf, min)}.Normalize()
}

// placeCode reads an optional gazetteer code argument (filter.place,
// within): absent is none; a given one must be a code the gazetteer lists.
func (r *Resolver) placeCode(field string, code *string) (string, error) {
	if code == nil {
		return "", nil
	}
	if _, err := r.placeUnit(field, *code); err != nil {
		return "", err
	}
	return *code, nil
}

// placeUnit finds the unit of a code argument: a blank, malformed or
// unlisted code is refused, with an error wrapping ErrInvalid naming field.
func (r *Resolver) placeUnit(field, code string) (gazetteer.Unit, error) {
	if err := graph.CheckFilterText(field, code); err != nil {
		return gazetteer.Unit{}, err
	}
	if err := graph.CheckPlaceCode(field, code); err != nil {
		return gazetteer.Unit{}, err
	}
	u, ok := r.gz.Unit(code)
	if !ok {
		return gazetteer.Unit{}, fmt.Errorf("%w: %s %s is not a unit of the gazetteer (find codes with placeUnits(search: ...))", graph.ErrInvalid, field, graph.Quote(code))
	}
	return u, nil
}

// claimFilter builds a claim filter from the usual arguments.
func claimFilter(types []graph.RelType, direction *graph.Direction, asOf *graph.Date, min *graph.ClaimStatus) graph.ClaimFilter {
	return graph.ClaimFilter{Types: types, Direction: deref(direction), AsOf: deref(asOf), MinStatus: deref(min)}
}

// checkHops checks a maxHops argument: 1..MaxPathHops (the store reads 0 as
// its default, which an explicit 0 must not silently become).
func checkHops(maxHops *int) (int, error) {
	if maxHops == nil {
		return graph.DefaultMaxHops, nil
	}
	if *maxHops < 1 || *maxHops > graph.MaxPathHops {
		return 0, fmt.Errorf("%w: maxHops must be between 1 and %d (got %d)", graph.ErrInvalid, graph.MaxPathHops, *maxHops)
	}
	return *maxHops, nil
}

// checkRange checks an optional count argument against 1..max.
func checkRange(name string, v *int, def, max int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < 1 || *v > max {
		return 0, fmt.Errorf("%w: %s must be between 1 and %d (got %d)", graph.ErrInvalid, name, max, *v)
	}
	return *v, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// entity loads an entity through the request's loaders.
func entity(ctx context.Context, id string) (model.Entity, error) {
	e, err := loaders.For(ctx).Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	return model.FromEntity(e), nil
}

// compound loads a compound through the request's loaders.
func compound(ctx context.Context, id string) (*model.Compound, error) {
	e, err := loaders.For(ctx).Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	return asCompound(e)
}

// asCompound wraps a domain entity that must be a compound.
func asCompound(e graph.Entity) (*model.Compound, error) {
	c, ok := model.FromEntity(e).(*model.Compound)
	if !ok {
		return nil, fmt.Errorf("entity %s is a %s, not a compound", e.ID, e.Kind)
	}
	return c, nil
}

// sources loads sources by id through the request's loaders.
func sources(ctx context.Context, ids []string) ([]graph.Source, error) {
	return loaders.For(ctx).Sources(ctx, ids)
}

// relationships answers Entity.relationships for every entity type: the
// entity's claims from the loaders, paginated here with the store's own
// edge keys, so cursors are those of Store.Neighbours.
func relationships(ctx context.Context, e model.Entity, types []graph.RelType, direction *graph.Direction, asOf *graph.Date, min *graph.ClaimStatus, first *int, after *string) (*exec.RelationshipConnection, error) {
	p, err := newPage(first, after)
	if err != nil {
		return nil, err
	}
	f := claimFilter(types, direction, asOf, min)
	ld := loaders.For(ctx)
	if pg, ok := ld.NeighbourPage(e.Record().ID, f, p.args); ok {
		// read with the root question: the store's own page
		return &exec.RelationshipConnection{Edges: pg.Items, PageInfo: &pg.PageInfo, TotalCount: pg.TotalCount}, nil
	}
	edges, err := ld.Edges(ctx, e.Record().ID, f)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(edges))
	for i, ed := range edges {
		keys[i] = graph.EdgeKey(ed)
	}
	lo, hi, info, err := graph.Paginate(graph.RelationshipsOf(e.Record().ID), keys, p.args)
	if err != nil {
		return nil, err
	}
	out := append([]graph.Edge{}, edges[lo:hi]...)
	return &exec.RelationshipConnection{Edges: out, PageInfo: &info, TotalCount: info.TotalCount}, nil
}

// flags answers Entity.flags for every entity type.
func flags(ctx context.Context, e model.Entity, asOf *graph.Date, min *graph.ClaimStatus) (*graph.Flags, error) {
	f, err := loaders.For(ctx).Flags(ctx, e.Record().ID, graph.FlagQuery{AsOf: deref(asOf), MinStatus: deref(min)})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// sanctions answers Entity.sanctions for every entity type.
func sanctions(ctx context.Context, e model.Entity) ([]graph.Designation, error) {
	return loaders.For(ctx).Designations(ctx, e.Record().ID)
}
