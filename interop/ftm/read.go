package ftm

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
)

// Options tune how records of other systems are read. Records patronage
// exported carry their own statuses and kinds.
type Options struct {
	// Name is the input's name in messages, e.g. its path.
	Name string
	// Status is the claim status given to claims read from other systems;
	// 0 means reported. Sanctions are always official_record.
	Status graph.ClaimStatus
	// SourceKind is the kind of the sources made from the sourceUrl and
	// publisher of records of other systems; "" means secondary_copy.
	SourceKind graph.SourceKind
	// Datasets describe the datasets read: the provenance of records that
	// cite none of their own (see provenance.go).
	Datasets []Dataset
	// Given is provenance stated at import, used after the entities'
	// own and the dataset's.
	Given Given
}

// Read reads FtM JSON lines and maps them onto the domain model. It
// returns the fragment, or an error joining every malformed line as
// "file:line: what is wrong" (at most 1000 of them, then a count).
func Read(r io.Reader, opt Options) (*interop.Fragment, error) {
	if opt.Name == "" {
		opt.Name = "input"
	}
	if opt.Status == 0 {
		opt.Status = graph.StatusReported
	}
	if opt.SourceKind == "" {
		opt.SourceKind = graph.SourceSecondaryCopy
	}
	rd := newReader(opt)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			rd.line++
			rd.read(b)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", opt.Name, err)
		}
	}
	if err := rd.probs.Err(); err != nil {
		return nil, err
	}
	if len(rd.seen) == 0 && rd.unmapped == 0 {
		return nil, errors.Join(graph.Problem{Where: opt.Name, Msg: "no FollowTheMoney entity in the input (it is empty or holds only blank lines); nothing to import"})
	}
	rd.finish()
	if err := rd.probs.Err(); err != nil {
		return nil, err
	}
	if f := rd.frag; len(f.Entities)+len(f.Claims)+len(f.Designations) == 0 {
		return nil, errors.Join(graph.Problem{Where: opt.Name, Msg: fmt.Sprintf("none of its %d entities maps to an entity, claim or designation of this graph (%s); nothing to import",
			len(rd.seen)+rd.unmapped, mappedSummary(f.Report))})
	}
	return rd.frag, nil
}

// mappedSummary lists what was read, for the message of an input of which
// nothing is imported.
func mappedSummary(r interop.Report) string {
	keys := make([]string, 0, len(r.Mapped))
	for k := range r.Mapped {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", k, r.Mapped[k]))
	}
	for _, n := range r.Notes {
		parts = append(parts, n.String())
	}
	if len(parts) > 5 {
		parts = append(parts[:5], fmt.Sprintf("and %d more", len(parts)-5))
	}
	return strings.Join(parts, "; ")
}

// ParseLine parses one line as an FtM entity and checks its form (an id, a
// schema, properties that are lists of strings, a well-formed "patronage"
// object). It is what Read does to every line before mapping it.
func ParseLine(b []byte) (Entity, error) {
	var e Entity
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&e); err != nil {
		return e, fmt.Errorf("not a FollowTheMoney entity: %s", jsonMsg(err))
	}
	if dec.More() {
		return e, errors.New("more than one JSON value on the line (one entity per line)")
	}
	switch {
	case strings.TrimSpace(e.ID) == "":
		return e, errors.New("entity has no id")
	case len(e.ID) > 1024 || strings.IndexFunc(e.ID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return e, fmt.Errorf("id %.40q is not an FtM id (no spaces, at most 1024 characters)", e.ID)
	case e.Schema == "":
		return e, fmt.Errorf("entity %s has no schema", e.ID)
	}
	if x := e.Patronage; x != nil {
		if x.ID == "" {
			return e, fmt.Errorf("entity %s: the patronage object has no id", e.ID)
		}
		if !slices.Contains([]string{"entity", "source", "claim", "designation"}, x.Record) {
			return e, fmt.Errorf("entity %s: patronage record %q is not entity, source, claim or designation", e.ID, x.Record)
		}
	}
	return e, nil
}

func jsonMsg(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		if te.Field == "properties" {
			return fmt.Sprintf("each property must be a list of strings, not a JSON %s", te.Value)
		}
		if te.Field != "" {
			return fmt.Sprintf("%s must be %s, not a JSON %s", te.Field, typeWord(te.Type.String()), te.Value)
		}
		return fmt.Sprintf("want a JSON object, not a JSON %s", te.Value)
	}
	return err.Error()
}

func typeWord(t string) string {
	switch t {
	case "[]string":
		return "a list of strings"
	case "string":
		return "a string"
	case "map[string][]string":
		return "an object of lists of strings"
	}
	return t
}

type reader struct {
	opt   Options
	frag  *interop.Fragment
	probs interop.Problems
	line  int

	seen      map[string]int    // FtM id → line, for duplicates
	ourID     map[string]string // FtM id → entity id
	entIdx    map[string]int    // entity id → index in frag.Entities
	srcIdx    map[string]int    // source id → index in frag.Sources
	used      map[string]bool   // ids given to records
	addresses map[string]address
	addrRefs  []addrRef
	docs      map[string]doc
	madeDocs  map[string]string // FtM id of a Document → source id made from it
	srcByKey  map[string]string // url + publisher → source id
	authority map[string]string // folded authority name → entity id
	claims    []pending
	desigs    []pending
	unmapped  int                // entities of schemata not mapped
	entProv   map[string]entProv // FtM id of an entity → where it says it comes from
}

func newReader(opt Options) *reader {
	return &reader{opt: opt, frag: &interop.Fragment{Where: map[string]string{}},
		seen: map[string]int{}, ourID: map[string]string{}, entIdx: map[string]int{}, srcIdx: map[string]int{},
		used: map[string]bool{}, addresses: map[string]address{}, docs: map[string]doc{}, madeDocs: map[string]string{},
		srcByKey: map[string]string{}, authority: map[string]string{}, entProv: map[string]entProv{}}
}

func (rd *reader) where() string { return fmt.Sprintf("%s:%d", rd.opt.Name, rd.line) }

func (rd *reader) bad(format string, args ...any) { rd.probs.Add(rd.where(), format, args...) }

// address is what an Address entity says about a place.
type address struct{ full, region, country string }

type addrRef struct {
	entity string   // entity id
	refs   []string // FtM ids of Address entities
}

// doc is a Document of another system, kept in case a claim cites it.
type doc struct {
	line                      int
	title, url, pub, date, id string
}

// pending is a claim or designation whose references are resolved once
// the whole file is read (FtM files may list links before their ends).
type pending struct {
	where  string
	what   string
	claim  graph.Claim
	desig  graph.Designation
	ends   [2]string // FtM ids: From/To, or target/authority
	proofs []string  // FtM ids of source Documents
	auth   string    // authority name of a foreign sanction
	// uncited: the record cites nothing of its own; its provenance is
	// looked for once the file is read.
	uncited  bool
	datasets []string // the record's "datasets"
}

func (rd *reader) read(b []byte) {
	if len(bytes.TrimSpace(b)) == 0 {
		return
	}
	e, err := ParseLine(b)
	if err != nil {
		rd.bad("%v", err)
		return
	}
	if first, dup := rd.seen[e.ID]; dup {
		rd.bad("duplicate id %s (first at line %d): merge the fragments of an entity first (ftm aggregate)", e.ID, first)
		return
	}
	p := props(e.Properties)
	if p == nil {
		p = props{}
	}
	if x := e.Patronage; x != nil {
		rd.seen[e.ID] = rd.line
		rd.ours(e, p, x)
		return
	}
	switch {
	case entitySchemata[e.Schema] != "":
		rd.seen[e.ID] = rd.line
		rd.foreignEntity(e, p)
	case e.Schema == "Address":
		rd.seen[e.ID] = rd.line
		rd.addresses[e.ID] = address{full: first(p, "full", "name"), region: first(p, "region", "state"), country: first(p, "country")}
		rd.frag.Report.Map("Address → place of the entities that point at it")
	case isDocument(e.Schema):
		rd.seen[e.ID] = rd.line
		rd.docs[e.ID] = doc{line: rd.line, id: e.ID, title: first(p, "title", "name", "fileName"), url: first(p, "sourceUrl"),
			pub: first(p, "publisher"), date: first(p, "publishedAt", "date", "authoredAt")}
	case foreignTypes[e.Schema] != "":
		rd.seen[e.ID] = rd.line
		rd.foreignClaim(e, p)
	case e.Schema == "Sanction":
		rd.seen[e.ID] = rd.line
		rd.foreignSanction(e, p)
	default:
		rd.unmapped++
		rd.frag.Report.Map("skipped: schema " + e.Schema + " (not mapped)")
	}
}

func isDocument(schema string) bool {
	return slices.Contains([]string{"Document", "Pages", "PlainText", "HyperText", "Article", "Page"}, schema)
}

// first returns the first value of the first property that has one,
// with its whitespace tidied.
func first(p props, names ...string) string {
	for _, n := range names {
		for _, v := range p[n] {
			if v = clean(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// all returns every value of the properties, tidied, without repeats.
func all(p props, names ...string) []string {
	var out []string
	for _, n := range names {
		for _, v := range p[n] {
			if v = clean(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// clean collapses runs of white space (line breaks too) into one space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// name tidies a name for a list of names, where "|" separates items.
func name(s string) string { return strings.ReplaceAll(clean(s), "|", "/") }

// newID makes a record id from an FtM id: the prefix and the FtM id in
// upper case with other characters as "_"; a hash is added when that is
// taken or too long.
func (rd *reader) newID(prefix, ftmID string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToUpper(ftmID) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		} else {
			under = true
		}
	}
	id := prefix + b.String()
	if len(b.String()) > 40 || b.Len() == 0 || rd.used[id] {
		sum := sha256.Sum256([]byte(ftmID))
		s := b.String()
		if len(s) > 24 {
			s = s[:24]
		}
		id = prefix + s + "_" + strings.ToUpper(hex.EncodeToString(sum[:4]))
	}
	for n, base := 2, id; rd.used[id]; n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	rd.used[id] = true
	return id
}

func (rd *reader) addEntity(e graph.Entity, ftmID string) {
	rd.ourID[ftmID] = e.ID
	rd.entIdx[e.ID] = len(rd.frag.Entities)
	rd.frag.Entities = append(rd.frag.Entities, e)
	rd.frag.Where[e.ID] = rd.where()
}

func (rd *reader) foreignEntity(e Entity, p props) {
	kind := entitySchemata[e.Schema]
	names := all(p, "name")
	if len(names) == 0 {
		rd.bad("%s %s has no name", e.Schema, e.ID)
		return
	}
	for i := range names {
		names[i] = name(names[i])
	}
	var notes []string
	aliases := names[1:]
	for _, a := range all(p, "alias", "previousName") {
		if a = name(a); !slices.Contains(names, a) && !slices.Contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	prefix := map[graph.Kind]string{graph.KindPerson: "P_FTM_", graph.KindOrganization: "O_FTM_", graph.KindPosition: "POS_FTM_"}[kind]
	out := graph.Entity{Kind: kind, Name: names[0], Aliases: aliases}
	// The country is where the entity is (country, jurisdiction,
	// mainCountry); a nationality or citizenship is not a country of
	// residence and is kept apart, in the note.
	for _, c := range all(p, "country", "jurisdiction", "mainCountry") {
		if len(c) == 2 {
			out.Country = strings.ToUpper(c)
			break
		}
	}
	for _, prop := range []string{"nationality", "citizenship"} {
		if v := all(p, prop); len(v) > 0 {
			for i := range v {
				if len(v[i]) == 2 {
					v[i] = strings.ToUpper(v[i])
				}
			}
			notes = append(notes, prop+": "+strings.Join(v, ", "))
		}
	}
	// FtM's weakAlias (short or partial names) is kept, marked weak, in
	// the note: not an alias, so that the matcher does not use it.
	if w := all(p, "weakAlias"); len(w) > 0 {
		for i := range w {
			w[i] = name(w[i])
		}
		notes = append(notes, WeakAliasNote+strings.Join(w, "; "))
	}
	switch e.Schema {
	case "Company":
		out.OrgKind = graph.OrgCompany
	case "PublicBody":
		out.OrgKind, prefix = graph.OrgGovernmentBody, "G_FTM_"
	case "Organization", "LegalEntity":
		out.OrgKind = graph.OrgCompany
		notes = append(notes, fmt.Sprintf(unstatedKind, e.Schema))
	case "Position":
		if len(out.Aliases) > 0 {
			notes = append(notes, "also called: "+strings.Join(out.Aliases, "; "))
			out.Aliases = nil
		}
	}
	notes = append(notes, all(p, "summary", "description", "notes")...)
	for _, a := range all(p, "address") {
		notes = append(notes, "address: "+a)
	}
	out.Note = strings.Join(notes, "; ")
	out.ID = rd.newID(prefix, e.ID)
	out.ExternalIDs = append(out.ExternalIDs, "ftm:"+e.ID)
	for _, r := range e.Referents {
		if x := "ftm:" + r; r != "" && !slices.Contains(out.ExternalIDs, x) {
			out.ExternalIDs = append(out.ExternalIDs, x)
		}
	}
	if refs := p["addressEntity"]; len(refs) > 0 && kind != graph.KindPosition {
		rd.addrRefs = append(rd.addrRefs, addrRef{entity: out.ID, refs: refs})
	}
	rd.addEntity(out, e.ID)
	rd.entProv[e.ID] = entProv{urls: all(p, "sourceUrl"), pubs: all(p, "publisher"), datasets: e.Datasets}
	rd.frag.Report.Map(e.Schema + " → " + string(kind))
}

// date reads an FtM date (YYYY, YYYY-MM, YYYY-MM-DD, or a date and time,
// of which the day is kept).
func (rd *reader) date(p props, names ...string) graph.Date {
	for _, n := range names {
		for _, v := range p[n] {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			day, _, _ := strings.Cut(v, "T")
			d, err := graph.ParseDate(day)
			if err != nil {
				rd.bad("%s %q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", n, v)
			}
			return d
		}
	}
	return graph.Date{}
}

// period reads startDate/endDate (or date) and checks them.
func (rd *reader) period(p props) (graph.Period, bool) {
	per := graph.Period{Start: rd.date(p, "startDate"), End: rd.date(p, "endDate")}
	if per.Start.IsZero() {
		per.Start = rd.date(p, "date")
	}
	if !per.Start.IsZero() && !per.End.IsZero() && per.End.Last().Ordinal() < per.Start.First().Ordinal() {
		rd.bad("endDate %s is before startDate %s", per.End, per.Start)
		return per, false
	}
	return per, true
}

// citation reads what a foreign interval cites: Documents as proof, or
// else its sourceUrl and publisher, which become sources here.
func (rd *reader) citation(p props, what string) (proofs, sources []string, ok bool) {
	if proofs = all(p, "proof"); len(proofs) > 0 {
		return proofs, nil, true
	}
	urls, pubs := all(p, "sourceUrl"), all(p, "publisher")
	if len(urls) == 0 && len(pubs) == 0 {
		return nil, nil, true // uncited: see provenance
	}
	pub := strings.Join(pubs, ", ")
	if len(urls) == 0 {
		return nil, []string{rd.source("", pub, "", graph.Date{})}, true
	}
	for _, u := range urls {
		if !isHTTP(u) {
			rd.bad("sourceUrl %q is not an http(s) address", u)
			return nil, nil, false
		}
		sources = append(sources, rd.source(u, pub, "", graph.Date{}))
	}
	return nil, sources, true
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// source returns the id of the source for url and publisher, making it
// on first use.
func (rd *reader) source(u, pub, title string, published graph.Date) string {
	key := u + "\x00" + pub
	if id, ok := rd.srcByKey[key]; ok {
		return id
	}
	sum := sha256.Sum256([]byte(key))
	id := rd.newID("S_FTM_", strings.ToUpper(hex.EncodeToString(sum[:5])))
	if title == "" {
		title = u
		if pub != "" && u != "" {
			title = pub + ": " + u
		} else if pub != "" {
			title = pub
		}
	}
	s := graph.Source{ID: id, Kind: rd.opt.SourceKind, Publisher: pub, URL: u, Title: title, Published: published,
		Note: "made from the sourceUrl and publisher of FollowTheMoney records in " + rd.opt.Name}
	if u == "" {
		s.Note += "; they give no address"
	}
	rd.srcByKey[key] = id
	rd.srcIdx[id] = len(rd.frag.Sources)
	rd.frag.Sources = append(rd.frag.Sources, s)
	rd.frag.Where[id] = rd.where()
	return id
}

func (rd *reader) foreignClaim(e Entity, p props) {
	t := foreignTypes[e.Schema]
	l := linkOf(t)
	what := e.Schema + " " + e.ID
	from, to := first(p, l.From), first(p, l.To)
	if from == "" || to == "" {
		rd.frag.Report.Note(interop.NoteSkipped, rd.where(), what, "it names no %s or no %s", l.From, l.To)
		return
	}
	if n := len(p[l.From]) + len(p[l.To]); n > 2 {
		rd.frag.Report.Note(interop.NoteSkipped, rd.where(), what, "it has %d %s or %s values; a claim links one entity to one other", n, l.From, l.To)
		return
	}
	per, ok := rd.period(p)
	if !ok {
		return
	}
	if per.Start.IsZero() && !per.End.IsZero() {
		rd.frag.Report.Note(interop.NoteSkipped, rd.where(), what, "it ended %s but its start is unknown, which a claim cannot say (it would read as still in effect)", per.End)
		return
	}
	proofs, sources, ok := rd.citation(p, what)
	if !ok {
		return
	}
	var rel []string
	if l.RelProp != "" {
		rel = all(p, l.RelProp)
	}
	if t == graph.RelOwns {
		for _, v := range all(p, "percentage") {
			rel = append(rel, v+"%")
		}
	}
	c := graph.Claim{ID: rd.newID("CL_FTM_", e.ID), Type: t, Relation: strings.Join(rel, ", "), Status: rd.opt.Status,
		Period: per, Sources: sources, Note: strings.Join(all(p, "summary", "description"), "; ")}
	rd.claims = append(rd.claims, pending{where: rd.where(), what: what, claim: c, ends: [2]string{from, to}, proofs: proofs,
		uncited: len(proofs)+len(sources) == 0, datasets: e.Datasets})
	rd.frag.Report.Map(fmt.Sprintf("%s → claim %s", e.Schema, t))
}

func (rd *reader) foreignSanction(e Entity, p props) {
	what := "Sanction " + e.ID
	target := first(p, "entity")
	if target == "" {
		rd.frag.Report.Note(interop.NoteSkipped, rd.where(), what, "it names no entity")
		return
	}
	auth := first(p, "authority")
	if auth == "" {
		rd.frag.Report.Note(interop.NoteSkipped, rd.where(), what, "it names no authority, and a designation needs one")
		return
	}
	date := rd.date(p, "listingDate")
	if date.IsZero() {
		date = rd.date(p, "startDate", "date")
	}
	proofs, sources, ok := rd.citation(p, what)
	if !ok {
		return
	}
	program := strings.Join(all(p, "program"), "; ")
	if program == "" {
		program = graph.ProgramNotVerified
	}
	var note []string
	if r := all(p, "reason", "provisions", "summary", "description"); len(r) > 0 {
		note = append(note, r...)
	}
	if s := all(p, "status"); len(s) > 0 {
		note = append(note, "status on the list: "+strings.Join(s, ", "))
	}
	var onOrBefore graph.Date
	if date.IsZero() {
		note = append(note, "date of designation unknown: the FollowTheMoney Sanction gives no listingDate, startDate or date")
		if e.FirstSeen != "" {
			// Its publisher saw it on the list that day: it was made
			// by then.
			onOrBefore = rd.date(props{"first_seen": {e.FirstSeen}}, "first_seen")
			note = append(note, "made on or before "+onOrBefore.String()+", when the publisher first saw it (first_seen)")
		}
	}
	d := graph.Designation{ID: rd.newID("D_FTM_", e.ID), Program: program, Date: date, OnOrBefore: onOrBefore, Status: graph.StatusOfficialRecord,
		Sources: sources, Note: strings.Join(note, "; ")}
	rd.desigs = append(rd.desigs, pending{where: rd.where(), what: what, desig: d, ends: [2]string{target, ""}, proofs: proofs, auth: name(auth),
		uncited: len(proofs)+len(sources) == 0, datasets: e.Datasets})
	rd.frag.Report.Map("Sanction → designation")
}

// ours reads a record patronage exported, exactly.
func (rd *reader) ours(e Entity, p props, x *Ext) {
	switch x.Record {
	case "source":
		kind, err := graph.ParseSourceKind(x.Kind)
		if err != nil {
			rd.bad("source %s: %v", x.ID, trimInvalid(err))
		}
		s := graph.Source{ID: x.ID, Kind: kind, Title: firstRaw(p, "title"), Publisher: firstRaw(p, "publisher"),
			URL: firstRaw(p, "sourceUrl"), Published: rd.date(p, "publishedAt"), Note: firstRaw(p, "notes")}
		rd.srcIdx[s.ID] = len(rd.frag.Sources)
		rd.frag.Sources = append(rd.frag.Sources, s)
		rd.frag.Where[s.ID] = rd.where()
		rd.madeDocs[e.ID] = s.ID
		rd.frag.Report.Map("Document → source")
	case "entity":
		rd.ourEntity(e, p, x)
	case "claim":
		t, err := graph.ParseRelType(x.Type)
		if err != nil {
			rd.bad("claim %s: %v", x.ID, trimInvalid(err))
			return
		}
		st := rd.status(x.ID, x.Status)
		l := linkOf(t)
		if l.Schema != e.Schema {
			rd.bad("claim %s of type %s is a %s, want %s", x.ID, t, e.Schema, l.Schema)
			return
		}
		per, _ := rd.period(p)
		c := graph.Claim{ID: x.ID, Type: t, Relation: x.Relation, Status: st, Period: per, Note: firstRaw(p, "description")}
		rd.claims = append(rd.claims, pending{where: rd.where(), what: "claim " + x.ID, claim: c,
			ends: [2]string{firstRaw(p, l.From), firstRaw(p, l.To)}, proofs: p["proof"]})
		rd.frag.Report.Map(fmt.Sprintf("%s → claim %s", e.Schema, t))
	case "designation":
		d := graph.Designation{ID: x.ID, Program: firstRaw(p, "program"), Date: rd.date(p, "listingDate", "startDate"),
			Status: rd.status(x.ID, x.Status), Note: firstRaw(p, "description")}
		if x.OnOrBefore != "" {
			d.OnOrBefore = rd.date(props{"on_or_before": {x.OnOrBefore}}, "on_or_before")
		}
		rd.desigs = append(rd.desigs, pending{where: rd.where(), what: "designation " + x.ID, desig: d,
			ends: [2]string{firstRaw(p, "entity"), x.Authority}, proofs: p["proof"]})
		rd.frag.Report.Map("Sanction → designation")
	}
}

// firstRaw returns the first value as written: patronage's own records
// round-trip exactly.
func firstRaw(p props, n string) string {
	if v := p[n]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func trimInvalid(err error) string {
	return strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": ")
}

func (rd *reader) status(id, s string) graph.ClaimStatus {
	st, err := graph.ParseClaimStatus(s)
	if err != nil {
		rd.bad("%s: %v", id, trimInvalid(err))
	}
	return st
}

func (rd *reader) ourEntity(e Entity, p props, x *Ext) {
	kind, err := graph.ParseKind(x.Kind)
	if err != nil {
		rd.bad("entity %s: %v", x.ID, trimInvalid(err))
		return
	}
	out := graph.Entity{ID: x.ID, Kind: kind, Name: firstRaw(p, "name"), Aliases: p["alias"],
		Country: cmp.Or(x.Country, strings.ToUpper(firstRaw(p, "country"))), Note: firstRaw(p, "notes"), ExternalIDs: x.ExternalIDs,
		Province: x.Province, District: x.District, Commune: x.Commune, Place: x.Place}
	if x.OrgKind != "" {
		if out.OrgKind, err = graph.ParseOrgKind(x.OrgKind); err != nil {
			rd.bad("entity %s: %v", x.ID, trimInvalid(err))
		}
	}
	if kind == graph.KindCompound {
		lat, lon := firstRaw(p, "latitude"), firstRaw(p, "longitude")
		if lat != "" || lon != "" {
			var c graph.Coordinates
			if _, err := fmt.Sscan(lat, &c.Lat); err != nil {
				rd.bad("entity %s: latitude %q is not a number", x.ID, lat)
			}
			if _, err := fmt.Sscan(lon, &c.Lon); err != nil {
				rd.bad("entity %s: longitude %q is not a number", x.ID, lon)
			}
			out.Coordinates = &c
		}
		if x.SiteStatus != "" {
			if out.Status, err = graph.ParseSiteStatus(x.SiteStatus); err != nil {
				rd.bad("entity %s: %v", x.ID, trimInvalid(err))
			}
		}
		if out.StatusDate, err = graph.ParseDate(x.StatusDate); err != nil {
			rd.bad("entity %s: status_date: %v", x.ID, trimInvalid(err))
		}
		if x.StatusClaim != "" {
			out.StatusClaimStatus = rd.status(x.ID, x.StatusClaim)
		}
		for _, s := range x.StatusSources {
			out.StatusSources = append(out.StatusSources, rd.sourceRef(s))
		}
	}
	rd.addEntity(out, e.ID)
	rd.frag.Report.Map(e.Schema + " → " + string(kind))
}

// sourceRef maps the FtM id of a source Document patronage exported to
// the source id.
func (rd *reader) sourceRef(ftmID string) string {
	if id, ok := DecodeID(ftmID); ok {
		return id
	}
	return ftmID
}

// finish resolves references once everything is read.
func (rd *reader) finish() {
	for _, a := range rd.addrRefs {
		e := &rd.frag.Entities[rd.entIdx[a.entity]]
		var notes []string
		for _, ref := range a.refs {
			ad, ok := rd.addresses[ref]
			if !ok {
				rd.frag.Report.Note(interop.NoteSkipped, rd.frag.Where[a.entity], "addressEntity "+ref+" of "+a.entity,
					"no Address entity with that id in the file: the place it gives is not read")
				continue
			}
			if e.Country == "" && len(ad.country) == 2 {
				e.Country = strings.ToUpper(ad.country)
			}
			if e.Kind == graph.KindOrganization && e.Province == "" && ad.region != "" {
				e.Province = ad.region
			}
			if ad.full != "" {
				notes = append(notes, "address: "+ad.full)
			}
		}
		if len(notes) > 0 {
			e.Note = strings.Join(append(slices.DeleteFunc([]string{e.Note}, func(s string) bool { return s == "" }), notes...), "; ")
		}
	}
	for _, pc := range rd.claims {
		c := pc.claim
		c.From, c.To = rd.ref(pc.ends[0]), rd.ref(pc.ends[1])
		src, ok := rd.proofs(pc)
		if !ok {
			continue
		}
		if pc.uncited {
			var how string
			if src, how, ok = rd.provenance(pc); !ok {
				rd.frag.Report.Note(interop.NoteSkipped, pc.where, pc.what, noProvenance)
				rd.unmap(fmt.Sprintf("%s → claim %s", strings.Fields(pc.what)[0], c.Type), "skipped: no source")
				continue
			}
			c.Note = joinNote(c.Note, "provenance: the record cites no source of its own; taken from "+how)
		}
		c.Sources = append(c.Sources, src...)
		rd.frag.Claims = append(rd.frag.Claims, c)
		rd.frag.Where[c.ID] = pc.where
	}
	for _, pd := range rd.desigs {
		d := pd.desig
		d.Target = rd.ref(pd.ends[0])
		if pd.auth != "" {
			d.Authority = rd.authorityOf(pd.auth, pd.datasets, pd.where)
		} else {
			d.Authority = rd.ref(pd.ends[1])
		}
		src, ok := rd.proofs(pd)
		if !ok {
			continue
		}
		if pd.uncited {
			var how string
			if src, how, ok = rd.provenance(pd); !ok {
				rd.frag.Report.Note(interop.NoteSkipped, pd.where, pd.what, noProvenance)
				rd.unmap("Sanction → designation", "skipped: no source")
				continue
			}
			d.Note = joinNote(d.Note, "provenance: the record cites no source of its own; taken from "+how)
		}
		d.Sources = append(d.Sources, src...)
		if progs, ok := rd.frag.Authorities[d.Authority]; ok && !slices.Contains(progs, d.Program) {
			rd.frag.Authorities[d.Authority] = append(progs, d.Program)
		}
		rd.frag.Designations = append(rd.frag.Designations, d)
		rd.frag.Where[d.ID] = pd.where
	}
	for id := range rd.docs {
		if _, used := rd.madeDocs[id]; !used {
			rd.frag.Report.Map("skipped: Document not cited as proof")
		}
	}
}

// ref turns the FtM id of a claim's end into the reference Merge
// resolves: an entity id of the fragment, an entity id patronage
// exported, or the external id "ftm:<id>".
func (rd *reader) ref(ftmID string) string {
	if id, ok := rd.ourID[ftmID]; ok {
		return id
	}
	if id, ok := DecodeID(ftmID); ok {
		return id
	}
	return "ftm:" + ftmID
}

// proofs turns the Documents a record cites into sources.
func (rd *reader) proofs(p pending) ([]string, bool) {
	var out []string
	for _, ref := range p.proofs {
		if id, ok := rd.madeDocs[ref]; ok {
			out = append(out, id)
			continue
		}
		if id, ok := DecodeID(ref); ok {
			out = append(out, id) // a source of the dataset merged into
			continue
		}
		d, ok := rd.docs[ref]
		if !ok {
			rd.frag.Report.Note(interop.NoteSkipped, p.where, p.what, "its proof %s is not a Document of the file", ref)
			return nil, false
		}
		if d.url != "" && !isHTTP(d.url) {
			rd.probs.Add(fmt.Sprintf("%s:%d", rd.opt.Name, d.line), "sourceUrl %q is not an http(s) address", d.url)
			return nil, false
		}
		published, err := graph.ParseDate(strings.SplitN(d.date, "T", 2)[0])
		if err != nil {
			published = graph.Date{}
		}
		title := d.title
		if title == "" {
			title = "FollowTheMoney document " + d.id
		}
		save := rd.line
		rd.line = d.line
		id := rd.source(d.url, d.pub, title, published)
		rd.line = save
		rd.frag.Sources[rd.srcIdx[id]].Note = "the FollowTheMoney Document " + d.id + " in " + rd.opt.Name
		rd.madeDocs[ref] = id
		rd.frag.Report.Map("Document → source")
		out = append(out, id)
	}
	return out, true
}

// authorityOf returns the government body a foreign sanction names: one
// entity per name and dataset (the same words in two datasets may name
// two bodies: "OFAC" as SAM.gov's exclusions name it is not necessarily
// the issuer of an OFAC designation). Merge links it to a government body
// of the dataset by name and program (interop/authority.go).
func (rd *reader) authorityOf(nm string, datasets []string, where string) string {
	key := graph.Fold(nm) + "\x00" + strings.Join(datasets, ",")
	if id, ok := rd.authority[key]; ok {
		return id
	}
	note := "the authority named by FollowTheMoney Sanction records in " + rd.opt.Name
	idName := nm
	if len(datasets) > 0 {
		note += " (dataset " + strings.Join(datasets, ", ") + ")"
		idName += " " + strings.Join(datasets, " ")
	}
	e := graph.Entity{ID: rd.newID("G_FTM_", idName), Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: nm, Note: note}
	rd.authority[key] = e.ID
	rd.entIdx[e.ID] = len(rd.frag.Entities)
	rd.frag.Entities = append(rd.frag.Entities, e)
	rd.frag.Where[e.ID] = where
	if rd.frag.Authorities == nil {
		rd.frag.Authorities = interop.AuthorityPrograms{}
	}
	if _, ok := rd.frag.Authorities[e.ID]; !ok {
		rd.frag.Authorities[e.ID] = nil // listed, its programs added as its sanctions are read
	}
	rd.frag.Report.Map("Sanction authority → organization (government_body)")
	return e.ID
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// unmap moves one record counted as mapped to what became of it.
func (rd *reader) unmap(from, to string) {
	if m := rd.frag.Report.Mapped; m[from] > 0 {
		if m[from]--; m[from] == 0 {
			delete(m, from)
		}
	}
	rd.frag.Report.Map(to)
}
