package graph

import (
	"context"
	"fmt"
)

// Want says what a question's nested parts will ask of its items, so that a
// store can read it together with the items — one statement on Neo4j —
// instead of one call per level of nesting. The zero Want asks for the items
// alone. A Want is a hint: what it does not ask for is read later through
// the Store's primitives, never answered wrongly.
type Want struct {
	// TotalCount: the listing's total is needed; when false a store may
	// skip counting (PageInfo.TotalCount is then 0).
	TotalCount bool
	// Raids: the raids on each compound item (Extras.Raids).
	Raids bool
	// Neighbours: one page of each item's claims (Extras.Neighbours).
	Neighbours *NeighboursWant
	// Flags: each item's flags under each of these queries (Extras.Flags).
	Flags []FlagQuery
	// Sanctions: the designations targeting each item, with their
	// authorities (Extras.Entities) and sources (Extras.Sources)
	// (Extras.Designations).
	Sanctions bool
	// Bare: of each item's entity only its id, kind and name are needed.
	// A store may then give the items as Entity.Bare gives them (a hint:
	// it may give more), which the caller must not keep as whole records.
	Bare bool
	// Unmatched: the search hits' Match (the name that gave the rank) is
	// not needed; a store may leave it empty. Rank and cursors stay.
	Unmatched bool
	// Uncursored: no cursor is needed, neither the items' (Page.Cursors)
	// nor the page's (PageInfo.StartCursor and EndCursor); a store may
	// leave them empty. HasNextPage stays.
	Uncursored bool
}

// NeighboursWant asks for a page of an item's claims, as Store.Neighbours
// gives it, and optionally what the page's edges point at.
type NeighboursWant struct {
	Filter ClaimFilter
	Page   PageArgs
	// Others: the records of the claims' other ends (Extras.Entities).
	Others bool
	// Sources: the claims' sources (Extras.Sources).
	Sources bool
	// TotalCount: the page's TotalCount is needed; when false a store may
	// leave it 0.
	TotalCount bool
	// OtherFlags: the flags of the claims' other ends under each of these
	// queries (Extras.Flags).
	OtherFlags []FlagQuery
}

// Extras is what a store read beside a question's items, for its Want.
// Maps are never nil.
type Extras struct {
	// Version is the dataset version the answer was read from, in the same
	// transaction as the data.
	Version        string
	Entities       map[string]Entity
	Sources        map[string]Source
	Raids          map[string][]Raid              // by site id, in RaidsOn order
	Neighbours     map[string]EdgePage            // by entity id
	Flags          map[FlagQuery]map[string]Flags // by query, then entity id
	Designations   map[string][]Designation       // by target id, in Designations order
	neighbourKey   string                         // the Want's neighbours filter and page, for Has
	neighbourFlags []FlagQuery                    // the Want's neighbours' OtherFlags
}

// NewExtras returns empty extras for version.
func NewExtras(version string) Extras {
	return Extras{Version: version, Entities: map[string]Entity{}, Sources: map[string]Source{},
		Raids: map[string][]Raid{}, Neighbours: map[string]EdgePage{},
		Flags: map[FlagQuery]map[string]Flags{}, Designations: map[string][]Designation{}}
}

// AddFlags records the flags of id under q.
func (x Extras) AddFlags(q FlagQuery, id string, f Flags) {
	m, ok := x.Flags[q]
	if !ok {
		m = map[string]Flags{}
		x.Flags[q] = m
	}
	m[id] = f
}

// Answerer answers a root question with what its nested parts want, in one
// go. Stores may implement it (Neo4j: one statement per question); Answer
// gives every store one, over the Store's primitives where the store has
// none of its own. Errors are those of the corresponding Store methods;
// with an error the Extras are empty, but for EntityWith's ErrNotFound,
// which keeps the version of the dataset that has no such entity.
type Answerer interface {
	EntityWith(ctx context.Context, id string, w Want) (Entity, Extras, error)
	SearchWith(ctx context.Context, q SearchQuery, w Want) (SearchPage, Extras, error)
	CompoundsWith(ctx context.Context, f CompoundFilter, w Want) (CompoundPage, Extras, error)
	// SiteAssessmentWith answers the assessment; with q.CellsOnly, rows
	// carry no evidence (only Connected).
	SiteAssessmentWith(ctx context.Context, q AssessmentQuery) (Assessment, Extras, error)
}

// Local is implemented by stores that answer from memory: their calls take
// microseconds, so callers gain nothing by batching or waiting for them.
type Local interface{ Local() }

// Answer returns the store's own Answerer, or one over its primitives.
func Answer(s Store) Answerer {
	if a, ok := s.(Answerer); ok {
		return a
	}
	return Primitives{s}
}

// Primitives answers questions with a Store's primitive calls: the
// reference every native Answerer is compared with.
type Primitives struct{ Store Store }

func (p Primitives) extras(ctx context.Context) (Extras, error) {
	v, err := p.Store.Version(ctx)
	if err != nil {
		return Extras{}, err
	}
	return NewExtras(v), nil
}

// EntityWith implements Answerer.
func (p Primitives) EntityWith(ctx context.Context, id string, w Want) (Entity, Extras, error) {
	x, err := p.extras(ctx)
	if err != nil {
		return Entity{}, Extras{}, err
	}
	e, err := EntityByID(ctx, p.Store, id)
	if err != nil {
		return Entity{}, Extras{Version: x.Version}, err
	}
	if err := p.fill(ctx, &x, []Entity{e}, w); err != nil {
		return Entity{}, Extras{}, err
	}
	return e, x, nil
}

// SearchWith implements Answerer.
func (p Primitives) SearchWith(ctx context.Context, q SearchQuery, w Want) (SearchPage, Extras, error) {
	x, err := p.extras(ctx)
	if err != nil {
		return SearchPage{}, Extras{}, err
	}
	res, err := p.Store.Search(ctx, q)
	if err != nil {
		return SearchPage{}, Extras{}, err
	}
	items := make([]Entity, len(res.Items))
	for i, h := range res.Items {
		items[i] = h.Entity
	}
	if err := p.fill(ctx, &x, items, w); err != nil {
		return SearchPage{}, Extras{}, err
	}
	return res, x, nil
}

// CompoundsWith implements Answerer.
func (p Primitives) CompoundsWith(ctx context.Context, f CompoundFilter, w Want) (CompoundPage, Extras, error) {
	x, err := p.extras(ctx)
	if err != nil {
		return CompoundPage{}, Extras{}, err
	}
	res, err := p.Store.Compounds(ctx, f)
	if err != nil {
		return CompoundPage{}, Extras{}, err
	}
	if err := p.fill(ctx, &x, res.Items, w); err != nil {
		return CompoundPage{}, Extras{}, err
	}
	return res, x, nil
}

// SiteAssessmentWith implements Answerer.
func (p Primitives) SiteAssessmentWith(ctx context.Context, q AssessmentQuery) (Assessment, Extras, error) {
	x, err := p.extras(ctx)
	if err != nil {
		return Assessment{}, Extras{}, err
	}
	a, err := p.Store.SiteAssessment(ctx, q)
	if err != nil {
		return Assessment{}, Extras{}, err
	}
	return a, x, nil
}

// fill reads what w wants of items.
func (p Primitives) fill(ctx context.Context, x *Extras, items []Entity, w Want) error {
	ids := make([]string, len(items))
	for i, e := range items {
		ids[i] = e.ID
	}
	if w.Raids {
		var sites []string
		for _, e := range items {
			if e.Kind == KindCompound {
				sites = append(sites, e.ID)
			}
		}
		raids, err := p.Store.RaidsOn(ctx, sites)
		if err != nil {
			return err
		}
		for id, rs := range raids {
			x.Raids[id] = rs
		}
	}
	if err := p.flags(ctx, x, ids, w.Flags); err != nil {
		return err
	}
	if w.Sanctions {
		ds, err := p.Store.Designations(ctx, ids)
		if err != nil {
			return err
		}
		var authorities, sources []string
		for id, list := range ds {
			x.Designations[id] = list
			for _, d := range list {
				authorities = append(authorities, d.Authority)
				sources = append(sources, d.Sources...)
			}
		}
		if err := p.records(ctx, x, authorities, sources); err != nil {
			return err
		}
	}
	n := w.Neighbours
	if n == nil {
		return nil
	}
	x.SetNeighbours(*n)
	var others, sources []string
	for _, id := range ids {
		pg, err := Neighbours(ctx, p.Store, id, n.Filter, n.Page)
		if err != nil {
			return err
		}
		x.Neighbours[id] = pg
		for _, e := range pg.Items {
			others = append(others, e.Other)
			sources = append(sources, e.Claim.Sources...)
		}
	}
	if err := p.flags(ctx, x, others, n.OtherFlags); err != nil {
		return err
	}
	if !n.Others {
		others = nil
	}
	if !n.Sources {
		sources = nil
	}
	return p.records(ctx, x, others, sources)
}

// flags reads the flags of ids under each query.
func (p Primitives) flags(ctx context.Context, x *Extras, ids []string, qs []FlagQuery) error {
	for _, q := range qs {
		fs, err := p.Store.Flags(ctx, ids, q)
		if err != nil {
			return err
		}
		for id, f := range fs {
			x.AddFlags(q, id, f)
		}
	}
	return nil
}

// records reads the entities and sources with the given ids.
func (p Primitives) records(ctx context.Context, x *Extras, entities, sources []string) error {
	if len(entities) > 0 {
		es, err := p.Store.Entities(ctx, entities)
		if err != nil {
			return err
		}
		for id, e := range es {
			x.Entities[id] = e
		}
	}
	if len(sources) > 0 {
		ss, err := p.Store.Sources(ctx, sources)
		if err != nil {
			return err
		}
		for id, s := range ss {
			x.Sources[id] = s
		}
	}
	return nil
}

// SetNeighbours records that x.Neighbours holds the pages n asks for.
func (x *Extras) SetNeighbours(n NeighboursWant) {
	x.neighbourKey = neighboursKey(n)
	x.neighbourFlags = n.OtherFlags
}

// NeighbourFlags are the queries under which the flags of the neighbour
// pages' other ends were read.
func (x *Extras) NeighbourFlags() []FlagQuery { return x.neighbourFlags }

// HasNeighbours reports whether x holds the neighbour pages of filter f and
// page p (the ones its Want asked for).
func (x Extras) HasNeighbours(f ClaimFilter, p PageArgs) bool {
	return x.neighbourKey != "" && x.neighbourKey == neighboursKey(NeighboursWant{Filter: f, Page: p})
}

func neighboursKey(n NeighboursWant) string {
	return fmt.Sprintf("%s|%d|%q|%v", n.Filter.Key(), n.Page.First, n.Page.After, n.Page.None)
}

type versionSinkKey struct{}

// WithVersionSink returns a context whose reads report the dataset version
// they were answered from to sink: a store that reads the version in the
// same transaction as the data calls ReportVersion, so that a request can
// tell whether all its answers came from one dataset.
func WithVersionSink(ctx context.Context, sink func(version string)) context.Context {
	return context.WithValue(ctx, versionSinkKey{}, sink)
}

// ReportVersion tells the context's sink, if any, which dataset version a
// read was answered from.
func ReportVersion(ctx context.Context, version string) {
	if sink, ok := ctx.Value(versionSinkKey{}).(func(string)); ok && version != "" {
		sink(version)
	}
}
