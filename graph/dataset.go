package graph

import (
	"github.com/patronage/patronage/gazetteer"

	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strings"
)

// Dataset is everything a store holds, in plain slices: what the seed files
// parse into, what loaders write and what exporters read.
type Dataset struct {
	Sources      []Source
	Entities     []Entity
	Claims       []Claim
	Raids        []Raid
	Designations []Designation
	Statements   []Statement
	// Version identifies the content (a hash of the seed files); set by
	// whoever built the dataset.
	Version string
}

// Stats counts the dataset's records.
func (d *Dataset) Stats() Stats {
	return Stats{Entities: len(d.Entities), Claims: len(d.Claims), Raids: len(d.Raids),
		Designations: len(d.Designations), Sources: len(d.Sources), Statements: len(d.Statements)}
}

// Cited yields the id of every source the records cite, table by table
// (the entities' status sources, the claims', the raid accounts', the
// designations', the statements'), as often as they are cited.
func (d *Dataset) Cited() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, ids := range d.citations() {
			for _, id := range ids {
				if !yield(id) {
					return
				}
			}
		}
	}
}

// citations lists the sources of every record that cites any.
func (d *Dataset) citations() [][]string {
	var out [][]string
	for _, e := range d.Entities {
		out = append(out, e.StatusSources)
	}
	for _, c := range d.Claims {
		out = append(out, c.Sources)
	}
	for _, r := range d.Raids {
		for _, a := range r.Accounts {
			out = append(out, a.Sources)
		}
	}
	for _, ds := range d.Designations {
		out = append(out, ds.Sources)
	}
	for _, s := range d.Statements {
		out = append(out, s.Sources)
	}
	return out
}

// Record names one record of a dataset for error messages: its table and
// index. A Locator turns it into a place such as "seeds/claims.csv:12".
type Record struct {
	Table string // "sources", "entities", "claims", "raids", "designations", "statements"
	Index int    // index in that table (for raids: the raid; Sub the account)
	Sub   int
}

// Locator says where a record came from.
type Locator func(Record) string

// Problem is one thing wrong with a dataset. Missing marks a problem
// about a zero value (no status, no date, no type), which a parser that
// already reported the unreadable value may leave out. Unknown marks a
// reference to an id the dataset does not hold and names the table it was
// looked up in ("entities" or "sources"): a reader that could not read
// all of that table may leave such problems out, since the id may be in
// the part it could not read.
type Problem struct {
	Where   string
	Msg     string
	Missing bool
	Unknown string
}

func (p Problem) Error() string { return p.Where + ": " + p.Msg }

// Unwrap makes every Problem an ErrInvalid.
func (p Problem) Unwrap() error { return ErrInvalid }

// Check finds every referential problem in the dataset at once: duplicate
// ids, references to unknown entities or sources, claims without sources,
// relationships whose ends are of the wrong kind, impossible periods. It
// returns nil or an errors.Join of Problems (each wrapping ErrInvalid).
// The tables are checked in order, each record once; later tables refer to
// the ids of earlier ones.
func (d *Dataset) Check(loc Locator) error {
	if loc == nil {
		loc = func(r Record) string { return fmt.Sprintf("%s[%d]", r.Table, r.Index) }
	}
	c := &checker{loc: loc, ids: map[string]Record{}, sources: map[string]bool{}, entities: map[string]Entity{}}
	c.checkSources(d.Sources)
	c.checkEntities(d.Entities)
	c.checkClaims(d.Claims)
	c.checkRaids(d.Raids)
	c.checkDesignations(d.Designations)
	c.checkStatements(d.Statements)
	return errors.Join(c.errs...)
}

// checker collects the problems of one Check, with the ids seen so far.
type checker struct {
	loc      Locator
	errs     []error
	ids      map[string]Record // every id, where it was first defined
	sources  map[string]bool
	entities map[string]Entity
}

func (c *checker) bad(r Record, format string, args ...any) {
	c.errs = append(c.errs, Problem{Where: c.loc(r), Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) missing(r Record, format string, args ...any) {
	c.errs = append(c.errs, Problem{Where: c.loc(r), Msg: fmt.Sprintf(format, args...), Missing: true})
}

func (c *checker) unknown(table string, r Record, format string, args ...any) {
	c.errs = append(c.errs, Problem{Where: c.loc(r), Msg: fmt.Sprintf(format, args...), Unknown: table})
}

// claimID records a record's id and reports whether it is new.
func (c *checker) claimID(r Record, id string) bool {
	if id == "" {
		c.bad(r, "missing id")
		return false
	}
	if prev, dup := c.ids[id]; dup {
		c.bad(r, "duplicate id %q (first defined at %s)", id, c.loc(prev))
		return false
	}
	c.ids[id] = r
	return true
}

// cites checks the sources a record cites: known, none twice, and at least
// one when required.
func (c *checker) cites(r Record, list []string, required bool) {
	if required && len(list) == 0 {
		c.bad(r, "no source: every claim needs at least one")
	}
	seen := map[string]bool{}
	for _, s := range list {
		switch {
		case !c.sources[s]:
			c.unknown("sources", r, "source %q is not a known source", s)
		case seen[s]:
			c.bad(r, "source %q is cited twice", s)
		}
		seen[s] = true
	}
}

// place checks a gazetteer code, if any.
func (c *checker) place(r Record, code string) {
	if code == "" {
		return
	}
	g, err := gazetteer.Default()
	if err != nil {
		c.bad(r, "place %s: %v", code, err)
		return
	}
	if _, ok := g.Unit(code); !ok {
		c.bad(r, "place %s is not a unit of the gazetteer", Quote(code))
	}
}

// entity checks a reference to an entity in a role, of one of kinds if any
// are given, and returns the entity if it is known.
func (c *checker) entity(r Record, role, id string, kinds ...Kind) (Entity, bool) {
	e, ok := c.entities[id]
	switch {
	case id == "":
		c.bad(r, "%s is missing", role)
	case !ok:
		c.unknown("entities", r, "%s %q is not a known entity", role, id)
	case len(kinds) > 0 && !slices.Contains(kinds, e.Kind):
		c.bad(r, "%s %s is a %s, want %s", role, id, e.Kind, kindList(kinds))
	}
	return e, ok
}

func (c *checker) period(r Record, p Period) {
	checkPeriod(p, func(f string, a ...any) { c.bad(r, f, a...) }, func(f string, a ...any) { c.missing(r, f, a...) })
}

func (c *checker) checkSources(sources []Source) {
	for i, s := range sources {
		r := Record{Table: "sources", Index: i}
		if c.claimID(r, s.ID) {
			c.sources[s.ID] = true
		}
		if strings.TrimSpace(s.Title) == "" {
			c.bad(r, "source %s has no title", s.ID)
		}
		if s.URL == "" && s.Note == "" {
			c.bad(r, "source %s has no url; say in its note why (e.g. the copy in shared/sources carries none)", s.ID)
		}
		if u, err := url.Parse(s.URL); s.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			c.bad(r, "source %s: url %q is not an http(s) address", s.ID, s.URL)
		}
	}
}

func (c *checker) checkEntities(entities []Entity) {
	for i, e := range entities {
		r := Record{Table: "entities", Index: i}
		if c.claimID(r, e.ID) {
			c.entities[e.ID] = e
		}
		if strings.TrimSpace(e.Name) == "" {
			c.bad(r, "entity %s has no name", e.ID)
		}
		if e.Kind == KindOrganization && e.OrgKind == "" {
			c.missing(r, "organization %s has no organization kind", e.ID)
		}
		if e.Kind == KindCompound && e.Status != "" && e.Status != SiteUnknown {
			if len(e.StatusSources) == 0 {
				c.bad(r, "compound %s: status %s has no source", e.ID, e.Status)
			}
			if !e.StatusClaimStatus.Valid() {
				c.missing(r, "compound %s: status %s has no claim status", e.ID, e.Status)
			}
		}
		c.cites(r, e.StatusSources, false)
		c.place(r, e.Place)
	}
}

func (c *checker) checkClaims(claims []Claim) {
	for i, cl := range claims {
		r := Record{Table: "claims", Index: i}
		c.claimID(r, cl.ID)
		spec, ok := LookupRel(cl.Type)
		if !ok {
			c.missing(r, "unknown relationship type %q", cl.Type)
		}
		from, fromOK := c.entity(r, "from", cl.From)
		to, toOK := c.entity(r, "to", cl.To)
		if ok && fromOK && !slices.Contains(spec.From, from.Kind) {
			c.bad(r, "%s cannot start at %s, a %s (want %s)", cl.Type, cl.From, from.Kind, kindList(spec.From))
		}
		if ok && toOK && !slices.Contains(spec.To, to.Kind) {
			c.bad(r, "%s cannot end at %s, a %s (want %s)", cl.Type, cl.To, to.Kind, kindList(spec.To))
		}
		if ok && toOK && spec.ToGovBody && to.Kind == KindOrganization && to.OrgKind != OrgGovernmentBody {
			c.bad(r, "%s must end at a government body; %s is a %s", cl.Type, cl.To, to.OrgKind)
		}
		if cl.From != "" && cl.From == cl.To {
			c.bad(r, "claim %s links %s to itself", cl.ID, cl.From)
		}
		if !cl.Status.Valid() {
			c.missing(r, "claim %s has no valid claim status", cl.ID)
		}
		c.period(r, cl.Period)
		c.cites(r, cl.Sources, true)
	}
}

func (c *checker) checkRaids(raids []Raid) {
	for i, rd := range raids {
		r := Record{Table: "raids", Index: i}
		c.claimID(r, rd.ID)
		if rd.Start.IsZero() {
			c.missing(r, "raid %s has no date", rd.ID)
		}
		c.period(r, rd.Period)
		if rd.Site != "" {
			c.entity(r, "site", rd.Site, KindCompound)
		}
		if len(rd.Provinces) == 0 {
			c.bad(r, "raid %s has no province", rd.ID)
		}
		for _, p := range rd.Places {
			c.place(r, p)
		}
		if len(rd.Accounts) == 0 {
			c.bad(r, "raid %s has no account", rd.ID)
		}
		for j, a := range rd.Accounts {
			ra := Record{Table: "raids", Index: i, Sub: j}
			if !a.Status.Valid() {
				c.missing(ra, "raid %s: account has no valid claim status", rd.ID)
			}
			c.cites(ra, a.Sources, true)
		}
	}
}

func (c *checker) checkDesignations(designations []Designation) {
	for i, ds := range designations {
		r := Record{Table: "designations", Index: i}
		c.claimID(r, ds.ID)
		c.entity(r, "target", ds.Target, KindPerson, KindOrganization, KindCompound)
		if auth, ok := c.entity(r, "authority", ds.Authority, KindOrganization); ok && auth.Kind == KindOrganization && auth.OrgKind != OrgGovernmentBody {
			c.bad(r, "authority %s is a %s, want a government_body", ds.Authority, auth.OrgKind)
		}
		if ds.Program == "" {
			c.bad(r, "designation %s has no program (write %q when the sources do not establish it)", ds.ID, ProgramNotVerified)
		}
		switch {
		case !ds.Date.IsZero() && !ds.OnOrBefore.IsZero():
			c.bad(r, "designation %s has a date (%s) and an on-or-before date (%s): give on_or_before only when the date is unknown", ds.ID, ds.Date, ds.OnOrBefore)
		case ds.Date.IsZero() && ds.OnOrBefore.IsZero() && strings.TrimSpace(ds.Note) == "":
			// An undated designation is kept (the list may give no date),
			// but it must say what is known of its date: the date it is
			// known to have been made by, or a note.
			c.missing(r, "designation %s has no date; give on_or_before (e.g. the date of the list read) or say in its note what is known of it", ds.ID)
		}
		if !ds.Status.Valid() {
			c.missing(r, "designation %s has no valid claim status", ds.ID)
		}
		c.cites(r, ds.Sources, true)
	}
}

func (c *checker) checkStatements(statements []Statement) {
	for i, st := range statements {
		r := Record{Table: "statements", Index: i}
		c.claimID(r, st.ID)
		if st.Subject != "" {
			c.entity(r, "subject", st.Subject)
		}
		if st.Text == "" {
			c.bad(r, "statement %s has no text", st.ID)
		}
		if !st.Status.Valid() {
			c.missing(r, "statement %s has no valid claim status", st.ID)
		}
		c.cites(r, st.Sources, true)
	}
}

func checkPeriod(p Period, bad, missing func(string, ...any)) {
	if !p.End.IsZero() && p.Start.IsZero() {
		missing("end date %s without a start date", p.End)
	}
	if !p.End.IsZero() && !p.Start.IsZero() && p.End.Last().Ordinal() < p.Start.First().Ordinal() {
		bad("end date %s is before start date %s", p.End, p.Start)
	}
}

func kindList(ks []Kind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += " or "
		}
		s += string(k)
	}
	return s
}

// ContentVersion hashes some bytes into a short dataset version.
func ContentVersion(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
