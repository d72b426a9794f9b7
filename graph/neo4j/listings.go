package neo4j

import (
	"context"
	"strings"

	"github.com/patronage/patronage/graph"
)

// Compounds answers with CompoundsWith (one statement, the total counted).
func (s *Store) Compounds(ctx context.Context, f graph.CompoundFilter) (graph.CompoundPage, error) {
	p, _, err := s.CompoundsWith(ctx, f, graph.Want{TotalCount: true})
	return p, err
}

// Raids reads a page of raids in key order (start date, then id) from the
// raid_key index, with only the filters given written into the statement:
// the site's raids through its id (an index seek), the window [$fromFirst,
// $toLast] a raid may overlap, a folded province among the raid's, a place
// among the raid's lying in the unit $place. The total is counted in the
// same statement.
func (s *Store) Raids(ctx context.Context, f graph.RaidFilter) (graph.RaidPage, error) {
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
	pg, err := pageOf(graph.ListRaids, f.PageArgs)
	if err != nil {
		return graph.RaidPage{}, err
	}
	params := pg.params(map[string]any{})
	op, match := "raids", "MATCH (r:Raid)"
	var tests []string
	if f.Site != "" {
		op, match = "raids of a site", "MATCH (:Entity {id: $site})<-[:TARGETED]-(r:Raid)"
		params["site"] = f.Site
	}
	if !f.From.IsZero() {
		params["fromFirst"] = int64(f.From.First().Ordinal())
		tests = append(tests, "(r.endOrd IS NULL OR r.endOrd >= $fromFirst)")
	}
	if !f.To.IsZero() {
		params["toLast"] = int64(f.To.Last().Ordinal())
		tests = append(tests, "(r.startOrd IS NULL OR r.startOrd <= $toLast)")
	}
	if province.On {
		// null when the text folds to nothing: the test is then never true
		params["province"] = nullIfEmpty(province.Key)
		tests = append(tests, "$province IN coalesce(r.provincesFold, [])")
	}
	if place != "" {
		// graph.InPlace on any of the raid's places (read from the raids
		// in key order, as the province filter is)
		params["place"] = place
		tests = append(tests, "any(pl IN coalesce(r.places, []) WHERE pl STARTS WITH $place)")
	}
	where, count := "", "COUNT { "+match+" }"
	if len(tests) > 0 {
		where = " AND " + strings.Join(tests, " AND ")
		count = "COUNT { " + match + " WHERE " + strings.Join(tests, " AND ") + " }"
	}
	query := `CALL () {
  ` + match + ` WHERE r.key > $after` + where + `
  WITH r ORDER BY r.key LIMIT $limit
  RETURN collect(properties(r)) AS page
}
RETURN ` + count + ` AS total, page`
	recs, err := s.read(ctx, op, query, params)
	if err != nil {
		return graph.RaidPage{}, err
	}
	var d decoder
	page := d.list(get(recs[0], "page"))
	rs, keys := make([]graph.Raid, 0, len(page)), make([]string, 0, len(page))
	for _, v := range page {
		m := d.m(v)
		rs, keys = append(rs, d.raid(m)), append(keys, d.str(m, "key"))
	}
	info, n := pg.info(d.int(recs[0].AsMap(), "total"), keys)
	return pageFrom(pg, rs, keys, info, n), d.err
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

// nullIfEmpty is s as a parameter, null when s is empty: a test of
// equality with null is never true.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
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
