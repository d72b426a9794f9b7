package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/patronage/patronage/graph"
)

// LoadOptions tune Load.
type LoadOptions struct {
	// BatchSize is the number of rows per UNWIND statement; 0 means 500.
	BatchSize int
	// Workers is how many batches of new nodes a fresh load writes at once
	// (nodes created in different transactions take no common lock; claims,
	// which lock both their ends, and merges are written one batch at a
	// time); 0 means 1. On a 2-core server, 2 made a 50k load slower
	// (15–17 s against 11–12 s): the server is the bottleneck.
	Workers int
	// Force rewrites every record even when its stored hash says it is
	// unchanged (use it after editing the graph by hand).
	Force bool
	// Progress, if set, is called after each batch is committed, with the
	// step ("sources", "entities (person)", "claims (owns)", ..., "sweep"),
	// the rows written so far and the step's total (0 for the sweep, which
	// reports the records deleted so far).
	Progress func(step string, done, total int)
}

// Counters add up the result summaries of a load's statements.
type Counters struct {
	NodesCreated, NodesDeleted                 int
	RelationshipsCreated, RelationshipsDeleted int
	PropertiesSet                              int
	LabelsAdded, LabelsRemoved                 int
	IndexesAdded, ConstraintsAdded             int
}

func (c *Counters) plus(o Counters) {
	c.NodesCreated += o.NodesCreated
	c.NodesDeleted += o.NodesDeleted
	c.RelationshipsCreated += o.RelationshipsCreated
	c.RelationshipsDeleted += o.RelationshipsDeleted
	c.PropertiesSet += o.PropertiesSet
	c.LabelsAdded += o.LabelsAdded
	c.LabelsRemoved += o.LabelsRemoved
	c.IndexesAdded += o.IndexesAdded
	c.ConstraintsAdded += o.ConstraintsAdded
}

func (c *Counters) add(s driver.Counters) {
	c.NodesCreated += s.NodesCreated()
	c.NodesDeleted += s.NodesDeleted()
	c.RelationshipsCreated += s.RelationshipsCreated()
	c.RelationshipsDeleted += s.RelationshipsDeleted()
	c.PropertiesSet += s.PropertiesSet()
	c.LabelsAdded += s.LabelsAdded()
	c.LabelsRemoved += s.LabelsRemoved()
	c.IndexesAdded += s.IndexesAdded()
	c.ConstraintsAdded += s.ConstraintsAdded()
}

// Changed reports whether the load changed any data.
func (c Counters) Changed() bool {
	return c.NodesCreated+c.NodesDeleted+c.RelationshipsCreated+c.RelationshipsDeleted+c.PropertiesSet+c.LabelsAdded+c.LabelsRemoved > 0
}

func (c Counters) String() string {
	return fmt.Sprintf("nodes created %d, deleted %d; relationships created %d, deleted %d; properties set %d; labels added %d, removed %d; constraints added %d, indexes added %d",
		c.NodesCreated, c.NodesDeleted, c.RelationshipsCreated, c.RelationshipsDeleted, c.PropertiesSet, c.LabelsAdded, c.LabelsRemoved, c.ConstraintsAdded, c.IndexesAdded)
}

// LoadReport says what a load wrote.
type LoadReport struct {
	Version  string      // the dataset's version
	Stamp    string      // the content hash every loaded record carries
	Records  graph.Stats // records in the dataset
	Places   int         // gazetteer units written as :Place nodes (see placeRows)
	Counters Counters    // summed result counters of the data statements
	Batches  int
	Elapsed  time.Duration
	// Fresh: the database held none of our data, so records were created
	// without merging and nothing was swept. Unchanged: it already held
	// this dataset (same content hash, no load in progress), so nothing was
	// written (LoadOptions.Force rewrites anyway).
	Fresh, Unchanged bool
}

// PerSecond is how many records of n the load wrote per second.
func (r LoadReport) PerSecond(n int) float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(n) / r.Elapsed.Seconds()
}

// Load writes the dataset into the database so that it holds exactly d:
//
//  1. the constraints and indexes that do not exist yet (into a database
//     holding none of our data, the uniqueness constraints only: the
//     other indexes are made, and filled at once, after step 4); then, when
//     the database already holds this very dataset (same content hash, no
//     load in progress), nothing else (unless opt.Force);
//  2. the dataset node is marked as loading: Version fails until step 5;
//  3. sources, entities, claims, raids, designations and statements, in
//     batches of UNWIND $rows AS row MERGE ... statements (CREATE into a
//     database holding none of our data, LoadReport.Fresh), each in its own
//     write transaction (retried by the driver: MERGE makes retries and
//     reruns harmless). Every record is stamped with the dataset's content
//     hash; records whose stored hash and stamp already match are left
//     untouched, so reloading the same dataset changes nothing;
//  4. (not after a fresh load) records of our labels and types whose stamp is not the new one —
//     those no longer in the dataset, or left by an older dataset — are
//     deleted, in batches;
//  5. the dataset node gets the version and stamp, and loses the mark.
//
// A load interrupted anywhere leaves the mark set; running it again
// completes it (steps 3 and 4 are idempotent). d must pass d.Check; Load
// returns an error wrapping graph.ErrInvalid if it does not, or if an id
// holds a character Neo4j orders differently from Go (see checkIDs).
func (s *Store) Load(ctx context.Context, d *graph.Dataset, opt LoadOptions) (LoadReport, error) {
	start := time.Now()
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	units, err := s.units()
	if err != nil {
		return LoadReport{}, err
	}
	places, placesDigest := placeRows(units, d)
	stamp, err := datasetStamp(d, placesDigest)
	if err != nil {
		return LoadReport{}, err
	}
	s.log.Debug("neo4j load: dataset hashed", "stamp", stamp, "elapsed", time.Since(start))
	rep := LoadReport{Version: d.Version, Stamp: stamp, Records: graph.Stats{Entities: len(d.Entities), Claims: len(d.Claims),
		Raids: len(d.Raids), Designations: len(d.Designations), Sources: len(d.Sources), Statements: len(d.Statements)}, Places: len(places)}
	l := &loader{s: s, opt: opt, rep: &rep, stamp: stamp}
	state, err := l.state(ctx)
	if err != nil {
		return rep, err
	}
	if state.stamp == stamp && state.format != loadFormat && !l.opt.Force {
		// this dataset, but not in this format (the stamp covers the format:
		// edited by hand): records whose stamp matches would be skipped
		s.log.Info("neo4j load: the database holds this dataset in another format: every record is rewritten", "format", state.format, "want", loadFormat)
		l.opt.Force = true
	}
	// the rows are made while the schema is written and the dataset
	// checked, unless the database already holds this very dataset
	var steps []step
	made := make(chan struct{})
	unchanged := state.holds(stamp) && !l.opt.Force
	go func() {
		defer close(made)
		if !unchanged {
			steps = l.steps(d, places, state.empty)
			s.log.Debug("neo4j load: rows built", "elapsed", time.Since(start))
		}
	}()
	defer func() { <-made }()
	if err := l.prepare(ctx, d, state); err != nil {
		return rep, err
	}
	s.log.Debug("neo4j load: schema written, dataset checked", "elapsed", time.Since(start))
	if unchanged {
		// the database holds exactly this dataset: nothing to write
		rep.Elapsed = time.Since(start)
		rep.Unchanged = true
		s.log.Info("neo4j load: the database already holds this dataset", "version", d.Version, "stamp", stamp, "elapsed", rep.Elapsed)
		return rep, nil
	}
	rep.Fresh = state.empty
	// step 2: bookkeeping, not counted
	if _, err := s.write(ctx, "load: mark", markLoadingQuery, map[string]any{"stamp": stamp}, time.Minute); err != nil {
		return rep, err
	}
	<-made
	s.log.Debug("neo4j load: rows made", "elapsed", time.Since(start))
	if err := l.write(ctx, steps, state); err != nil {
		return rep, err
	}
	s.log.Debug("neo4j load: written, indexes online", "elapsed", time.Since(start))
	if _, err := s.write(ctx, "load: finish", finishLoadQuery, map[string]any{"stamp": stamp, "version": d.Version, "format": loadFormat}, time.Minute); err != nil {
		return rep, err
	}
	rep.Elapsed = time.Since(start)
	s.log.Info("neo4j load done", "version", d.Version, "stamp", stamp, "batches", rep.Batches, "changes", rep.Counters.String(), "elapsed", rep.Elapsed)
	return rep, nil
}

// prepare writes the schema (into an empty database, the uniqueness
// constraints only: the indexes that only reads use are made during and
// after the writes, see steps) and, unless the database already holds this
// very dataset, checks d.
func (l *loader) prepare(ctx context.Context, d *graph.Dataset, state loadState) error {
	which := schemaAll
	if state.empty {
		which = schemaConstraints
	}
	if err := l.schema(ctx, which, true); err != nil {
		return err
	}
	if state.holds(l.stamp) && !l.opt.Force {
		return nil
	}
	// checked only now: a database already holding this very dataset (the
	// same content hash) holds a dataset that passed these checks
	if err := d.Check(nil); err != nil {
		return fmt.Errorf("neo4j load: %w", err)
	}
	if err := checkIDs(d); err != nil {
		return fmt.Errorf("neo4j load: %w", err)
	}
	return nil
}

// write runs the steps, then deletes what is stale (not after a fresh
// load, which leaves nothing stale) and waits for every index to be online.
func (l *loader) write(ctx context.Context, steps []step, state loadState) error {
	for _, st := range steps {
		if st.schema != "" {
			// the node indexes, filled in the background while the
			// relationships are written
			if err := l.schema(ctx, st.schema, false); err != nil {
				return err
			}
			continue
		}
		if err := l.batches(ctx, st); err != nil {
			return err
		}
	}
	if !state.empty {
		if err := l.sweep(ctx); err != nil {
			return err
		}
	}
	return l.schema(ctx, schemaAll, true) // online before the mark goes
}

// datasetStamp is the content hash of the whole dataset (version included),
// of the gazetteer units written with it (their digest, see placeRows), so
// that a new gazetteer is loaded even beside an unchanged dataset, and of
// loadFormat, so that a new format is written even for an unchanged one.
func datasetStamp(d *graph.Dataset, places string) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("neo4j load: %w", err)
	}
	return graph.ContentVersion(b, []byte(places), []byte(loadFormat)), nil
}

// loadFormat names what the loader writes beyond the dataset's own fields
// (the search's keys and order, the stamps, the place links). A load
// records it on the dataset node, and reads refuse a database written in
// another format (graph.ErrUnavailable: run patronage load), where a
// property they rely on may be missing: its answers could be silently
// wrong. Change it whenever the reads come to rely on something new that
// the loader writes.
const loadFormat = "2026-12-02 searchOrd"

// loadState is what the database holds before a load.
type loadState struct {
	stamp   string // the stamp of the dataset loaded last
	format  string // the loadFormat it was written in
	loading bool   // a load is in progress or was interrupted
	empty   bool   // no Dataset node and no node of our labels (places included)
}

// holds reports whether the database holds, complete and in this loader's
// format, the dataset of stamp.
func (st loadState) holds(stamp string) bool {
	return st.stamp == stamp && st.format == loadFormat && !st.loading
}

// stateQuery returns the dataset node's stamp, loading mark and format
// (null when there is none) and whether any node of our labels exists.
var stateQuery = `OPTIONAL MATCH (m:Dataset {key: 'current'})
RETURN m IS NOT NULL AS marked, m.stamp AS stamp, m.loading AS loading, m.format AS format,
       ` + func() string {
	var parts []string
	for _, l := range append(slices.Clone(dataLabels), labelPlace) {
		parts = append(parts, "COUNT { (:"+l+") }")
	}
	return strings.Join(parts, " + ")
}() + ` AS nodes`

func (l *loader) state(ctx context.Context) (loadState, error) {
	res, err := l.s.write(ctx, "load: state", stateQuery, nil, time.Minute)
	if err != nil {
		return loadState{}, err
	}
	var d decoder
	m := res.Records[0].AsMap()
	marked, _ := m["marked"].(bool)
	st := loadState{stamp: d.str(m, "stamp"), format: d.str(m, "format"), loading: d.str(m, "loading") != "", empty: !marked && d.int(m, "nodes") == 0}
	return st, d.err
}

// markLoadingQuery marks the dataset node as being loaded; returns nothing.
const markLoadingQuery = `MERGE (m:Dataset {key: 'current'}) SET m.loading = $stamp`

// finishLoadQuery records the loaded dataset and clears the mark; returns nothing.
const finishLoadQuery = `MERGE (m:Dataset {key: 'current'}) SET m.version = $version, m.stamp = $stamp, m.format = $format REMOVE m.loading`

type loader struct {
	s     *Store
	opt   LoadOptions
	rep   *LoadReport
	stamp string
}

// schemaStatements create the constraints and indexes; each returns nothing.
func schemaStatements() []string {
	out := []string{}
	for _, l := range dataLabels {
		out = append(out, fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", strings.ToLower(l), l))
	}
	out = append(out,
		"CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE",
		// gazetteer units by code; its range index also serves prefix (STARTS WITH) seeks
		"CREATE CONSTRAINT place_code IF NOT EXISTS FOR (n:Place) REQUIRE n.code IS UNIQUE",
		// name lookups and ordering
		"CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"CREATE INDEX entity_name_fold IF NOT EXISTS FOR (n:Entity) ON (n.nameFold)",
		"CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)",
		"CREATE INDEX compound_province IF NOT EXISTS FOR (n:Compound) ON (n.provinceFold)",
		// the compounds listing reads sites in id order from this index
		"CREATE INDEX compound_id IF NOT EXISTS FOR (n:Compound) ON (n.id)",
		"CREATE INDEX compound_status IF NOT EXISTS FOR (n:Compound) ON (n.status)",
		// the place filter: s.place STARTS WITH $place is a prefix seek
		"CREATE INDEX compound_place IF NOT EXISTS FOR (n:Compound) ON (n.place)",
		"CREATE INDEX raid_key IF NOT EXISTS FOR (n:Raid) ON (n.key)",
		// substring search (Search): a trigram text index over the folded names and aliases
		"CREATE TEXT INDEX entity_search_text IF NOT EXISTS FOR (n:Entity) ON (n.searchText)",
		// for investigators: Lucene full-text search over names and aliases
		"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]",
	)
	for _, spec := range graph.Vocabulary() {
		t, _ := claimRelType(spec.Type) // checked in allClaimTypes
		out = append(out, fmt.Sprintf("CREATE INDEX claim_%s_id IF NOT EXISTS FOR ()-[r:%s]-() ON (r.id)", strings.ToLower(t), t))
	}
	return out
}

// existingSchemaQuery returns the names of the indexes (a uniqueness
// constraint's backing index has the constraint's name).
const existingSchemaQuery = `SHOW INDEXES YIELD name RETURN name`

// schemaName is the name a schema statement creates: the word after
// CONSTRAINT or INDEX.
func schemaName(stmt string) string {
	f := strings.Fields(stmt)
	for i, w := range f {
		if (w == "CONSTRAINT" || w == "INDEX") && i+1 < len(f) {
			return f[i+1]
		}
	}
	return ""
}

// Which schema statements to run (loader.schema).
const (
	schemaConstraints = "constraints" // the uniqueness constraints
	schemaNodes       = "nodes"       // and the indexes on nodes
	schemaAll         = "all"         // and the indexes on relationships
)

// schema creates the constraints and indexes of which (schemaAll, ...)
// that do not exist yet, in one transaction (a schema transaction's commit
// costs more than its statements), and with await waits for every index to
// be online. The uniqueness constraints are what the writes' look-ups by
// id need; the other indexes serve reads, and a fresh load makes them
// after writing what they index (filling an index at once is cheaper than
// updating it row by row).
func (l *loader) schema(ctx context.Context, which string, await bool) error {
	res, err := l.s.write(ctx, "load: schema", existingSchemaQuery, nil, time.Minute)
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, r := range res.Records {
		if n, ok := r.AsMap()["name"].(string); ok {
			exists[n] = true
		}
	}
	var missing []string
	for _, q := range schemaStatements() {
		if name := schemaName(q); name != "" && exists[name] {
			continue
		}
		switch {
		case strings.HasPrefix(q, "CREATE CONSTRAINT"):
		case which == schemaConstraints:
			continue
		case which == schemaNodes && strings.Contains(q, "FOR ()-["):
			continue
		}
		missing = append(missing, q)
	}
	if len(missing) > 0 {
		n, err := l.s.writeAll(ctx, "load: schema", missing, time.Minute)
		if err != nil {
			return err
		}
		l.rep.Counters.plus(n)
	}
	if !await || which == schemaConstraints {
		// a constraint is in force once created (existing data is checked then)
		return nil
	}
	// awaitIndexesQuery waits until every index is online; returns nothing.
	const awaitIndexesQuery = `CALL db.awaitIndexes(300)`
	_, err = l.s.write(ctx, "load: await indexes", awaitIndexesQuery, nil, 6*time.Minute)
	return err
}

// step is one kind of record to write: the statement and its rows.
type step struct {
	name     string
	query    string
	fresh    string // the fresh-load statement, when freshStep cannot derive it
	rows     []map[string]any
	parallel bool   // batches may run at once (new nodes of a fresh load)
	schema   string // not a write: the schema statements of loader.schema to run here
}

// The upsert statements. Each takes $rows and $stamp (and $force), MERGEs
// the record by id, rewrites its properties only when their hash changed,
// and stamps it; records already stamped with an unchanged hash are left
// alone. They return nothing.
const (
	// upsertNodeTail updates node n from row: properties when their hash
	// changed (or $force), the stamp when it is not this load's.
	upsertNodeTail = `
WITH n, row WHERE $force OR coalesce(n.stamp, '') <> $stamp OR coalesce(n.hash, '') <> row.hash
CALL (n, row) {
  WITH n, row WHERE $force OR coalesce(n.hash, '') <> row.hash
  SET n = row.props
}
SET n.stamp = $stamp`

	upsertSourcesQuery = `UNWIND $rows AS row
MERGE (n:Source {id: row.id})` + upsertNodeTail

	// upsertEntitiesQuery is completed with the kind label and the other kind labels to remove.
	// The search order (row.ord, graph.SearchOrder) is set with the stamp: it
	// depends on the whole dataset, as the stamp does, not on the entity.
	upsertEntitiesQuery = `UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
WITH n, row WHERE $force OR coalesce(n.stamp, '') <> $stamp OR coalesce(n.hash, '') <> row.hash
CALL (n, row) {
  WITH n, row WHERE $force OR coalesce(n.hash, '') <> row.hash
  SET n = row.props, n:{label}
  REMOVE n{others}
}
SET n.stamp = $stamp, n.searchOrd = row.ord`

	// upsertClaimsQuery is completed with the relationship type of the batch.
	upsertClaimsQuery = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
MERGE (a)-[c:{type} {id: row.id}]->(b)
WITH c, row WHERE $force OR coalesce(c.stamp, '') <> $stamp OR coalesce(c.hash, '') <> row.hash
CALL (c, row) {
  WITH c, row WHERE $force OR coalesce(c.hash, '') <> row.hash
  SET c = row.props
}
SET c.stamp = $stamp`

	// citesTail links node n to each source in row.sources and stamps the
	// links. The statements below link raids to their site, designations to
	// their target and authority, statements to their subject the same way.
	citesTail = `
WITH n, row
CALL (n, row) {
  UNWIND coalesce(row.sources, []) AS sid
  MATCH (s:Source {id: sid})
  MERGE (n)-[x:CITES]->(s)
  SET x.stamp = $stamp
}`

	upsertRaidsQuery = `UNWIND $rows AS row
MERGE (n:Raid {id: row.id})` + upsertNodeTail + `
WITH n, row
CALL (n, row) {
  MATCH (c:Entity {id: row.site}) WHERE c:Compound
  MERGE (n)-[x:TARGETED]->(c)
  SET x.stamp = $stamp
}
CALL (n, row) {
  UNWIND coalesce(row.places, []) AS code
  WITH DISTINCT n, code
  MATCH (p:Place {code: code})
  MERGE (n)-[x:PLACED_IN]->(p)
  SET x.stamp = $stamp
}` + citesTail

	// upsertPlacesQuery writes gazetteer units (rows of placeRows) by code,
	// each linked to its parent, written before it.
	upsertPlacesQuery = `UNWIND $rows AS row
MERGE (n:Place {code: row.code})` + upsertNodeTail + `
WITH n, row
CALL (n, row) {
  MATCH (p:Place {code: row.parent})
  MERGE (n)-[x:WITHIN]->(p)
  SET x.stamp = $stamp
}`

	// upsertPlacementsQuery links entities to the units of their places
	// (rows {id, place}), stamping links not yet stamped by this load.
	// Separate from the entities' statements, whose fresh form creates
	// nodes without links (several batches at once, LoadOptions.Workers).
	upsertPlacementsQuery = `UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
MATCH (p:Place {code: row.place})
MERGE (n)-[x:PLACED_IN]->(p)
WITH x WHERE coalesce(x.stamp, '') <> $stamp
SET x.stamp = $stamp`

	// createPlacementsQuery is upsertPlacementsQuery in a fresh load.
	createPlacementsQuery = `UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
MATCH (p:Place {code: row.place})
CREATE (n)-[x:PLACED_IN]->(p)
SET x.stamp = $stamp`

	upsertDesignationsQuery = `UNWIND $rows AS row
MERGE (n:Designation {id: row.id})` + upsertNodeTail + `
WITH n, row
CALL (n, row) {
  MATCH (t:Entity {id: row.target})
  MERGE (n)-[x:TARGETS]->(t)
  SET x.stamp = $stamp
}
CALL (n, row) {
  MATCH (a:Entity {id: row.authority})
  MERGE (n)-[x:BY]->(a)
  SET x.stamp = $stamp
}` + citesTail

	upsertStatementsQuery = `UNWIND $rows AS row
MERGE (n:Statement {id: row.id})` + upsertNodeTail + `
WITH n, row
CALL (n, row) {
  MATCH (e:Entity {id: row.subject})
  MERGE (n)-[x:ABOUT]->(e)
  SET x.stamp = $stamp
}` + citesTail
)

// The statements of a fresh load, on a database holding none of our data:
// the same records and links as the upserts, created without a look-up.
// Entities and claims take their labels and relationship type from the
// row (dynamic labels and types, Neo4j 5.26: CREATE (n:$(row.labels))),
// so that each is one statement whatever the kinds and types: on a server
// just started, every distinct statement is planned and compiled cold.
// The labels and types are the vocabulary's (kindLabels, claimRelType).
const (
	createNodesTmpl = `UNWIND $rows AS row
CREATE (n:{labels})
SET n = row.props, n.stamp = $stamp`

	// createEntitiesQuery takes rows of entityRow with labels (Entity and
	// the kind's label).
	createEntitiesQuery = `UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props, n.stamp = $stamp, n.searchOrd = row.ord`

	// placeEntitiesTail completes createEntitiesQuery for rows with place
	// (a unit's code, when the entity has one): the entity's PLACED_IN
	// link, so that no placements step follows.
	placeEntitiesTail = `
WITH n, row WHERE row.place IS NOT NULL
MATCH (p:Place {code: row.place})
CREATE (n)-[x:PLACED_IN]->(p)
SET x.stamp = $stamp`

	// createClaimsQuery takes rows of claimRow with rel (the relationship type).
	createClaimsQuery = `UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[c:$(row.rel)]->(b)
SET c = row.props, c.stamp = $stamp`
)

// fresh turns an upsert step into its fresh-load form: nodes are created;
// the links of places, raids, designations and statements (a few per
// record) keep their MERGE, after the node is created.
func freshStep(st step, labels string) step {
	if st.fresh != "" {
		st.query = st.fresh
		return st
	}
	_, tail, _ := strings.Cut(st.query, upsertNodeTail) // the links, if any
	// a new node has no links yet: create them (each cited source once)
	tail = strings.ReplaceAll(tail, "UNWIND coalesce(row.sources, []) AS sid", "UNWIND coalesce(row.sources, []) AS sid\n  WITH DISTINCT n, sid")
	tail = strings.ReplaceAll(tail, "MERGE (n)-[", "CREATE (n)-[")
	st.query = strings.ReplaceAll(createNodesTmpl, "{labels}", labels) + tail
	return st
}

// steps lists what to write, in an order where every reference points at
// something already written; fresh: in the fresh-load form.
func (l *loader) steps(d *graph.Dataset, places []map[string]any, fresh bool) []step {
	var out []step
	rows := func(n int, f func(i int) map[string]any) []map[string]any {
		r := make([]map[string]any, n)
		for i := range r {
			r[i] = f(i)
		}
		return r
	}
	add := func(st step, labels string) {
		if fresh {
			st = freshStep(st, labels)
			// new nodes without links take no common lock (a statement that
			// writes relationships locks their ends)
			st.parallel = !strings.Contains(st.query, "]->(")
		}
		out = append(out, st)
	}
	add(step{name: "sources", query: upsertSourcesQuery, rows: rows(len(d.Sources), func(i int) map[string]any { return sourceRow(d.Sources[i]) })}, labelSource)
	add(step{name: "places", query: upsertPlacesQuery, rows: places}, labelPlace)
	placed := false // the entities' statement writes their PLACED_IN links
	if fresh {
		// one batch at a time (the default), each entity is linked to its
		// place as it is created; with several workers, the batches create
		// nodes only, and the placements step follows
		placed = l.opt.Workers <= 1
		st := step{name: "entities", query: createEntitiesQuery, rows: freshEntityRows(d, placed)}
		if placed {
			st.query += placeEntitiesTail
		}
		st.parallel = !placed
		out = append(out, st, step{name: "node indexes", schema: schemaNodes})
	} else {
		out = append(out, entitySteps(d)...)
	}
	if !placed {
		if ps := placements(d); len(ps) > 0 {
			add(step{name: "placements", query: upsertPlacementsQuery, fresh: createPlacementsQuery, rows: ps}, "")
		}
	}
	out = append(out, claimSteps(d, fresh)...)
	if fresh {
		// the claims' id indexes, filled in the background while the
		// raids, designations and statements are written
		out = append(out, step{name: "relationship indexes", schema: schemaAll})
	}
	add(step{name: "raids", query: upsertRaidsQuery, rows: rows(len(d.Raids), func(i int) map[string]any { return raidRow(d.Raids[i]) })}, labelRaid)
	add(step{name: "designations", query: upsertDesignationsQuery, rows: rows(len(d.Designations), func(i int) map[string]any { return designationRow(d.Designations[i]) })}, labelDesignation)
	add(step{name: "statements", query: upsertStatementsQuery, rows: rows(len(d.Statements), func(i int) map[string]any { return statementRow(d.Statements[i]) })}, labelStatement)
	return out
}

// entitySteps are the upserts of the entities, one statement per kind:
// it sets the kind's label and removes the others (a kind change moves the
// label).
func entitySteps(d *graph.Dataset) []step {
	var out []step
	ords := graph.SearchOrder(d.Entities)
	for _, k := range graph.Kinds() {
		var rs []map[string]any
		for i, e := range d.Entities {
			if e.Kind == k {
				r := entityRow(e)
				r["ord"] = int64(ords[i])
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		var others []string
		for _, o := range graph.Kinds() {
			if o != k {
				others = append(others, ":"+kindLabels[o])
			}
		}
		q := strings.NewReplacer("{label}", kindLabels[k], "{others}", strings.Join(others, "")).Replace(upsertEntitiesQuery)
		out = append(out, step{name: "entities (" + string(k) + ")", query: q, rows: rs})
	}
	return out
}

// freshEntityRows are the rows of createEntitiesQuery: each entity's row
// with its labels and, with placed, its place.
func freshEntityRows(d *graph.Dataset, placed bool) []map[string]any {
	rs := make([]map[string]any, len(d.Entities))
	ords := graph.SearchOrder(d.Entities)
	for i, e := range d.Entities {
		rs[i] = entityRow(e)
		rs[i]["ord"] = int64(ords[i])
		rs[i]["labels"] = []string{labelEntity, kindLabels[e.Kind]}
		if placed && e.Place != "" {
			rs[i]["place"] = e.Place
		}
	}
	return rs
}

// claimSteps write the claims: upserts, one statement per relationship
// type (MERGE needs the type in the text); fresh, one statement for all.
func claimSteps(d *graph.Dataset, fresh bool) []step {
	published := make(map[string]graph.Date, len(d.Sources))
	for _, src := range d.Sources {
		published[src.ID] = src.Published
	}
	pub := func(id string) graph.Date { return published[id] }
	if fresh {
		rs := make([]map[string]any, len(d.Claims))
		for i, c := range d.Claims {
			rs[i] = claimRow(c, pub)
			rs[i]["rel"], _ = claimRelType(c.Type) // d passed Check; checked in allClaimTypes
		}
		return []step{{name: "claims", query: createClaimsQuery, rows: rs}}
	}
	var out []step
	for _, spec := range graph.Vocabulary() {
		var rs []map[string]any
		for _, c := range d.Claims {
			if c.Type == spec.Type {
				rs = append(rs, claimRow(c, pub))
			}
		}
		if len(rs) == 0 {
			continue
		}
		t, _ := claimRelType(spec.Type) // d passed Check; checked in allClaimTypes
		out = append(out, step{name: "claims (" + string(spec.Type) + ")", query: strings.ReplaceAll(upsertClaimsQuery, "{type}", t), rows: rs})
	}
	return out
}

func (l *loader) batches(ctx context.Context, st step) error {
	workers := 1
	if st.parallel {
		workers = l.opt.Workers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
		next     = make(chan int)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				hi := min(lo+l.opt.BatchSize, len(st.rows))
				params := map[string]any{"rows": st.rows[lo:hi], "stamp": l.stamp, "force": l.opt.Force}
				res, err := l.s.write(ctx, "load: "+st.name, st.query, params, 5*time.Minute)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					continue
				}
				l.rep.Counters.add(res.Summary.Counters())
				l.rep.Batches++
				done += hi - lo
				if l.opt.Progress != nil {
					l.opt.Progress(st.name, done, len(st.rows))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for lo := 0; lo < len(st.rows); lo += l.opt.BatchSize {
		select {
		case next <- lo:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// sweep deletes what the dataset no longer holds: every relationship of a
// claim or structural type, and every node of a data label, whose stamp is
// not this load's. Each statement deletes at most $limit and returns how
// many it deleted; it is repeated until none is left.
func (l *loader) sweep(ctx context.Context) error {
	types := allClaimTypes + "|" + strings.Join(structuralRelTypes, "|")
	queries := []string{
		// sweepRelationshipsQuery returns the number of stale relationships deleted.
		`MATCH ()-[r:` + types + `]->() WHERE coalesce(r.stamp, '') <> $stamp
WITH r LIMIT $limit DELETE r RETURN count(*) AS n`,
	}
	for _, label := range slices.Backward(append(slices.Clone(dataLabels), labelPlace)) {
		// sweepNodesQuery returns the number of stale nodes deleted (with their relationships).
		queries = append(queries, `MATCH (n:`+label+`) WHERE coalesce(n.stamp, '') <> $stamp
WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n`)
	}
	deleted := 0
	for _, q := range queries {
		for {
			res, err := l.s.write(ctx, "load: sweep", q, map[string]any{"stamp": l.stamp, "limit": int64(l.opt.BatchSize)}, 5*time.Minute)
			if err != nil {
				return err
			}
			l.rep.Counters.add(res.Summary.Counters())
			l.rep.Batches++
			n, _ := res.Records[0].Get("n")
			if n, _ := n.(int64); n == 0 {
				break
			} else {
				deleted += int(n)
			}
			if l.opt.Progress != nil {
				l.opt.Progress("sweep", deleted, 0)
			}
		}
	}
	return nil
}
