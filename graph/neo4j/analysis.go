package neo4j

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
)

// evidencePaths matches the evidence paths from site s to a target t:
// simple paths of 1 to hops claims of the followed types (types, a
// relationship type expression) passing the filter, in any direction,
// whose inner entities are not targets (a path ends at its first target).
// targets is the list of every target node (targetList): inner entities
// are tested against it as the path grows, which prunes the walk. The
// variable-length form tested them once a whole path was matched, so it
// walked through targets and on: 2.5–3× as long at 5 and 6 hops on the 50k
// synthetic graph (docs/neo4j.md).
func evidencePaths(f frag, types string, hops int) string {
	inner := "" // the claims before the last, if any (a quantifier cannot be {0,0})
	if hops > 1 {
		inner = fmt.Sprintf(" (()-[xc:%s]-(xb) WHERE %s AND NOT xb IN targets){0,%d} ()", types, f.admits("xc"), hops-1)
	}
	return fmt.Sprintf(`MATCH p = (s)%s-[xl:%s]-(t:Entity)
  WHERE t IN targets AND %s
    AND all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))`, inner, types, f.admits("xl"))
}

// Cypher fragments for paths. The variables they bind are named so as not
// to collide with the queries around them.
const (
	// pathOrderTmpl computes a path's weakest status rank and its key
	// (graph.PathKey) from start {start}, for ordering as graph.ComparePaths.
	pathOrderTmpl = `reduce(w = 99, c IN relationships(p) | CASE WHEN c.rank < w THEN c.rank ELSE w END) AS weakest,
     reduce(k = {start}.id, c IN relationships(p) | k + '>' + c.id) AS key`

	// hopsOfP lists the hops of path p: the claim with its ends, and the
	// entities the hop leaves and reaches.
	hopsOfP = `[i IN range(0, length(p) - 1) | {claim: properties(relationships(p)[i]),
      from: startNode(relationships(p)[i]).id, to: endNode(relationships(p)[i]).id,
      hopFrom: nodes(p)[i].id, hopTo: nodes(p)[i + 1].id}]`
)

// byHops makes a query's text for every maximum number of hops, 1 to
// graph.MaxPathHops: variable-length bounds cannot be parameters, so the
// only thing written into these queries is a validated small integer.
func byHops(tmpl string) [graph.MaxPathHops + 1]string {
	var out [graph.MaxPathHops + 1]string
	for h := 1; h <= graph.MaxPathHops; h++ {
		out[h] = strings.ReplaceAll(tmpl, "{hops}", strconv.Itoa(h))
	}
	return out
}

// flagsQuery returns, for each id in $ids that exists, its flags under
// $min and $asOfLast (frag.flags; f says whether an as-of date is given).
func flagsQuery(f frag) string {
	return `UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN id, ` + f.flags("e", "f") + ` AS flags`
}

func (s *Store) Flags(ctx context.Context, ids []string, q graph.FlagQuery) (map[string]graph.Flags, error) {
	out := make(map[string]graph.Flags, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	params := map[string]any{"ids": ids}
	asOfParams(q.AsOf, q.MinStatus, "", params)
	recs, err := s.read(ctx, "flags", flagsQuery(frag{asOf: !q.AsOf.IsZero()}), params)
	if err != nil {
		return nil, err
	}
	var d decoder
	for _, r := range recs {
		m := r.AsMap()
		f := d.m(m["flags"])
		pep, _ := f["pep"].(bool)
		rca, _ := f["rca"].(bool)
		sanc, _ := f["sanctioned"].(bool)
		out[d.str(m, "id")] = graph.Flags{PoliticallyExposed: pep, RelativeOrCloseAssociate: rca, Sanctioned: sanc}
	}
	return out, d.err
}

// pathsQueryTmpl returns whether $from and $to exist, and the simple paths
// of 1 to {hops} claims between them (in the filter's direction: {left} and
// {right} are the arrowheads) that pass the filter, shortest first, then
// strongest, then by key, at most $limit.
var pathsQueryTmpl = `OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
CALL (a, b) {
  MATCH p = (a){left}-[:{claimTypes}*1..{hops}]-{right}(b)
  WHERE a <> b
    AND all(c IN relationships(p) WHERE (size($types) = 0 OR c.type IN $types) AND ` + admitsC + `)
    AND all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))
  WITH p, ` + pathOrderTmpl + `
  ORDER BY length(p), weakest DESC, key
  LIMIT $limit
  RETURN collect({hops: ` + hopsOfP + `}) AS paths
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths`

var pathsQueries = map[graph.Direction][graph.MaxPathHops + 1]string{
	graph.DirectionBoth: byHops(strings.NewReplacer("{left}", "", "{right}", "", "{claimTypes}", allClaimTypes, "{start}", "a").Replace(pathsQueryTmpl)),
	graph.DirectionOut:  byHops(strings.NewReplacer("{left}", "", "{right}", ">", "{claimTypes}", allClaimTypes, "{start}", "a").Replace(pathsQueryTmpl)),
	graph.DirectionIn:   byHops(strings.NewReplacer("{left}", "<", "{right}", "", "{claimTypes}", allClaimTypes, "{start}", "a").Replace(pathsQueryTmpl)),
}

func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	q, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	dir := q.Filter.Direction
	if dir == "" {
		dir = graph.DirectionBoth
	}
	params := filterParams(q.Filter, map[string]any{"from": q.From, "to": q.To, "limit": int64(q.Limit)})
	recs, err := s.read(ctx, "paths", pathsQueries[dir][q.MaxHops], params)
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	if found, _ := m["fromFound"].(bool); !found {
		return nil, fmt.Errorf("entity %s: %w", graph.Quote(q.From), graph.ErrNotFound)
	}
	if found, _ := m["toFound"].(bool); !found {
		return nil, fmt.Errorf("entity %s: %w", graph.Quote(q.To), graph.ErrNotFound)
	}
	var d decoder
	out := []graph.Path{}
	for _, v := range d.list(m["paths"]) {
		out = append(out, d.path(q.From, d.m(v)["hops"]))
	}
	return out, d.err
}

// path reads a path's hops.
func (d *decoder) path(start string, v any) graph.Path {
	p := graph.Path{Start: start, Hops: []graph.Hop{}}
	for _, x := range d.list(v) {
		m := d.m(x)
		p.Hops = append(p.Hops, graph.Hop{Claim: d.claimAt(m), From: d.str(m, "hopFrom"), To: d.str(m, "hopTo")})
	}
	p.Weakest = graph.Weakest(p.Hops)
	return p
}

// reasons reads a reasons map (see reasonsTmpl) about entity id.
func (d *decoder) reasons(id string, v any) []graph.Reason {
	m := d.m(v)
	var out []graph.Reason
	for _, x := range d.list(m["positions"]) {
		c := d.claimAt(x)
		out = append(out, graph.Reason{Kind: graph.ReasonPoliticallyExposed, Entity: id, Claim: &c})
	}
	var ds []graph.Designation
	for _, x := range d.list(m["designations"]) {
		ds = append(ds, d.designation(d.m(x)))
	}
	graph.SortDesignations(ds)
	for i := range ds {
		out = append(out, graph.Reason{Kind: graph.ReasonSanctioned, Entity: id, Designation: &ds[i]})
	}
	return out
}

// assessmentRows returns one row per compound: its properties, the raids
// on it that count in the window (by raid key), whether it counts as
// connected itself and why (its 0-hop evidence), and its evidence paths
// (shortest first, then strongest, then by key; at most $perSite in all
// with the 0-hop evidence), each with why its end counts. It reads
// targets (targetList) and linked, the ids of the sites a target reaches
// (reachedSites): paths are searched from those sites only, as a site with
// an evidence path is one of them (the path read backwards is a walk from
// its end).
func assessmentRows(f frag, types string, hops int) string {
	return `MATCH (s:Compound)
WITH s, s IN targets AS selfTarget
CALL (s) {
  OPTIONAL MATCH (r:Raid)-[:TARGETED]->(s)
  WHERE ` + f.raidCounts("r") + `
  WITH r ORDER BY r.key
  RETURN collect(properties(r)) AS raids
}
CALL (s, linked, targets) {
  WITH s WHERE s.id IN linked
  ` + evidencePaths(f, types, hops) + `
  WITH s, p, t, ` + strings.ReplaceAll(pathOrderTmpl, "{start}", "s") + `
  ORDER BY length(p), weakest DESC, key
  LIMIT $perSite
  RETURN collect({hops: ` + hopsOfP + `, end: t.id, reasons: ` + f.reasons("t") + `}) AS evidence
}
RETURN properties(s) AS site, raids, selfTarget,
       CASE WHEN selfTarget THEN ` + f.reasons("s") + ` END AS selfReasons,
       CASE WHEN selfTarget THEN evidence[..$perSite - 1] ELSE evidence END AS evidence
ORDER BY s.id`
}

// assessmentParams are the parameters of a normalised assessment query.
func assessmentParams(q graph.AssessmentQuery, m map[string]any) map[string]any {
	filterParams(q.Filter, m)
	m["fromFirst"], m["toLast"] = nil, nil
	if !q.From.IsZero() {
		m["fromFirst"] = int64(q.From.First().Ordinal())
	}
	if !q.To.IsZero() {
		m["toLast"] = int64(q.To.Last().Ordinal())
	}
	m["perSite"] = int64(q.PathsPerSite)
	return m
}

// SiteAssessment answers with SiteAssessmentWith (one statement).
func (s *Store) SiteAssessment(ctx context.Context, q graph.AssessmentQuery) (graph.Assessment, error) {
	a, _, err := s.SiteAssessmentWith(ctx, q)
	return a, err
}

// assessmentRow reads a row of assessmentRows.
func (d *decoder) assessmentRow(m map[string]any) graph.SiteAssessment {
	row := graph.SiteAssessment{Site: d.entity(d.m(m["site"])), Raids: []graph.Raid{}, Evidence: []graph.Evidence{}}
	for _, x := range d.list(m["raids"]) {
		row.Raids = append(row.Raids, d.raid(d.m(x)))
	}
	graph.SortRaids(row.Raids)
	if self, _ := m["selfTarget"].(bool); self {
		row.Evidence = append(row.Evidence, graph.Evidence{Path: graph.Path{Start: row.Site.ID, Hops: []graph.Hop{}}, Reasons: d.reasons(row.Site.ID, m["selfReasons"])})
	}
	for _, x := range d.list(m["evidence"]) {
		em := d.m(x)
		row.Evidence = append(row.Evidence, graph.Evidence{Path: d.path(row.Site.ID, em["hops"]), Reasons: d.reasons(d.str(em, "end"), em["reasons"])})
	}
	row.Connected = len(row.Evidence) > 0
	return row
}
