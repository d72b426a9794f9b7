package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/patronage/patronage/graph"
)

// sep separates the parts of a sort key (graph.EdgeKey, graph.SearchKey):
// passed as a parameter, since Cypher string literals cannot hold it.
const sep = "\x00"

// page is a validated page request of one listing.
type page struct {
	list  graph.Listing // whose cursors are read and made
	size  int
	after string // the decoded cursor: the sort key to start after
}

func pageOf(l graph.Listing, p graph.PageArgs) (page, error) {
	size, err := p.Size()
	if err != nil {
		return page{}, err
	}
	after, err := l.After(p.After)
	if err != nil {
		return page{}, err
	}
	return page{list: l, size: size, after: after}, nil
}

// params adds the page's parameters: $after and $limit (one more than the
// page, to tell whether there is a next page).
func (p page) params(m map[string]any) map[string]any {
	m["after"] = p.after
	m["limit"] = int64(p.size + 1)
	return m
}

// info builds the page info from the total and the sort keys of the items
// after the cursor (at most size+1); it returns how many items to keep.
func (p page) info(total int64, keys []string) (graph.PageInfo, int) {
	n := min(len(keys), p.size)
	info := graph.PageInfo{TotalCount: int(total), HasNextPage: len(keys) > p.size}
	if n > 0 {
		info.StartCursor = p.cursor(keys[0])
		info.EndCursor = p.cursor(keys[n-1])
	}
	return info, n
}

// cursor is the cursor of the item with the sort key key; an empty key
// (an item read without its key: graph.Want.Uncursored) has none.
func (p page) cursor(key string) string {
	if key == "" {
		return ""
	}
	return p.list.Cursor(key)
}

// pageFrom is the page of the first n items, with their cursors made from
// their sort keys.
func pageFrom[T any](pg page, items []T, keys []string, info graph.PageInfo, n int) graph.Page[T] {
	if items == nil {
		items = []T{}
	}
	// the items are the caller's, made for the page: kept, not copied
	out := graph.Page[T]{Items: items[:n:n], Cursors: make([]string, n), PageInfo: info}
	for i := range n {
		out.Cursors[i] = pg.cursor(keys[i])
	}
	return out
}

func get(r *driver.Record, key string) any {
	v, _ := r.Get(key)
	return v
}

// allEntitiesQuery returns the properties of every entity, ordered by id.
const allEntitiesQuery = `MATCH (e:Entity) RETURN properties(e) AS e ORDER BY e.id`

var _ graph.EntityLister = (*Store)(nil)

// AllEntities returns every entity, ordered by id, in one query.
func (s *Store) AllEntities(ctx context.Context) ([]graph.Entity, error) {
	recs, err := s.read(ctx, "all entities", allEntitiesQuery, nil)
	if err != nil {
		return nil, err
	}
	var d decoder
	out := make([]graph.Entity, 0, len(recs))
	for _, r := range recs {
		out = append(out, d.entity(d.m(get(r, "e"))))
	}
	return out, d.err
}

// entitiesQuery returns the properties of each entity whose id is in $ids.
const entitiesQuery = `MATCH (e:Entity) WHERE e.id IN $ids RETURN properties(e) AS e`

func (s *Store) Entities(ctx context.Context, ids []string) (map[string]graph.Entity, error) {
	out := make(map[string]graph.Entity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "entities", entitiesQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		e := d.entity(d.m(get(r, "e")))
		out[e.ID] = e
	}
	return out, d.err
}

// searchAfter turns a cursor's key (graph.SearchKey: rank, folded name,
// id) into the query's key, whose folded name is in sortable form.
func searchAfter(key string) string {
	rank, rest, ok := strings.Cut(key, sep)
	if !ok {
		return key
	}
	name, id, ok := strings.Cut(rest, sep)
	if !ok {
		return rank + sep + sortable(name)
	}
	return rank + sep + sortable(name) + sep + id
}

// Search answers with SearchWith (one statement, the total counted).
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error) {
	p, _, err := s.SearchWith(ctx, q, graph.Want{TotalCount: true})
	return p, err
}

// sourcesQuery returns the properties of each source whose id is in $ids.
const sourcesQuery = `MATCH (s:Source) WHERE s.id IN $ids RETURN properties(s) AS s`

func (s *Store) Sources(ctx context.Context, ids []string) (map[string]graph.Source, error) {
	out := make(map[string]graph.Source, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "sources", sourcesQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		src := d.source(d.m(get(r, "s")))
		out[src.ID] = src
	}
	return out, d.err
}

// listSourcesQuery returns the number of sources as total, and the
// properties of at most $limit sources with ids after $after, by id.
const listSourcesQuery = `CALL () { MATCH (s:Source) RETURN count(s) AS total }
CALL () {
  MATCH (s:Source) WHERE s.id > $after
  WITH s ORDER BY s.id LIMIT $limit
  RETURN collect(properties(s)) AS page
}
RETURN total, page`

func (s *Store) ListSources(ctx context.Context, p graph.PageArgs) (graph.Page[graph.Source], error) {
	pg, err := pageOf(graph.ListSources, p)
	if err != nil {
		return graph.Page[graph.Source]{}, err
	}
	recs, err := s.read(ctx, "list sources", listSourcesQuery, pg.params(map[string]any{}))
	if err != nil {
		return graph.Page[graph.Source]{}, err
	}
	var d decoder
	page := d.list(get(recs[0], "page"))
	list, keys := make([]graph.Source, 0, len(page)), make([]string, 0, len(page))
	for _, v := range page {
		src := d.source(d.m(v))
		list, keys = append(list, src), append(keys, src.ID)
	}
	info, n := pg.info(d.int(recs[0].AsMap(), "total"), keys)
	return pageFrom(pg, list, keys, info, n), d.err
}

// statementsQuery returns the properties of every statement, by id.
const statementsQuery = `MATCH (st:Statement) RETURN properties(st) AS st ORDER BY st.id`

func (s *Store) Statements(ctx context.Context) ([]graph.Statement, error) {
	recs, err := s.read(ctx, "statements", statementsQuery, nil)
	if err != nil {
		return nil, err
	}
	var d decoder
	out := make([]graph.Statement, 0, len(recs))
	for _, r := range recs {
		out = append(out, d.statement(d.m(get(r, "st"))))
	}
	// the contract's order is Go's string order; the query's is Neo4j's
	slices.SortStableFunc(out, func(a, b graph.Statement) int { return strings.Compare(a.ID, b.ID) })
	return out, d.err
}

// versionQuery returns the loaded dataset's version, the stamp of a load
// in progress or interrupted (null when none) and the load's format; no
// row before any load.
const versionQuery = `MATCH (meta:Dataset {key: 'current'}) RETURN ` + metaReturn

// Version returns the version of the loaded dataset. It fails fast (within
// the configured ReadyTimeout) with graph.ErrUnavailable when the server
// does not answer, when nothing has been loaded, and while a load is in
// progress or after one was interrupted (the data is then a mix of two
// datasets; run the load again).
func (s *Store) Version(ctx context.Context) (string, error) {
	rctx, cancel := context.WithTimeout(ctx, s.readyTimeout)
	defer cancel()
	recs, err := s.read(rctx, opVersion, versionQuery, nil)
	switch {
	case err != nil && ctx.Err() == nil && rctx.Err() != nil && !errors.Is(err, graph.ErrUnavailable):
		return "", fmt.Errorf("%w: no answer within %s: %w", graph.ErrUnavailable, s.readyTimeout, err)
	case err != nil:
		return "", err
	}
	if len(recs) == 0 {
		return "", fmt.Errorf("neo4j version: %w: no dataset loaded (run patronage load)", graph.ErrUnavailable)
	}
	return checkMeta("version", recs[0].AsMap())
}

// statsQuery returns the number of entities, claims, raids, designations,
// sources and statements.
var statsQuery = `RETURN COUNT { (:Entity) } AS entities,
       COUNT { ()-[:` + allClaimTypes + `]->() } AS claims,
       COUNT { (:Raid) } AS raids,
       COUNT { (:Designation) } AS designations,
       COUNT { (:Source) } AS sources,
       COUNT { (:Statement) } AS statements`

func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	recs, err := s.read(ctx, "stats", statsQuery, nil)
	if err != nil {
		return graph.Stats{}, err
	}
	var d decoder
	m := recs[0].AsMap()
	st := graph.Stats{Entities: int(d.int(m, "entities")), Claims: int(d.int(m, "claims")), Raids: int(d.int(m, "raids")),
		Designations: int(d.int(m, "designations")), Sources: int(d.int(m, "sources")), Statements: int(d.int(m, "statements"))}
	return st, d.err
}
