package neo4j

import (
	"context"

	"github.com/patronage/patronage/graph"
)

// Compounds answers with CompoundsWith (one statement, the total counted).
func (s *Store) Compounds(ctx context.Context, f graph.CompoundFilter) (graph.CompoundPage, error) {
	p, _, err := s.CompoundsWith(ctx, f, graph.Want{TotalCount: true})
	return p, err
}

// raidsQuery returns the number of raids passing the filter as total, and
// the properties of at most $limit of them with keys (graph.RaidKey) after
// $after, by key. The filter: the site ($site, "" for any), the window
// [$fromFirst, $toLast] (null for open ends) the raid may overlap, and a
// folded province among the raid's ($province, null for any).
const raidsQuery = `MATCH (r:Raid)
WHERE ($site = '' OR r.site = $site)
  AND ($fromFirst IS NULL OR r.endOrd IS NULL OR r.endOrd >= $fromFirst)
  AND ($toLast IS NULL OR r.startOrd IS NULL OR r.startOrd <= $toLast)
  AND ($province IS NULL OR $province IN coalesce(r.provincesFold, []))
WITH r ORDER BY r.key
WITH collect(r) AS raids
RETURN size(raids) AS total, [x IN [x IN raids WHERE x.key > $after][..$limit] | properties(x)] AS page`

func (s *Store) Raids(ctx context.Context, f graph.RaidFilter) (graph.RaidPage, error) {
	if err := graph.CheckWindow(f.From, f.To); err != nil {
		return graph.RaidPage{}, err
	}
	pg, err := pageOf(f.PageArgs)
	if err != nil {
		return graph.RaidPage{}, err
	}
	params := pg.params(map[string]any{"site": f.Site, "fromFirst": nil, "toLast": nil, "province": nil})
	if !f.From.IsZero() {
		params["fromFirst"] = int64(f.From.First().Ordinal())
	}
	if !f.To.IsZero() {
		params["toLast"] = int64(f.To.Last().Ordinal())
	}
	if f.Province != "" {
		params["province"] = graph.Fold(f.Province)
	}
	recs, err := s.read(ctx, "raids", raidsQuery, params)
	if err != nil {
		return graph.RaidPage{}, err
	}
	var d decoder
	var rs []graph.Raid
	var keys []string
	for _, v := range d.list(get(recs[0], "page")) {
		m := d.m(v)
		rs, keys = append(rs, d.raid(m)), append(keys, d.str(m, "key"))
	}
	info, n := pg.info(d.int(recs[0].AsMap(), "total"), keys)
	out := graph.RaidPage{Raids: append([]graph.Raid{}, rs[:n]...), Cursors: []string{}, PageInfo: info}
	for _, k := range keys[:n] {
		out.Cursors = append(out.Cursors, graph.EncodeCursor(k))
	}
	return out, d.err
}

// raidsOnQuery returns, for each id in $ids, the properties of the raids
// on that site.
const raidsOnQuery = `UNWIND $ids AS id
OPTIONAL MATCH (r:Raid)-[:TARGETED]->(:Entity {id: id})
RETURN id, collect(properties(r)) AS raids`

func (s *Store) RaidsOn(ctx context.Context, ids []string) (map[string][]graph.Raid, error) {
	out := make(map[string][]graph.Raid, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "raids on", raidsOnQuery, map[string]any{"ids": distinct(ids)})
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		list := []graph.Raid{}
		for _, v := range d.list(get(r, "raids")) {
			list = append(list, d.raid(d.m(v)))
		}
		graph.SortRaids(list) // the contract's order, whatever the server's
		out[d.str(r.AsMap(), "id")] = list
	}
	return out, d.err
}

// designationsQuery returns, for each id in $ids, the properties of the
// designations targeting it.
const designationsQuery = `UNWIND $ids AS id
OPTIONAL MATCH (d:Designation)-[:TARGETS]->(:Entity {id: id})
RETURN id, collect(properties(d)) AS designations`

func (s *Store) Designations(ctx context.Context, ids []string) (map[string][]graph.Designation, error) {
	out := make(map[string][]graph.Designation, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "designations", designationsQuery, map[string]any{"ids": distinct(ids)})
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		list := []graph.Designation{}
		for _, v := range d.list(get(r, "designations")) {
			list = append(list, d.designation(d.m(v)))
		}
		graph.SortDesignations(list)
		out[d.str(r.AsMap(), "id")] = list
	}
	return out, d.err
}

// distinct drops repeated ids (a repeated id would repeat its rows in the
// per-id aggregations).
func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
