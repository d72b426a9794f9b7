package neo4j

import (
	"context"

	"github.com/patronage/patronage/graph"
)

// admitsC is frag.admits on the claim relationship c, for every question.
var admitsC = anyArgs.admits("c")

// filterParams are the parameters of a claim filter: $types (vocabulary
// words; empty for all), $dir, $min, $asOfFirst and $asOfLast (null when
// there is no as-of date).
func filterParams(f graph.ClaimFilter, m map[string]any) map[string]any {
	types := make([]string, 0, len(f.Types))
	for _, t := range f.Types {
		types = append(types, string(t))
	}
	dir := f.Direction
	if dir == "" {
		dir = graph.DirectionBoth
	}
	m["types"] = types
	m["dir"] = string(dir)
	asOfParams(f.AsOf, f.MinStatus, "", m)
	return m
}

// asOfParams sets $min (the minimum status rank, alleged by default),
// $asOfFirst and $asOfLast, each name followed by sfx (frag.sfx).
func asOfParams(asOf graph.Date, minStatus graph.ClaimStatus, sfx string, m map[string]any) {
	if minStatus == 0 {
		minStatus = graph.StatusAlleged
	}
	m["min"+sfx] = int64(minStatus)
	m["asOfFirst"+sfx], m["asOfLast"+sfx] = nil, nil
	if !asOf.IsZero() {
		m["asOfFirst"+sfx] = int64(asOf.First().Ordinal())
		m["asOfLast"+sfx] = int64(asOf.Last().Ordinal())
	}
}

// edgesOfE is the subquery giving edges: every claim of entity e passing the
// filter, as {claim, from, to, other, out, key} maps ordered by key
// (graph.EdgeKey: type, other end's id, claim id).
var edgesOfE = `CALL (e) {
  MATCH (e)-[c:` + allClaimTypes + `]-(o:Entity)
  WHERE (size($types) = 0 OR c.type IN $types)
    AND ($dir = 'both' OR ($dir = 'out' AND startNode(c) = e) OR ($dir = 'in' AND endNode(c) = e))
    AND ` + admitsC + `
  WITH c, o, c.type + $sep + o.id + $sep + c.id AS key
  ORDER BY key
  RETURN collect({claim: properties(c), from: startNode(c).id, to: endNode(c).id, other: o.id, out: startNode(c) = e, key: key}) AS edges
}`

// edgesOfQuery returns, for each id in $ids, its claims passing the filter
// in edge order (an empty list for unknown ids).
var edgesOfQuery = `UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
` + edgesOfE + `
RETURN id, edges`

func (s *Store) EdgesOf(ctx context.Context, ids []string, f graph.ClaimFilter) (map[string][]graph.Edge, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	out := make(map[string][]graph.Edge, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, "edges", edgesOfQuery, filterParams(f, map[string]any{"ids": ids, "sep": sep}))
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		out[d.str(r.AsMap(), "id")] = d.edges(get(r, "edges"))
	}
	return out, d.err
}

// edges reads a list of {claim, from, to, other, out} maps.
func (d *decoder) edges(v any) []graph.Edge {
	list := d.list(v)
	out := make([]graph.Edge, 0, len(list))
	for _, x := range list {
		m := d.m(x)
		outgoing, _ := m["out"].(bool)
		out = append(out, graph.Edge{Claim: d.claimAt(m), Other: d.str(m, "other"), Outgoing: outgoing})
	}
	return out
}
