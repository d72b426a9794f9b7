// Package memory is the embedded graph.Store: the whole dataset held in
// memory, indexed by id, by folded name (a sorted index for prefixes and a
// trigram index for substrings), by kind, and by adjacency per entity
// sorted by relationship type. It is the zero-setup default, loaded from the
// seed files at start.
package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/patronage/patronage/graph"
)

// Store is an immutable in-memory graph.Store.
type Store struct {
	d      *graph.Dataset
	entity map[string]int32 // id → index in d.Entities
	adjOut [][]int32        // entity index → claims it starts, in edge order
	adjIn  [][]int32        // entity index → claims it ends, in edge order
	ends   [][2]int32       // claim index → its From and To entity indexes
	// mayBeTarget: the entities that hold a position or are designated
	// under some filter (the assessment's targets are among them), in order
	mayBeTarget []int32
	byKind      map[graph.Kind][]int32
	names       nameIndex
	desig       map[string][]graph.Designation
	raidsOn     map[string][]graph.Raid
	siteRaids   [][]graph.Raid // the raids on each compound, as compound
	raids       []graph.Raid   // in raid order
	raidKeys    []string
	compound    []int32  // compound entity indexes by id
	province    []string // each compound's folded province, as compound
	source      map[string]int32
	srcKeys     []string // source ids sorted
	srcOrder    []int32
}

var _ graph.Store = (*Store)(nil)

// New indexes a dataset. The dataset must have passed Check; New returns
// an error wrapping graph.ErrInvalid if it has not.
func New(d *graph.Dataset) (*Store, error) {
	if err := d.Check(nil); err != nil {
		return nil, fmt.Errorf("memory store: %w", err)
	}
	s := &Store{d: d, entity: make(map[string]int32, len(d.Entities)), byKind: map[graph.Kind][]int32{},
		desig: map[string][]graph.Designation{}, raidsOn: map[string][]graph.Raid{}, source: map[string]int32{}}
	for i, e := range d.Entities {
		s.entity[e.ID] = int32(i)
		s.byKind[e.Kind] = append(s.byKind[e.Kind], int32(i))
	}
	for k, idx := range s.byKind {
		slices.SortFunc(idx, func(a, b int32) int { return strings.Compare(d.Entities[a].ID, d.Entities[b].ID) })
		s.byKind[k] = idx
	}
	s.compound = s.byKind[graph.KindCompound]
	s.province = make([]string, len(s.compound))
	for k, i := range s.compound {
		s.province[k] = graph.Fold(s.d.Entities[i].Province)
	}
	s.adjOut = make([][]int32, len(d.Entities))
	s.adjIn = make([][]int32, len(d.Entities))
	s.ends = make([][2]int32, len(d.Claims))
	for i, c := range d.Claims {
		f, t := s.entity[c.From], s.entity[c.To]
		s.ends[i] = [2]int32{f, t}
		s.adjOut[f] = append(s.adjOut[f], int32(i))
		s.adjIn[t] = append(s.adjIn[t], int32(i))
	}
	sortAdj := func(list []int32, other func(graph.Claim) string) {
		slices.SortFunc(list, func(a, b int32) int {
			ca, cb := &d.Claims[a], &d.Claims[b]
			return cmp.Or(strings.Compare(string(ca.Type), string(cb.Type)), strings.Compare(other(*ca), other(*cb)), strings.Compare(ca.ID, cb.ID))
		})
	}
	for i := range d.Entities {
		sortAdj(s.adjOut[i], func(c graph.Claim) string { return c.To })
		sortAdj(s.adjIn[i], func(c graph.Claim) string { return c.From })
	}
	for _, ds := range d.Designations {
		s.desig[ds.Target] = append(s.desig[ds.Target], ds)
	}
	for id := range s.desig {
		graph.SortDesignations(s.desig[id])
	}
	for i, e := range d.Entities {
		if len(s.desig[e.ID]) > 0 || slices.ContainsFunc(s.adjOut[i], func(ci int32) bool { return d.Claims[ci].Type == graph.RelHoldsPosition }) {
			s.mayBeTarget = append(s.mayBeTarget, int32(i))
		}
	}
	s.raids = slices.Clone(d.Raids)
	graph.SortRaids(s.raids)
	for _, r := range s.raids {
		s.raidKeys = append(s.raidKeys, graph.RaidKey(r))
		if r.Site != "" {
			s.raidsOn[r.Site] = append(s.raidsOn[r.Site], r)
		}
	}
	s.siteRaids = make([][]graph.Raid, len(s.compound))
	for k, i := range s.compound {
		s.siteRaids[k] = s.raidsOn[d.Entities[i].ID]
	}
	for i, src := range d.Sources {
		s.source[src.ID] = int32(i)
		s.srcOrder = append(s.srcOrder, int32(i))
	}
	slices.SortFunc(s.srcOrder, func(a, b int32) int { return strings.Compare(d.Sources[a].ID, d.Sources[b].ID) })
	for _, i := range s.srcOrder {
		s.srcKeys = append(s.srcKeys, d.Sources[i].ID)
	}
	s.names = buildNameIndex(d.Entities)
	return s, nil
}

var _ graph.EntityLister = (*Store)(nil)

// AllEntities returns every entity, ordered by id.
func (s *Store) AllEntities(ctx context.Context) ([]graph.Entity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := slices.Clone(s.d.Entities)
	slices.SortFunc(out, func(a, b graph.Entity) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Dataset returns the dataset the store was built from (not to be modified).
func (s *Store) Dataset() *graph.Dataset { return s.d }

func (s *Store) Entities(ctx context.Context, ids []string) (map[string]graph.Entity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]graph.Entity, len(ids))
	for _, id := range ids {
		if i, ok := s.entity[id]; ok {
			out[id] = s.d.Entities[i]
		}
	}
	return out, nil
}

// edges returns the entity's edges passing the filter, in edge order.
func (s *Store) edges(idx int32, id string, f graph.ClaimFilter) []graph.Edge {
	var out []graph.Edge
	if f.Direction != graph.DirectionIn {
		for _, ci := range s.adjOut[idx] {
			if c := s.d.Claims[ci]; f.Admits(c) {
				out = append(out, graph.Edge{Claim: c, Other: c.To, Outgoing: true})
			}
		}
	}
	if f.Direction != graph.DirectionOut {
		for _, ci := range s.adjIn[idx] {
			if c := s.d.Claims[ci]; f.Admits(c) {
				out = append(out, graph.Edge{Claim: c, Other: c.From, Outgoing: false})
			}
		}
	}
	graph.SortEdges(out)
	return out
}

func (s *Store) EdgesOf(ctx context.Context, ids []string, f graph.ClaimFilter) (map[string][]graph.Edge, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	out := make(map[string][]graph.Edge, len(ids))
	for _, id := range ids {
		out[id] = []graph.Edge{}
		if idx, ok := s.entity[id]; ok {
			if es := s.edges(idx, id, f); es != nil {
				out[id] = es
			}
		}
	}
	return out, nil
}

func (s *Store) Designations(ctx context.Context, ids []string) (map[string][]graph.Designation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string][]graph.Designation, len(ids))
	for _, id := range ids {
		out[id] = append([]graph.Designation{}, s.desig[id]...)
	}
	return out, nil
}

func (s *Store) RaidsOn(ctx context.Context, ids []string) (map[string][]graph.Raid, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string][]graph.Raid, len(ids))
	for _, id := range ids {
		out[id] = append([]graph.Raid{}, s.raidsOn[id]...)
	}
	return out, nil
}

func (s *Store) Raids(ctx context.Context, f graph.RaidFilter) (graph.RaidPage, error) {
	if err := ctx.Err(); err != nil {
		return graph.RaidPage{}, err
	}
	if err := graph.CheckWindow(f.From, f.To); err != nil {
		return graph.RaidPage{}, err
	}
	province, err := f.ProvinceFilter()
	if err != nil {
		return graph.RaidPage{}, err
	}
	place, err := f.PlaceFilter()
	if err != nil {
		return graph.RaidPage{}, err
	}
	var keys []string
	var rs []graph.Raid
	for i, r := range s.raids {
		if (f.Site != "" && r.Site != f.Site) || !r.Overlaps(f.From, f.To) {
			continue
		}
		if province.On && !slices.ContainsFunc(r.Provinces, func(p string) bool { return province.Admits(graph.Fold(p)) }) {
			continue
		}
		if place != "" && !slices.ContainsFunc(r.Places, func(p string) bool { return graph.InPlace(p, place) }) {
			continue
		}
		keys = append(keys, s.raidKeys[i])
		rs = append(rs, r)
	}
	lo, hi, info, err := graph.Paginate(graph.ListRaids, keys, f.PageArgs)
	if err != nil {
		return graph.RaidPage{}, err
	}
	page := graph.RaidPage{Items: append([]graph.Raid{}, rs[lo:hi]...), Cursors: []string{}, PageInfo: info}
	for _, k := range keys[lo:hi] {
		page.Cursors = append(page.Cursors, graph.ListRaids.Cursor(k))
	}
	return page, nil
}

func (s *Store) Compounds(ctx context.Context, f graph.CompoundFilter) (graph.CompoundPage, error) {
	if err := ctx.Err(); err != nil {
		return graph.CompoundPage{}, err
	}
	province, err := f.ProvinceFilter()
	if err != nil {
		return graph.CompoundPage{}, err
	}
	place, err := f.PlaceFilter()
	if err != nil {
		return graph.CompoundPage{}, err
	}
	var judged map[string]graph.SiteAssessment
	if f.Raided != nil || f.Connected != nil {
		q := f.Assessment
		q.CellsOnly = true // the cells decide, not the evidence
		a, err := s.SiteAssessment(ctx, q)
		if err != nil {
			return graph.CompoundPage{}, err
		}
		judged = map[string]graph.SiteAssessment{}
		for _, row := range a.Sites() {
			judged[row.Site.ID] = row
		}
	}
	// the compounds passing the filter, by index into s.compound (in id order)
	var keys []string
	var at []int32
	for k, i := range s.compound {
		e := &s.d.Entities[i]
		if !province.Admits(s.province[k]) || (place != "" && !graph.InPlace(e.Place, place)) {
			continue
		}
		if f.Status != "" && e.Status != f.Status {
			continue
		}
		if row, ok := judged[e.ID]; ok {
			if (f.Raided != nil && row.Raided() != *f.Raided) || (f.Connected != nil && row.Connected != *f.Connected) {
				continue
			}
		}
		keys = append(keys, e.ID)
		at = append(at, i)
	}
	lo, hi, info, err := graph.Paginate(graph.ListCompounds, keys, f.PageArgs)
	if err != nil {
		return graph.CompoundPage{}, err
	}
	page := graph.CompoundPage{Items: make([]graph.Entity, 0, hi-lo), Cursors: make([]string, 0, hi-lo), PageInfo: info}
	for k := lo; k < hi; k++ {
		page.Items = append(page.Items, s.d.Entities[at[k]])
		page.Cursors = append(page.Cursors, graph.ListCompounds.Cursor(keys[k]))
	}
	return page, nil
}

// published gives a source's publication date (zero for an unknown id).
func (s *Store) published(id string) graph.Date {
	if i, ok := s.source[id]; ok {
		return s.d.Sources[i].Published
	}
	return graph.Date{}
}

func (s *Store) Sources(ctx context.Context, ids []string) (map[string]graph.Source, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]graph.Source, len(ids))
	for _, id := range ids {
		if i, ok := s.source[id]; ok {
			out[id] = s.d.Sources[i]
		}
	}
	return out, nil
}

func (s *Store) ListSources(ctx context.Context, page graph.PageArgs) (graph.Page[graph.Source], error) {
	if err := ctx.Err(); err != nil {
		return graph.Page[graph.Source]{}, err
	}
	lo, hi, info, err := graph.Paginate(graph.ListSources, s.srcKeys, page)
	if err != nil {
		return graph.Page[graph.Source]{}, err
	}
	out := graph.Page[graph.Source]{Items: make([]graph.Source, 0, hi-lo), Cursors: make([]string, 0, hi-lo), PageInfo: info}
	for k, i := range s.srcOrder[lo:hi] {
		out.Items = append(out.Items, s.d.Sources[i])
		out.Cursors = append(out.Cursors, graph.ListSources.Cursor(s.srcKeys[lo+k]))
	}
	return out, nil
}

func (s *Store) Statements(ctx context.Context) ([]graph.Statement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := slices.Clone(s.d.Statements)
	if out == nil {
		out = []graph.Statement{}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *Store) Version(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return s.d.Version, nil
}

// Local marks the store as answering from memory (graph.Local).
func (s *Store) Local() {}

func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	if err := ctx.Err(); err != nil {
		return graph.Stats{}, err
	}
	return s.d.Stats(), nil
}
