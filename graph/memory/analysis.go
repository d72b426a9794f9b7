package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/patronage/patronage/graph"
)

// flagger derives flags with memoisation for one query.
type flagger struct {
	s    *Store
	q    graph.FlagQuery
	pep  map[int32]bool
	sanc map[int32]bool
}

func (s *Store) flagger(q graph.FlagQuery) *flagger {
	return &flagger{s: s, q: q, pep: map[int32]bool{}, sanc: map[int32]bool{}}
}

// position returns the claim that makes entity i politically exposed, if any
// (the first in edge order).
func (f *flagger) position(i int32) (graph.Claim, bool) {
	for _, ci := range f.s.adjOut[i] {
		c := &f.s.d.Claims[ci]
		if c.Type != graph.RelHoldsPosition { // the test below, without working out the date
			continue
		}
		if graph.CountsAsPosition(*c, graph.PositionSince(*c, f.s.published), f.q) {
			return *c, true
		}
	}
	return graph.Claim{}, false
}

func (f *flagger) isPEP(i int32) bool {
	v, ok := f.pep[i]
	if !ok {
		_, v = f.position(i)
		f.pep[i] = v
	}
	return v
}

// designations returns the designations that make entity i sanctioned.
func (f *flagger) designations(i int32) []graph.Designation {
	var out []graph.Designation
	for _, d := range f.s.desig[f.s.d.Entities[i].ID] {
		if graph.CountsAsDesignation(d, f.q) {
			out = append(out, d)
		}
	}
	return out
}

func (f *flagger) isSanctioned(i int32) bool {
	v, ok := f.sanc[i]
	if !ok {
		v = len(f.designations(i)) > 0
		f.sanc[i] = v
	}
	return v
}

func (f *flagger) isRCA(i int32) bool {
	id := f.s.d.Entities[i].ID
	for _, list := range [][]int32{f.s.adjOut[i], f.s.adjIn[i]} {
		for _, ci := range list {
			c := f.s.d.Claims[ci]
			if !graph.CountsAsCloseTie(c, id, f.q) {
				continue
			}
			other := c.To
			if c.To == id {
				other = c.From
			}
			if f.isPEP(f.s.entity[other]) {
				return true
			}
		}
	}
	return false
}

// reasons says why entity i is a target of the assessment (nil if it is not).
func (f *flagger) reasons(i int32) []graph.Reason {
	var out []graph.Reason
	id := f.s.d.Entities[i].ID
	if c, ok := f.position(i); ok {
		out = append(out, graph.Reason{Kind: graph.ReasonPoliticallyExposed, Entity: id, Claim: &c})
	}
	for _, d := range f.designations(i) {
		out = append(out, graph.Reason{Kind: graph.ReasonSanctioned, Entity: id, Designation: &d})
	}
	return out
}

func (f *flagger) isTarget(i int32) bool { return f.isPEP(i) || f.isSanctioned(i) }

func (s *Store) Flags(ctx context.Context, ids []string, q graph.FlagQuery) (map[string]graph.Flags, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fl := s.flagger(q)
	out := make(map[string]graph.Flags, len(ids))
	for _, id := range ids {
		if i, ok := s.entity[id]; ok {
			out[id] = graph.Flags{PoliticallyExposed: fl.isPEP(i), RelativeOrCloseAssociate: fl.isRCA(i), Sanctioned: fl.isSanctioned(i)}
		}
	}
	return out, nil
}

// walk enumerates simple paths of exactly depth hops from start over claims
// passing the filter, calling visit for each; stop(i) ends a path early at
// entity i (the path is visited but not extended).
func (s *Store) walk(ctx context.Context, start int32, depth int, f graph.ClaimFilter, stop func(int32) bool, visit func(graph.Path)) error {
	onPath := map[int32]bool{start: true}
	hops := make([]graph.Hop, 0, depth)
	startID := s.d.Entities[start].ID
	var step func(at int32) error
	step = func(at int32) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(hops) == depth {
			p := graph.Path{Start: startID, Hops: slices.Clone(hops)}
			p.Weakest = graph.Weakest(p.Hops)
			visit(p)
			return nil
		}
		atID := s.d.Entities[at].ID
		try := func(ci int32, other string) error {
			c := s.d.Claims[ci]
			if !f.Admits(c) {
				return nil
			}
			o := s.entity[other]
			if onPath[o] {
				return nil
			}
			// a path ends at its first stop: only extend through non-stops
			if len(hops)+1 < depth && stop(o) {
				return nil
			}
			onPath[o] = true
			hops = append(hops, graph.Hop{Claim: c, From: atID, To: other})
			err := step(o)
			hops = hops[:len(hops)-1]
			onPath[o] = false
			return err
		}
		if f.Direction != graph.DirectionIn {
			for _, ci := range s.adjOut[at] {
				if err := try(ci, s.d.Claims[ci].To); err != nil {
					return err
				}
			}
		}
		if f.Direction != graph.DirectionOut {
			for _, ci := range s.adjIn[at] {
				if err := try(ci, s.d.Claims[ci].From); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return step(start)
}

func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	from, ok := s.entity[q.From]
	if !ok {
		return nil, fmt.Errorf("entity %s: %w", graph.Quote(q.From), graph.ErrNotFound)
	}
	to, ok := s.entity[q.To]
	if !ok {
		return nil, fmt.Errorf("entity %s: %w", graph.Quote(q.To), graph.ErrNotFound)
	}
	out := []graph.Path{}
	if from == to {
		return out, nil
	}
	stop := func(i int32) bool { return i == to }
	for depth := 1; depth <= q.MaxHops && len(out) < q.Limit; depth++ {
		var level []graph.Path
		err := s.walk(ctx, from, depth, q.Filter, stop, func(p graph.Path) {
			if p.End() == q.To {
				level = append(level, p)
			}
		})
		if err != nil {
			return nil, err
		}
		graph.SortPaths(level)
		out = append(out, level...)
	}
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (s *Store) SiteAssessment(ctx context.Context, q graph.AssessmentQuery) (graph.Assessment, error) {
	if err := ctx.Err(); err != nil {
		return graph.Assessment{}, err
	}
	q, err := q.Normalize()
	if err != nil {
		return graph.Assessment{}, err
	}
	fl := s.flagger(graph.FlagQuery{AsOf: q.Filter.AsOf, MinStatus: q.Filter.MinStatus})
	// rows are written in place: a table has thousands, each a few
	// hundred bytes
	rows := make([]graph.SiteAssessment, len(s.compound))
	var near []bool // for CellsOnly: which entities are within MaxHops of a target
	for k, ci := range s.compound {
		row := &rows[k]
		row.Site, row.Raids, row.Evidence = s.d.Entities[ci], []graph.Raid{}, []graph.Evidence{}
		for _, r := range s.siteRaids[k] {
			if graph.RaidCounts(r, q.From, q.To, q.Filter.MinStatus) {
				row.Raids = append(row.Raids, r)
			}
		}
		if q.CellsOnly {
			if near == nil {
				if near, err = s.nearTargets(ctx, q.MaxHops, q.Filter, fl); err != nil {
					return graph.Assessment{}, err
				}
			}
			row.Connected = near[ci]
			continue
		}
		var found []graph.Evidence
		if rs := fl.reasons(ci); len(rs) > 0 {
			found = append(found, graph.Evidence{Path: graph.Path{Start: row.Site.ID, Hops: []graph.Hop{}}, Reasons: rs})
		}
		for depth := 1; depth <= q.MaxHops; depth++ {
			err := s.walk(ctx, ci, depth, q.Filter, fl.isTarget, func(p graph.Path) {
				end := s.entity[p.End()]
				if fl.isTarget(end) {
					found = append(found, graph.Evidence{Path: p, Reasons: fl.reasons(end)})
				}
			})
			if err != nil {
				return graph.Assessment{}, err
			}
		}
		graph.SortEvidence(found)
		if len(found) > q.PathsPerSite {
			found = found[:q.PathsPerSite]
		}
		row.Evidence = append(row.Evidence, found...)
		row.Connected = len(row.Evidence) > 0
	}
	return graph.Classify(q, rows), nil
}

// nearTargets marks every entity within depth claims passing the filter
// (in either direction) of a target — a politically exposed or sanctioned
// entity, itself at 0 — with one breadth-first walk from all targets at
// once. A site is connected exactly when it is marked: a path from it to a
// target exists exactly when a simple one does whose inner entities are not
// targets (cut it at its first target), so this is the evidence walk's
// "connected" for every site, without building a path.
func (s *Store) nearTargets(ctx context.Context, depth int, f graph.ClaimFilter, fl *flagger) ([]bool, error) {
	near := make([]bool, len(s.d.Entities))
	var frontier []int32
	for _, i := range s.mayBeTarget {
		// every entity is asked once: no memo needed
		if _, pep := fl.position(i); pep || len(fl.designations(i)) > 0 {
			near[i] = true
			frontier = append(frontier, i)
		}
	}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var next []int32
		visit := func(ci, o int32) {
			if !near[o] && f.Admits(s.d.Claims[ci]) {
				near[o] = true
				next = append(next, o)
			}
		}
		for _, at := range frontier {
			for _, ci := range s.adjOut[at] {
				visit(ci, s.ends[ci][1])
			}
			for _, ci := range s.adjIn[at] {
				visit(ci, s.ends[ci][0])
			}
		}
		frontier = next
	}
	return near, nil
}
