package neo4j

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
)

// The Answerer: each root question, with what its nested fields want, is
// ONE statement that also reads the dataset version, so that a request
// costs one round trip and can never mix two datasets. The statements are
// assembled from fixed parts chosen by the Want (what is not wanted is not
// in the text, so costs nothing); relationship types and hop counts written
// into the text come from the vocabulary and validated integers, every value
// is a parameter.

var _ graph.Answerer = (*Store)(nil)

// metaMatch reads the dataset marker; metaReturn returns its columns.
const (
	metaMatch  = "OPTIONAL MATCH (meta:Dataset {key: 'current'})\n"
	metaReturn = "meta.version AS version, meta.loading AS loading, meta.format AS format"
)

// checkMeta reads the dataset marker's columns (metaReturn) and returns the
// version of a complete dataset written in this loader's format; otherwise
// an error wrapping graph.ErrUnavailable.
func checkMeta(op string, m map[string]any) (string, error) {
	var d decoder
	if loading := d.str(m, "loading"); loading != "" {
		return "", fmt.Errorf("neo4j %s: %w: a load (stamp %s) is in progress or was interrupted; run patronage load again", op, graph.ErrUnavailable, loading)
	}
	v := d.str(m, "version")
	if v == "" {
		return "", fmt.Errorf("neo4j %s: %w: no dataset loaded (run patronage load)", op, graph.ErrUnavailable)
	}
	if f := d.str(m, "format"); f != loadFormat {
		return "", fmt.Errorf("neo4j %s: %w: the dataset (version %s) was loaded in format %q, this patronage reads %q; run patronage load again", op, graph.ErrUnavailable, v, f, loadFormat)
	}
	return v, d.err
}

// answer runs a statement written with metaMatch and metaReturn, which
// returns one row, and checks that a complete dataset answered it.
func (s *Store) answer(ctx context.Context, op, query string, params map[string]any) (map[string]any, string, error) {
	recs, err := s.read(ctx, op, query, params)
	if err != nil {
		return nil, "", err
	}
	if len(recs) != 1 {
		return nil, "", fmt.Errorf("neo4j %s: %d rows, want 1", op, len(recs))
	}
	m := recs[0].AsMap()
	v, err := checkMeta(op, m)
	if err != nil {
		return nil, "", err
	}
	graph.ReportVersion(ctx, v)
	return m, v, nil
}

// relPattern is the relationship pattern of claim variable c from {v} to
// o over types (every claim type when empty), in direction dir.
func relPattern(v string, types []graph.RelType, dir graph.Direction) (string, error) {
	names := allClaimTypes
	if len(types) > 0 {
		var err error
		if names, err = relTypes(types); err != nil {
			return "", err
		}
	}
	switch dir {
	case graph.DirectionOut:
		return "(" + v + ")-[c:" + names + "]->(o:Entity)", nil
	case graph.DirectionIn:
		return "(" + v + ")<-[c:" + names + "]-(o:Entity)", nil
	}
	return "(" + v + ")-[c:" + names + "]-(o:Entity)", nil
}

// neighboursPart is a CALL subquery giving, for entity e, the number of its
// claims passing the filter (total) and the page after $nAfter (at most
// $nLimit) as edge maps, with the other ends' records and the sources when
// wanted.
func neighboursPart(n graph.NeighboursWant, params map[string]any) (string, error) {
	pat, err := relPattern("e", n.Filter.Types, n.Filter.Direction)
	if err != nil {
		return "", err
	}
	extra := ""
	if n.Others {
		extra += ", o: properties(o)"
	}
	if n.Sources {
		extra += ", sources: COLLECT { UNWIND coalesce(c.sources, []) AS sid MATCH (src:Source {id: sid}) RETURN properties(src) }"
	}
	if of := flagsPart("o", "o", n.OtherFlags, params); of != "" {
		extra += ", oflags: " + strings.TrimPrefix(of, ", flags: ")
	}
	admits := fragFor(n.Filter).admits("c")
	total := "0"
	if n.TotalCount {
		total = "COUNT { MATCH " + pat + " WHERE " + admits + " }"
	}
	// the page in edge order (type, other end's id, claim id: the order of
	// the key, whose parts are joined by the least character)
	return `CALL (e) {
  OPTIONAL MATCH ` + pat + `
  WHERE ` + admits + `
  WITH c, o WHERE c IS NOT NULL AND c.type + $sep + o.id + $sep + c.id > $nAfter
  WITH c, o ORDER BY c.type, o.id, c.id LIMIT $nLimit
  RETURN collect({claim: properties(c), from: startNode(c).id, to: endNode(c).id, other: o.id, out: startNode(c) = e` + extra + `}) AS nPage
}
WITH *, CASE WHEN e IS NULL THEN 0 ELSE ` + total + ` END AS nTotal
`, nil
}

// neighbourParams adds the parameters of neighboursPart, for the claims of
// entity id.
func neighbourParams(id string, n graph.NeighboursWant, m map[string]any) (page, error) {
	if err := n.Filter.Check(); err != nil {
		return page{}, err
	}
	pg, err := pageOf(graph.RelationshipsOf(id), n.Page)
	if err != nil {
		return page{}, err
	}
	filterParams(n.Filter, m)
	m["sep"] = sep
	m["nAfter"] = pg.after
	m["nLimit"] = int64(pg.size + 1)
	return pg, nil
}

// readNeighbours decodes neighboursPart's columns from row into x, for id.
func (d *decoder) readNeighbours(row map[string]any, prefix string, id string, pg page, x *graph.Extras) {
	list := d.list(row[prefix+"Page"])
	edges := d.edges(list)
	keys := make([]string, len(edges))
	for i, e := range edges {
		keys[i] = graph.EdgeKey(e)
	}
	info, n := pg.info(d.int(row, prefix+"Total"), keys)
	x.Neighbours[id] = pageFrom(pg, edges, keys, info, n)
	for _, v := range list[:n] {
		m := d.m(v)
		if o, ok := m["o"]; ok && o != nil {
			e := d.entity(d.m(o))
			x.Entities[e.ID] = e
		}
		for _, sv := range d.list(m["sources"]) {
			src := d.source(d.m(sv))
			x.Sources[src.ID] = src
		}
		if qs := x.NeighbourFlags(); len(qs) > 0 {
			d.readFlags(d.str(m, "other"), m["oflags"], qs, x)
		}
	}
}

// EntityWith implements graph.Answerer.
func (s *Store) EntityWith(ctx context.Context, id string, w graph.Want) (graph.Entity, graph.Extras, error) {
	params := map[string]any{"id": id}
	q := metaMatch + "OPTIONAL MATCH (e:Entity {id: $id})\n"
	ret := "RETURN " + metaReturn + ", properties(e) AS e"
	if w.Raids {
		ret += ", " + raidsOfTmpl("e") + " AS raids"
	}
	if parts := itemParts("e", "e", w, params); parts != "" {
		ret += ", {" + strings.TrimPrefix(parts, ", ") + "} AS item"
	}
	var pg page
	x := graph.NewExtras("")
	if n := w.Neighbours; n != nil {
		x.SetNeighbours(*n) // before reading the page: its others' flags are read by n's queries
		part, err := neighboursPart(*n, params)
		if err != nil {
			return graph.Entity{}, graph.Extras{}, err
		}
		if pg, err = neighbourParams(id, *n, params); err != nil {
			return graph.Entity{}, graph.Extras{}, err
		}
		q += part
		ret += ", nTotal, nPage"
	}
	row, v, err := s.answer(ctx, "entity", q+ret, params)
	if err != nil {
		return graph.Entity{}, graph.Extras{}, err
	}
	if row["e"] == nil { // the version still says which dataset has none
		return graph.Entity{}, graph.Extras{Version: v}, fmt.Errorf("entity %s: %w", graph.Quote(id), graph.ErrNotFound)
	}
	x.Version = v
	var d decoder
	e := d.entity(d.m(row["e"]))
	if w.Raids && e.Kind == graph.KindCompound {
		x.Raids[id] = d.raidList(row["raids"])
	}
	if item, ok := row["item"]; ok {
		d.readItemParts(id, d.m(item), w, &x)
	}
	if w.Neighbours != nil {
		d.readNeighbours(row, "n", id, pg, &x)
	}
	return e, x, d.err
}

// SearchWith implements graph.Answerer: the search of Search, with the
// version; the total is counted only when wanted.
func (s *Store) SearchWith(ctx context.Context, q graph.SearchQuery, w graph.Want) (graph.SearchPage, graph.Extras, error) {
	text, err := graph.CheckQueryText("search text", q.Text)
	if err != nil {
		return graph.SearchPage{}, graph.Extras{}, err
	}
	kinds := []string{}
	for _, k := range q.Kinds {
		if _, err := graph.ParseKind(string(k)); err != nil {
			return graph.SearchPage{}, graph.Extras{}, err
		}
		kinds = append(kinds, string(k))
	}
	pg, err := pageOf(graph.ListSearch, q.PageArgs)
	if err != nil {
		return graph.SearchPage{}, graph.Extras{}, err
	}
	// searchText holds the folded names one per line and text (folded)
	// holds no line break: a name equal to text is a line equal to it, one
	// starting with it a line starting with it
	params := pg.params(map[string]any{"text": text, "textLine": "\n" + text + "\n", "textStart": "\n" + text, "kinds": kinds, "sep": sep})
	params["after"] = searchAfter(pg.after)
	query := searchStatement(len(kinds) > 0, pg.after != "", w, params)
	row, v, err := s.answer(ctx, "search", query, params)
	if err != nil {
		return graph.SearchPage{}, graph.Extras{}, err
	}
	var d decoder
	x := graph.NewExtras(v)
	items := d.list(row["page"])
	hits, keys := make([]graph.SearchHit, 0, len(items)), make([]string, 0, len(items))
	for _, item := range items {
		m := d.m(item)
		h := graph.SearchHit{Entity: d.entity(d.m(m["e"])), Rank: int(d.int(m, "rank"))}
		if names := d.strs(m, "names"); len(names) > 0 {
			h.Match = minString(names)
		}
		key := ""
		if !w.Uncursored {
			key = graph.SearchKey(h)
		}
		hits, keys = append(hits, h), append(keys, key)
	}
	info, n := pg.info(d.int(row, "total"), keys)
	for i, h := range hits[:n] { // the extras of the page's items only
		m := d.m(items[i])
		if w.Raids && h.Entity.Kind == graph.KindCompound {
			x.Raids[h.Entity.ID] = d.raidList(m["raids"])
		}
		d.readItemParts(h.Entity.ID, m, w, &x)
	}
	return pageFrom(pg, hits, keys, info, n), x, d.err
}

// entityOf returns the properties of the entity node v (a variable): with
// bare, only those of a bare entity (graph.Want.Bare), which spares Neo4j
// writing and the driver decoding the others.
func entityOf(v string, bare bool) string {
	if bare {
		return v + " {.id, .kind, .name}"
	}
	return "properties(" + v + ")"
}

// raidsOfTmpl lists the properties of the raids on the site node v (a
// variable).
func raidsOfTmpl(v string) string {
	return "[(" + v + ")<-[:TARGETED]-(r:Raid) | properties(r)]"
}

// raidList reads a list of raid properties, in RaidsOn order.
func (d *decoder) raidList(v any) []graph.Raid {
	list := []graph.Raid{}
	for _, r := range d.list(v) {
		list = append(list, d.raid(d.m(r)))
	}
	graph.SortRaids(list)
	return list
}

func minString(list []string) string {
	m := list[0]
	for _, s := range list[1:] {
		if s < m {
			m = s
		}
	}
	return m
}

// searchStatement writes the search: the entities whose folded names or
// aliases contain $text (the text index on searchText finds them), each
// with its best rank (0 exact, 1 prefix, 2 substring: tested on searchText,
// one string, with $textLine and $textStart, where testing each name of
// searchFolded costs Neo4j more), in SearchKey order
// (rank, the folded name in sortable form, id), the page after $after
// (written only when there is a cursor) of at most $limit, and for the
// page only the names giving the rank (not when w.Unmatched); with the
// kinds filter, the total and the raids on compounds only when asked, bare
// entities when w.Bare.
func searchStatement(kinds, after bool, w graph.Want, params map[string]any) string {
	match := "MATCH (e:Entity) WHERE e.searchText CONTAINS $text"
	if kinds {
		match += " AND e.kind IN $kinds"
	}
	q := metaMatch + "CALL () {\n  " + match + `
  WITH e, '\n' + e.searchText + '\n' AS lines
  WITH e, CASE WHEN lines CONTAINS $textLine THEN 0 WHEN lines CONTAINS $textStart THEN 1 ELSE 2 END AS rank
`
	if after {
		q += "  WITH e, rank WHERE toString(rank) + $sep + e.nameKey + $sep + e.id > $after\n"
	}
	extra := itemParts("e", "s", w, params)
	if w.Raids {
		extra += ", raids: " + raidsOfTmpl("e")
	}
	if !w.Unmatched {
		extra += `,
    names: [i IN range(0, size(e.searchFolded) - 1) WHERE CASE rank WHEN 0 THEN e.searchFolded[i] = $text
      WHEN 1 THEN e.searchFolded[i] STARTS WITH $text ELSE e.searchFolded[i] CONTAINS $text END | e.searchNames[i]]`
	}
	// searchOrd is the place in (folded name, id) order (graph.SearchOrder):
	// one integer to sort on where two strings were about half the cost
	q += `  WITH e, rank ORDER BY rank, e.searchOrd LIMIT $limit
  RETURN collect({e: ` + entityOf("e", w.Bare) + `, rank: rank` + extra + `}) AS page
}
`
	total := "0"
	if w.TotalCount {
		total = "COUNT { " + match + " }"
	}
	return q + "RETURN " + metaReturn + ", " + total + " AS total, page"
}

// CompoundsWith implements graph.Answerer: a page of compounds read in id
// order from the index (only as far as the page needs), the total only when
// wanted, the raids on the page's sites when wanted (with w.Bare, bare sites).
func (s *Store) CompoundsWith(ctx context.Context, f graph.CompoundFilter, w graph.Want) (graph.CompoundPage, graph.Extras, error) {
	province, err := f.ProvinceFilter()
	if err != nil {
		return graph.CompoundPage{}, graph.Extras{}, err
	}
	place, err := f.PlaceFilter()
	if err != nil {
		return graph.CompoundPage{}, graph.Extras{}, err
	}
	q := graph.AssessmentQuery{MaxHops: graph.DefaultMaxHops}
	if f.Raided != nil || f.Connected != nil {
		if q, err = f.Assessment.Normalize(); err != nil {
			return graph.CompoundPage{}, graph.Extras{}, err
		}
	}
	pg, err := pageOf(graph.ListCompounds, f.PageArgs)
	if err != nil {
		return graph.CompoundPage{}, graph.Extras{}, err
	}
	// $province is null when the text folds to nothing: its test is then
	// never true
	params := pg.params(assessmentParams(q, map[string]any{"status": string(f.Status), "province": nullIfEmpty(province.Key), "raided": nil}))
	if f.Raided != nil {
		params["raided"] = *f.Raided
	}
	tests, err := compoundTests(f, q, province.On, place, params)
	if err != nil {
		return graph.CompoundPage{}, graph.Extras{}, err
	}
	where, count := "", "COUNT { (:Compound) }"
	if len(tests) > 0 {
		where = " AND " + strings.Join(tests, "\n  AND ")
		count = "COUNT { MATCH (s:Compound) WHERE " + strings.Join(tests, " AND ") + " }"
	}
	raids := itemParts("s", "c", w, params)
	if w.Raids {
		raids += ", raids: " + raidsOfTmpl("s")
	}
	query, imports := metaMatch, ""
	if f.Connected != nil {
		// the connected test reads linked
		reached, err := reachedSites(q)
		if err != nil {
			return graph.CompoundPage{}, graph.Extras{}, err
		}
		query, imports = query+reached, "linked"
	}
	query += `CALL (` + imports + `) {
  MATCH (s:Compound) WHERE s.id > $after` + where + `
  WITH s ORDER BY s.id LIMIT $limit
  RETURN collect({s: ` + entityOf("s", w.Bare) + raids + `}) AS page
}
`
	if w.TotalCount {
		query += "RETURN " + metaReturn + ", " + count + " AS total, page"
	} else {
		query += "RETURN " + metaReturn + ", 0 AS total, page"
	}
	row, v, err := s.answer(ctx, "compounds", query, params)
	if err != nil {
		return graph.CompoundPage{}, graph.Extras{}, err
	}
	return readCompounds(row, pg, w, v)
}

// readCompounds decodes CompoundsWith's row: the page, and the extras of
// the page's items (read from dataset version v).
func readCompounds(row map[string]any, pg page, w graph.Want, v string) (graph.CompoundPage, graph.Extras, error) {
	x := graph.NewExtras(v)
	var d decoder
	items := d.list(row["page"])
	es, keys := make([]graph.Entity, 0, len(items)), make([]string, 0, len(items))
	for _, item := range items {
		e := d.entity(d.m(d.m(item)["s"]))
		key := e.ID
		if w.Uncursored {
			key = ""
		}
		es, keys = append(es, e), append(keys, key)
	}
	info, n := pg.info(d.int(row, "total"), keys)
	for i, e := range es[:n] { // the extras of the page's items only
		m := d.m(items[i])
		if w.Raids {
			x.Raids[e.ID] = d.raidList(m["raids"])
		}
		d.readItemParts(e.ID, m, w, &x)
	}
	return pageFrom(pg, es, keys, info, n), x, d.err
}

// compoundTests are the WHERE tests on the site s of the filters f gives
// (only those given are written), with their parameters added to params;
// q is the normalised assessment that judges raided and connected.
func compoundTests(f graph.CompoundFilter, q graph.AssessmentQuery, province bool, place string, params map[string]any) ([]string, error) {
	fr := fragForAssessment(q)
	var tests []string
	if province {
		tests = append(tests, "s.provinceFold = $province")
	}
	if place != "" {
		// graph.InPlace: the site's code begins with the unit's (a prefix
		// seek on compound_place; a site with no place has none and fails)
		params["place"] = place
		tests = append(tests, "s.place STARTS WITH $place")
	}
	if f.Status != "" {
		tests = append(tests, "s.status = $status")
	}
	if f.Raided != nil {
		tests = append(tests, "$raided = EXISTS { MATCH (r:Raid)-[:TARGETED]->(s) WHERE "+fr.raidCounts("r")+" }")
	}
	if f.Connected != nil {
		// linked: see reachedSites
		params["connected"] = *f.Connected
		tests = append(tests, "$connected = ("+fr.isDesignated("s", "xd")+" OR s.id IN linked)")
	}
	return tests, nil
}

// relTypes is the relationship type expression (A|B|...) of claim types.
func relTypes(types []graph.RelType) (string, error) {
	names := make([]string, 0, len(types))
	for _, t := range types {
		n, err := claimRelType(t)
		if err != nil {
			return "", err
		}
		names = append(names, n)
	}
	return strings.Join(names, "|"), nil
}

// reachedSites is a subquery returning linked, the ids of the sites that a
// path of 1 to q.MaxHops claims of the query's types passing its filter
// links to a target, found from the targets out. A site is connected
// under q when a designation that counts targets it or it is linked (the
// vocabulary gives sites no position). Any such path will do (the shortest
// one to the first target on it is an evidence path), so neither
// simplicity nor inner targets are tested; and a path read backwards is a
// path, so the sites reached from the targets are the sites that reach
// one. Targets are few beside sites, and each neighbourhood is walked
// once, where testing site by site walks the whole neighbourhood of every
// site that reaches none (on the 50k synthetic graph: 45 against 200 ms at
// 3 hops, 70 against 440 ms at 6). The variable-length form, whose
// distinct ends the planner can prune, took 70 ms at 6 hops where a
// quantified path pattern took 107.
func reachedSites(q graph.AssessmentQuery) (string, error) {
	types, err := relTypes(q.Filter.Types)
	if err != nil {
		return "", err
	}
	f := fragFor(q.Filter)
	return fmt.Sprintf(`CALL () {
  %s
  MATCH p = (t)-[:%s*1..%d]-(s:Compound)
  WHERE all(c IN relationships(p) WHERE %s)
  WITH DISTINCT s
  RETURN collect(s.id) AS linked
}
`, f.targets(), types, q.MaxHops, f.admits("c")), nil
}

// targetList is a subquery returning targets, the list of every entity
// that counts as connected under q's filter (frag.targets). reachedSites
// finds them again rather than read this list: walking out from an
// UNWIND of it made the assessment with evidence slower (5 hops on the
// 50k synthetic graph, 3 alternating runs: 650–820 against 500–560 ms),
// while finding the 711 targets takes a few milliseconds.
func targetList(q graph.AssessmentQuery) string {
	return `CALL () {
  ` + fragFor(q.Filter).targets() + `
  RETURN collect(t) AS targets
}
`
}

// cellRows decodes the cells-only assessment's columns: the sites, whether
// a designation that counts targets each, its raids, and linked (see
// reachedSites). A site is connected when designated or linked.
func cellRows(q graph.AssessmentQuery, row map[string]any) ([]graph.SiteAssessment, error) {
	var d decoder
	sites, designated, raids := d.list(row["sites"]), d.list(row["designated"]), d.list(row["raids"])
	if len(designated) != len(sites) || len(raids) != len(sites) {
		return nil, fmt.Errorf("neo4j site assessment: columns of %d, %d and %d rows", len(sites), len(designated), len(raids))
	}
	linked := map[string]bool{}
	for _, x := range d.list(row["linked"]) {
		id, _ := x.(string)
		linked[id] = true
	}
	rows := make([]graph.SiteAssessment, len(sites))
	for i := range sites {
		r := graph.SiteAssessment{Raids: []graph.Raid{}, Evidence: []graph.Evidence{}}
		if q.Bare {
			id, _ := sites[i].(string)
			r.Site = graph.Entity{ID: id, Kind: graph.KindCompound}
			for _, x := range d.list(raids[i]) {
				id, _ := x.(string)
				r.Raids = append(r.Raids, graph.Raid{ID: id, Provinces: []string{}, Accounts: []graph.RaidAccount{}}) // in order already
			}
		} else {
			r.Site = d.entity(d.m(sites[i]))
			for _, x := range d.list(raids[i]) {
				r.Raids = append(r.Raids, d.raid(d.m(x)))
			}
			graph.SortRaids(r.Raids)
		}
		des, _ := designated[i].(bool)
		r.Connected = des || linked[r.Site.ID]
		rows[i] = r
	}
	return rows, d.err
}

// SiteAssessmentWith implements graph.Answerer. With q.CellsOnly no path is
// built: the connected sites are those designated and those reachedSites
// reaches from the targets.
func (s *Store) SiteAssessmentWith(ctx context.Context, q graph.AssessmentQuery) (graph.Assessment, graph.Extras, error) {
	q, err := q.Normalize()
	if err != nil {
		return graph.Assessment{}, graph.Extras{}, err
	}
	params := assessmentParams(q, map[string]any{})
	reached, err := reachedSites(q)
	if err != nil {
		return graph.Assessment{}, graph.Extras{}, err
	}
	f := fragForAssessment(q)
	if q.CellsOnly {
		// in columns (parallel lists): far less for the driver to decode
		// than a map per site
		site, raid := "properties(s)", "properties(r)"
		if q.Bare {
			site, raid = "s.id", "r.id"
		}
		query := metaMatch + reached + `CALL () {
  MATCH (s:Compound)
  WITH s, ` + f.isDesignated("s", "xd") + ` AS designated,
       COLLECT { MATCH (r:Raid)-[:TARGETED]->(s) WHERE ` + f.raidCounts("r") + ` WITH r ORDER BY r.key RETURN ` + raid + ` } AS raids
  RETURN collect(` + site + `) AS sites, collect(designated) AS designated, collect(raids) AS raids
}
RETURN ` + metaReturn + `, linked, sites, designated, raids`
		row, v, err := s.answer(ctx, "site assessment", query, params)
		if err != nil {
			return graph.Assessment{}, graph.Extras{}, err
		}
		rows, err := cellRows(q, row)
		if err != nil {
			return graph.Assessment{}, graph.Extras{}, err
		}
		return graph.Classify(q, rows), graph.NewExtras(v), nil
	}
	types, err := relTypes(q.Filter.Types)
	if err != nil {
		return graph.Assessment{}, graph.Extras{}, err
	}
	query := metaMatch + reached + targetList(q) + `CALL (linked, targets) {
  CALL (linked, targets) {
` + assessmentRows(f, types, q.MaxHops) + `
  }
  RETURN collect({site: site, raids: raids, selfTarget: selfTarget, selfReasons: selfReasons, evidence: evidence}) AS rows
}
RETURN ` + metaReturn + `, rows`
	row, v, err := s.answer(ctx, "site assessment", query, params)
	if err != nil {
		return graph.Assessment{}, graph.Extras{}, err
	}
	var d decoder
	list := d.list(row["rows"])
	rows := make([]graph.SiteAssessment, 0, len(list))
	for _, item := range list {
		rows = append(rows, d.assessmentRow(d.m(item)))
	}
	return graph.Classify(q, rows), graph.NewExtras(v), d.err
}

// itemParts writes, for the item node v, the entries of its map that w asks
// for beside its record — "flags" (one map per query of w.Flags, in order)
// and "sanctions" (the designations targeting it, each with its authority
// and sources) — each starting with ", ". Variables and parameters carry
// tag, so that parts of different nodes never share a name.
func itemParts(v, tag string, w graph.Want, params map[string]any) string {
	out := flagsPart(v, tag, w.Flags, params)
	if w.Sanctions {
		t := tag
		out += `, sanctions: COLLECT { MATCH (d_` + t + `:Designation)-[:TARGETS]->(` + v + `)
      RETURN {d: properties(d_` + t + `), authority: head([(d_` + t + `)-[:BY]->(a_` + t + `) | properties(a_` + t + `)]),
              sources: COLLECT { UNWIND coalesce(d_` + t + `.sources, []) AS sid_` + t + ` MATCH (src_` + t + `:Source {id: sid_` + t + `}) RETURN properties(src_` + t + `) }} }`
	}
	return out
}

// flagsPart writes ", flags: [...]": v's flags under each query (graph/flags.go:
// a position that counts; a family, associate or adviser tie that counts
// to someone who holds one; a designation that counts), with the queries'
// parameters added to params as min_TAGi, asOfFirst_TAGi, asOfLast_TAGi.
func flagsPart(v, tag string, qs []graph.FlagQuery, params map[string]any) string {
	if len(qs) == 0 {
		return ""
	}
	var parts []string
	for i, q := range qs {
		t := tag + strconv.Itoa(i)
		f := frag{asOf: !q.AsOf.IsZero(), sfx: "_" + t}
		asOfParams(q.AsOf, q.MinStatus, f.sfx, params)
		parts = append(parts, f.flags(v, t))
	}
	return ", flags: [" + strings.Join(parts, ", ") + "]"
}

// readItemParts decodes what itemParts wrote for the item id into x.
func (d *decoder) readItemParts(id string, m map[string]any, w graph.Want, x *graph.Extras) {
	d.readFlags(id, m["flags"], w.Flags, x)
	if !w.Sanctions {
		return
	}
	list := []graph.Designation{}
	for _, v := range d.list(m["sanctions"]) {
		dm := d.m(v)
		list = append(list, d.designation(d.m(dm["d"])))
		if a := dm["authority"]; a != nil {
			e := d.entity(d.m(a))
			x.Entities[e.ID] = e
		}
		for _, sv := range d.list(dm["sources"]) {
			src := d.source(d.m(sv))
			x.Sources[src.ID] = src
		}
	}
	graph.SortDesignations(list)
	x.Designations[id] = list
}

// readFlags decodes a flagsPart list for id.
func (d *decoder) readFlags(id string, v any, qs []graph.FlagQuery, x *graph.Extras) {
	list := d.list(v)
	if len(qs) == 0 || len(list) != len(qs) {
		if len(qs) > 0 {
			d.fail("flags of %s: %d answers for %d queries", id, len(list), len(qs))
		}
		return
	}
	for i, q := range qs {
		f := d.m(list[i])
		pep, _ := f["pep"].(bool)
		rca, _ := f["rca"].(bool)
		sanc, _ := f["sanctioned"].(bool)
		x.AddFlags(q, id, graph.Flags{PoliticallyExposed: pep, RelativeOrCloseAssociate: rca, Sanctioned: sanc})
	}
}
