package neo4j

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/patronage/patronage/graph"
)

// The model (docs/neo4j.md has the long version):
//
//	(:Entity:Person|Organization|Compound|Position|Document {id, name, ...})
//	(:Entity)-[:OWNS|FAMILY_OF|... {id, type, status, rank, start, end, startOrd, endOrd, relation, note, sources}]->(:Entity)
//	(:Entity)-[:HOLDS_POSITION {... sinceOrd}]->(:Entity)  sinceOrd: graph.PositionSince's first day
//	(:Raid {id, ..., accounts (JSON)})-[:TARGETED]->(:Compound)
//	(:Designation {id, program, date, onOrBefore, ...})-[:TARGETS]->(:Entity), -[:BY]->(:Entity)
//	(:Statement {id, topic, text, ...})-[:ABOUT]->(:Entity)
//	(:Raid|Designation|Statement)-[:CITES]->(:Source {id, title, ...})
//	(:Place {code, level, name, nameKm, point})-[:WITHIN]->(:Place)   the gazetteer's units
//	(:Compound|Organization|Raid)-[:PLACED_IN]->(:Place)               Entity.Place, Raid.Places
//	(:Dataset {key: "current", version, stamp, format})              format: loadFormat
//
// Every node and relationship the loader writes carries stamp (the content
// hash of the loaded dataset and of its places); nodes carry hash (of their
// own properties).

// Node labels.
const (
	labelEntity      = "Entity"
	labelSource      = "Source"
	labelRaid        = "Raid"
	labelDesignation = "Designation"
	labelStatement   = "Statement"
	labelDataset     = "Dataset"
	// labelPlace is a unit of the gazetteer, keyed by code, not id (see places.go).
	labelPlace = "Place"
)

// dataLabels are the labels of the nodes a load owns, in load order.
var dataLabels = []string{labelSource, labelEntity, labelRaid, labelDesignation, labelStatement}

// kindLabels maps each entity kind to its extra label.
var kindLabels = map[graph.Kind]string{
	graph.KindPerson:       "Person",
	graph.KindOrganization: "Organization",
	graph.KindCompound:     "Compound",
	graph.KindPosition:     "Position",
	graph.KindDocument:     "Document",
}

// Structural relationship types (not claims).
const (
	relTargeted = "TARGETED" // (:Raid)-[:TARGETED]->(:Compound)
	relTargets  = "TARGETS"  // (:Designation)-[:TARGETS]->(:Entity)
	relBy       = "BY"       // (:Designation)-[:BY]->(:Entity) the authority
	relAbout    = "ABOUT"    // (:Statement)-[:ABOUT]->(:Entity)
	relCites    = "CITES"    // (:Raid|:Designation|:Statement)-[:CITES]->(:Source)
	// The gazetteer: a unit inside its parent, and a record in the unit of
	// its place. Not PART_OF and LOCATED_IN, which are claim types (an
	// organization part of a group, a site inside another): a gazetteer link
	// is no sourced claim, and must not be counted, followed or swept as one.
	relWithin   = "WITHIN"    // (:Place)-[:WITHIN]->(:Place)
	relPlacedIn = "PLACED_IN" // (:Compound|:Organization|:Raid)-[:PLACED_IN]->(:Place)
)

// structuralRelTypes are the relationship types a load writes that are not
// claims; no claim type may share one of their names.
var structuralRelTypes = []string{relTargeted, relTargets, relBy, relAbout, relCites, relWithin, relPlacedIn}

var relTypeName = regexp.MustCompile(`^[A-Z][A-Z_]*$`)

// claimRelType is the Neo4j relationship type of a claim type: the
// vocabulary word in upper case. It is checked against graph.LookupRel and
// against the shape of an identifier, since it is written into Cypher.
func claimRelType(t graph.RelType) (string, error) {
	if _, ok := graph.LookupRel(t); !ok {
		return "", fmt.Errorf("%w: unknown relationship type %q", graph.ErrInvalid, t)
	}
	name := strings.ToUpper(string(t))
	if !relTypeName.MatchString(name) || slices.Contains(structuralRelTypes, name) {
		return "", fmt.Errorf("%w: relationship type %q cannot be a Neo4j type", graph.ErrInvalid, t)
	}
	return name, nil
}

// allClaimTypes is "OWNS|CONTROLS|..." for patterns that follow every claim.
var allClaimTypes = func() string {
	var names []string
	for _, spec := range graph.Vocabulary() {
		n, err := claimRelType(spec.Type)
		if err != nil {
			panic(err)
		}
		names = append(names, n)
	}
	return strings.Join(names, "|")
}()

// props is a property map; zero values are left out so that Neo4j holds no
// empty strings or lists (absent reads back as the zero value).
type props map[string]any

func (p props) str(k, v string) {
	if v != "" {
		p[k] = v
	}
}

func (p props) list(k string, v []string) {
	if len(v) > 0 {
		p[k] = slices.Clone(v)
	}
}

func (p props) date(k string, d graph.Date) {
	if !d.IsZero() {
		p[k] = d.String()
	}
}

func (p props) status(k string, st graph.ClaimStatus) {
	if st != 0 {
		p[k] = st.String()
	}
}

// hash is a digest of the properties, so that a reload can skip records
// that have not changed: the SHA-256 of their JSON (json.Marshal's: keys
// in order), written without reflection for the strings and lists of
// strings that most properties are — a load hashes every record, and
// json.Marshal's map encoding was a third of the time spent making them.
func (p props) hash() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := make([]byte, 0, 512)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendJSON(b, k), ':')
		b = appendJSON(b, p[k])
	}
	b = append(b, '}')
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// appendJSON appends v as json.Marshal writes it: a string with nothing to
// escape and a list of strings directly, anything else through
// json.Marshal.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		if plainJSON(v) {
			return append(append(append(b, '"'), v...), '"')
		}
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, s)
		}
		return append(b, ']')
	}
	out, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, numbers and lists of strings
	}
	return append(b, out...)
}

// plainJSON reports whether s is written by json.Marshal as it is, between
// quotes: printable ASCII but for ", \, <, > and &, which it escapes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// row is one record to write: its id, its property map (with its hash)
// and, for relationships, its ends.
func row(id string, p props, extra map[string]any) map[string]any {
	p["id"] = id
	h := p.hash()
	p["hash"] = h
	r := map[string]any{"id": id, "hash": h, "props": map[string]any(p)}
	for k, v := range extra {
		r[k] = v
	}
	return r
}

func sourceRow(s graph.Source) map[string]any {
	p := props{}
	p.str("title", s.Title)
	p.str("publisher", s.Publisher)
	p.str("url", s.URL)
	p.date("published", s.Published)
	p.str("kind", string(s.Kind))
	p.str("note", s.Note)
	return row(s.ID, p, nil)
}

func entityRow(e graph.Entity) map[string]any {
	p := props{"kind": string(e.Kind)}
	p.str("name", e.Name)
	p.list("aliases", e.Aliases)
	p.str("orgKind", string(e.OrgKind))
	p.str("country", e.Country)
	p.str("province", e.Province)
	p.str("district", e.District)
	p.str("commune", e.Commune)
	p.str("place", e.Place)
	if e.Coordinates != nil {
		p["lat"], p["lon"] = e.Coordinates.Lat, e.Coordinates.Lon
	}
	p.str("status", string(e.Status))
	p.date("statusDate", e.StatusDate)
	p.list("statusSources", e.StatusSources)
	p.status("statusClaimStatus", e.StatusClaimStatus)
	p.str("note", e.Note)
	p.list("externalIds", e.ExternalIDs)
	// search: the folded name (and its sortable form), each name and alias with its
	// folded form (names whose fold is empty cannot match and are left out),
	// and the folded forms joined by newlines for the text index.
	p["nameFold"] = graph.Fold(e.Name)
	p["nameKey"] = sortable(graph.Fold(e.Name))
	p["provinceFold"] = graph.Fold(e.Province)
	var names, folded []string
	for _, n := range e.Names() {
		if f := graph.Fold(n); f != "" {
			names, folded = append(names, n), append(folded, f)
		}
	}
	p.list("searchNames", names)
	p.list("searchFolded", folded)
	p["searchText"] = strings.Join(folded, "\n")
	return row(e.ID, p, map[string]any{"kind": string(e.Kind)})
}

// claimRow is the properties of a claim's relationship. published gives
// its sources' publication dates, for a position's sinceOrd.
func claimRow(c graph.Claim, published func(string) graph.Date) map[string]any {
	p := props{"type": string(c.Type), "rank": int64(c.Status)}
	if c.Type == graph.RelHoldsPosition {
		if since := graph.PositionSince(c, published); !since.IsZero() {
			p["sinceOrd"] = int64(since.First().Ordinal())
		}
	}
	p.status("status", c.Status)
	p.str("relation", c.Relation)
	p.date("start", c.Start)
	p.date("end", c.End)
	if !c.Start.IsZero() {
		p["startOrd"] = int64(c.Start.First().Ordinal())
	}
	if !c.End.IsZero() {
		p["endOrd"] = int64(c.End.Last().Ordinal())
	}
	p.list("sources", c.Sources)
	p.str("note", c.Note)
	return row(c.ID, p, map[string]any{"from": c.From, "to": c.To})
}

// countJSON is a graph.Count as stored inside a raid's accounts JSON.
type countJSON struct {
	Value     int    `json:"value"`
	Qualifier string `json:"qualifier,omitempty"`
}

type nationalityJSON struct {
	Nationality string     `json:"nationality"`
	Count       *countJSON `json:"count,omitempty"`
	Women       *countJSON `json:"women,omitempty"`
}

type accountJSON struct {
	Detained      *countJSON        `json:"detained,omitempty"`
	Breakdown     []nationalityJSON `json:"breakdown,omitempty"`
	Women         *countJSON        `json:"women,omitempty"`
	Nationalities string            `json:"nationalities,omitempty"`
	Outcomes      []string          `json:"outcomes,omitempty"`
	Status        string            `json:"status"`
	Sources       []string          `json:"sources,omitempty"`
	Note          string            `json:"note,omitempty"`
}

func toCountJSON(c *graph.Count) *countJSON {
	if c == nil {
		return nil
	}
	return &countJSON{Value: c.Value, Qualifier: string(c.Qualifier)}
}

func fromCountJSON(c *countJSON) *graph.Count {
	if c == nil {
		return nil
	}
	return &graph.Count{Value: c.Value, Qualifier: graph.CountQualifier(c.Qualifier)}
}

func raidRow(r graph.Raid) map[string]any {
	st := r.Status()
	p := props{"rank": int64(st), "key": graph.RaidKey(r)}
	p.status("status", st)
	p.date("start", r.Start)
	p.date("end", r.End)
	// the window test of Period.Overlaps: first day of the start, last day
	// of the end (or of the start when the end is unknown)
	if !r.Start.IsZero() {
		p["startOrd"] = int64(r.Start.First().Ordinal())
	}
	if end := r.End; !end.IsZero() || !r.Start.IsZero() {
		if end.IsZero() {
			end = r.Start
		}
		p["endOrd"] = int64(end.Last().Ordinal())
	}
	p.list("provinces", r.Provinces)
	var pf []string
	for _, pr := range r.Provinces {
		pf = append(pf, graph.Fold(pr))
	}
	p.list("provincesFold", pf)
	p.list("places", r.Places)
	p.str("district", r.District)
	p.str("commune", r.Commune)
	p.str("site", r.Site)
	p.str("agency", r.Agency)
	p.str("note", r.Note)
	p.list("sources", r.Sources())
	accounts := make([]accountJSON, 0, len(r.Accounts))
	var detained []string
	for _, a := range r.Accounts {
		aj := accountJSON{Detained: toCountJSON(a.Detained), Women: toCountJSON(a.Women), Nationalities: a.Nationalities,
			Outcomes: a.Outcomes, Status: a.Status.String(), Sources: a.Sources, Note: a.Note}
		for _, b := range a.Breakdown {
			aj.Breakdown = append(aj.Breakdown, nationalityJSON{Nationality: b.Nationality, Count: toCountJSON(b.Count), Women: toCountJSON(b.Women)})
		}
		accounts = append(accounts, aj)
		if a.Detained != nil {
			detained = append(detained, a.Detained.String())
		} else {
			detained = append(detained, "")
		}
	}
	b, err := json.Marshal(accounts)
	if err != nil {
		panic(err)
	}
	p["accounts"] = string(b)
	if slices.ContainsFunc(detained, func(s string) bool { return s != "" }) {
		p["detained"] = detained
	}
	return row(r.ID, p, map[string]any{"site": r.Site, "sources": r.Sources(), "places": slices.Clone(r.Places)})
}

func designationRow(d graph.Designation) map[string]any {
	p := props{"rank": int64(d.Status), "dateOrd": int64(d.Date.Ordinal()), "datePrec": int64(d.Date.Precision())}
	p.status("status", d.Status)
	p.str("target", d.Target)
	p.str("authority", d.Authority)
	p.str("program", d.Program)
	p.date("date", d.Date)
	p.date("onOrBefore", d.OnOrBefore)
	p.list("sources", d.Sources)
	p.str("note", d.Note)
	return row(d.ID, p, map[string]any{"target": d.Target, "authority": d.Authority, "sources": d.Sources})
}

func statementRow(st graph.Statement) map[string]any {
	p := props{"rank": int64(st.Status)}
	p.status("status", st.Status)
	p.str("subject", st.Subject)
	p.str("topic", st.Topic)
	p.str("text", st.Text)
	p.date("date", st.Date)
	p.list("sources", st.Sources)
	p.str("note", st.Note)
	return row(st.ID, p, map[string]any{"subject": st.Subject, "sources": st.Sources})
}

// decoder reads property maps back into domain values, keeping the first
// problem (a value the loader would not have written).
type decoder struct{ err error }

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("neo4j: unexpected stored data: "+format, args...)
	}
}

func (d *decoder) str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		d.fail("%s is a %T, want a string", k, v)
		return ""
	}
}

func (d *decoder) strs(m map[string]any, k string) []string {
	switch v := m[k].(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				d.fail("%s holds a %T, want strings", k, x)
			}
			out = append(out, s)
		}
		return out
	case []string:
		return v
	default:
		d.fail("%s is a %T, want a list", k, v)
		return nil
	}
}

func (d *decoder) int(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case nil:
		return 0
	case int64:
		return v
	default:
		d.fail("%s is a %T, want an integer", k, v)
		return 0
	}
}

func (d *decoder) float(m map[string]any, k string) (float64, bool) {
	switch v := m[k].(type) {
	case nil:
		return 0, false
	case float64:
		return v, true
	default:
		d.fail("%s is a %T, want a float", k, v)
		return 0, false
	}
}

func (d *decoder) date(m map[string]any, k string) graph.Date {
	v, err := graph.ParseDate(d.str(m, k))
	if err != nil {
		d.fail("%s: %v", k, err)
	}
	return v
}

func (d *decoder) status(m map[string]any, k string) graph.ClaimStatus {
	s := d.str(m, k)
	if s == "" {
		return 0
	}
	st, err := graph.ParseClaimStatus(s)
	if err != nil {
		d.fail("%s: %v", k, err)
	}
	return st
}

func (d *decoder) m(v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		d.fail("a %T, want a map", v)
	}
	return m
}

func (d *decoder) list(v any) []any {
	l, ok := v.([]any)
	if !ok && v != nil {
		d.fail("a %T, want a list", v)
	}
	return l
}

func (d *decoder) entity(m map[string]any) graph.Entity {
	e := graph.Entity{
		ID: d.str(m, "id"), Kind: graph.Kind(d.str(m, "kind")), Name: d.str(m, "name"), Aliases: d.strs(m, "aliases"),
		OrgKind: graph.OrgKind(d.str(m, "orgKind")), Country: d.str(m, "country"),
		Province: d.str(m, "province"), District: d.str(m, "district"), Commune: d.str(m, "commune"), Place: d.str(m, "place"),
		Status: graph.SiteStatus(d.str(m, "status")), StatusDate: d.date(m, "statusDate"),
		StatusSources: d.strs(m, "statusSources"), StatusClaimStatus: d.status(m, "statusClaimStatus"),
		Note: d.str(m, "note"), ExternalIDs: d.strs(m, "externalIds"),
	}
	lat, okLat := d.float(m, "lat")
	lon, okLon := d.float(m, "lon")
	if okLat && okLon {
		e.Coordinates = &graph.Coordinates{Lat: lat, Lon: lon}
	}
	return e
}

// claim reads a claim relationship's properties; from and to are its ends.
func (d *decoder) claim(m map[string]any, from, to string) graph.Claim {
	return graph.Claim{
		ID: d.str(m, "id"), Type: graph.RelType(d.str(m, "type")), From: from, To: to,
		Relation: d.str(m, "relation"), Status: d.status(m, "status"),
		Period:  graph.Period{Start: d.date(m, "start"), End: d.date(m, "end")},
		Sources: d.strs(m, "sources"), Note: d.str(m, "note"),
	}
}

// claimAt reads a map {claim: properties, from: id, to: id}.
func (d *decoder) claimAt(v any) graph.Claim {
	m := d.m(v)
	return d.claim(d.m(m["claim"]), d.str(m, "from"), d.str(m, "to"))
}

func (d *decoder) raid(m map[string]any) graph.Raid {
	r := graph.Raid{
		ID: d.str(m, "id"), Period: graph.Period{Start: d.date(m, "start"), End: d.date(m, "end")},
		Provinces: d.strs(m, "provinces"), Places: d.strs(m, "places"), District: d.str(m, "district"), Commune: d.str(m, "commune"),
		Site: d.str(m, "site"), Agency: d.str(m, "agency"), Note: d.str(m, "note"),
	}
	var accounts []accountJSON
	if err := json.Unmarshal([]byte(d.str(m, "accounts")), &accounts); err != nil {
		d.fail("raid %s accounts: %v", r.ID, err)
	}
	for _, a := range accounts {
		st, err := graph.ParseClaimStatus(a.Status)
		if err != nil {
			d.fail("raid %s account status: %v", r.ID, err)
		}
		acc := graph.RaidAccount{Detained: fromCountJSON(a.Detained), Women: fromCountJSON(a.Women), Nationalities: a.Nationalities,
			Outcomes: a.Outcomes, Status: st, Sources: a.Sources, Note: a.Note}
		for _, b := range a.Breakdown {
			acc.Breakdown = append(acc.Breakdown, graph.NationalityCount{Nationality: b.Nationality, Count: fromCountJSON(b.Count), Women: fromCountJSON(b.Women)})
		}
		r.Accounts = append(r.Accounts, acc)
	}
	return r
}

func (d *decoder) designation(m map[string]any) graph.Designation {
	return graph.Designation{
		ID: d.str(m, "id"), Target: d.str(m, "target"), Authority: d.str(m, "authority"), Program: d.str(m, "program"),
		Date: d.date(m, "date"), OnOrBefore: d.date(m, "onOrBefore"), Status: d.status(m, "status"), Sources: d.strs(m, "sources"), Note: d.str(m, "note"),
	}
}

func (d *decoder) source(m map[string]any) graph.Source {
	return graph.Source{
		ID: d.str(m, "id"), Title: d.str(m, "title"), Publisher: d.str(m, "publisher"), URL: d.str(m, "url"),
		Published: d.date(m, "published"), Kind: graph.SourceKind(d.str(m, "kind")), Note: d.str(m, "note"),
	}
}

func (d *decoder) statement(m map[string]any) graph.Statement {
	return graph.Statement{
		ID: d.str(m, "id"), Subject: d.str(m, "subject"), Topic: d.str(m, "topic"), Text: d.str(m, "text"),
		Date: d.date(m, "date"), Status: d.status(m, "status"), Sources: d.strs(m, "sources"), Note: d.str(m, "note"),
	}
}

// sortable encodes s so that Neo4j, which compares strings by UTF-16 code
// units, orders the encodings as Go orders the strings (by bytes): the
// UTF-8 bytes in hex. The two orders differ only when characters above
// U+FFFF meet ones in U+E000–U+FFFF, which folded names may hold.
func sortable(s string) string { return hex.EncodeToString([]byte(s)) }

// checkIDs refuses ids that Neo4j would order differently from Go: ids
// with a character at or above U+E000 (ids are upper-case ASCII by the
// seeds' convention; this only guards the orderings of the contract).
func checkIDs(d *graph.Dataset) error {
	var bad []string
	check := func(id string) {
		for _, r := range id {
			if r >= 0xE000 {
				bad = append(bad, id)
				return
			}
		}
	}
	for _, x := range d.Sources {
		check(x.ID)
	}
	for _, x := range d.Entities {
		check(x.ID)
	}
	for _, x := range d.Claims {
		check(x.ID)
	}
	for _, x := range d.Raids {
		check(x.ID)
	}
	for _, x := range d.Designations {
		check(x.ID)
	}
	for _, x := range d.Statements {
		check(x.ID)
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: ids with characters at or above U+E000 cannot be ordered alike in Neo4j: %q", graph.ErrInvalid, bad)
	}
	return nil
}
