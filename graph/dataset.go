package graph

import (
	"github.com/patronage/patronage/gazetteer"

	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
func (d *Dataset) Check(loc Locator) error {
	if loc == nil {
		loc = func(r Record) string { return fmt.Sprintf("%s[%d]", r.Table, r.Index) }
	}
	var errs []error
	bad := func(r Record, format string, args ...any) {
		errs = append(errs, Problem{Where: loc(r), Msg: fmt.Sprintf(format, args...)})
	}
	missing := func(r Record, format string, args ...any) {
		errs = append(errs, Problem{Where: loc(r), Msg: fmt.Sprintf(format, args...), Missing: true})
	}
	unknown := func(table string) func(Record, string, ...any) {
		return func(r Record, format string, args ...any) {
			errs = append(errs, Problem{Where: loc(r), Msg: fmt.Sprintf(format, args...), Unknown: table})
		}
	}
	unknownEntity, unknownSource := unknown("entities"), unknown("sources")
	ids := map[string]Record{}
	claimID := func(r Record, id string) bool {
		if id == "" {
			bad(r, "missing id")
			return false
		}
		if prev, dup := ids[id]; dup {
			bad(r, "duplicate id %q (first defined at %s)", id, loc(prev))
			return false
		}
		ids[id] = r
		return true
	}
	sources := map[string]bool{}
	for i, s := range d.Sources {
		r := Record{Table: "sources", Index: i}
		if claimID(r, s.ID) {
			sources[s.ID] = true
		}
		if strings.TrimSpace(s.Title) == "" {
			bad(r, "source %s has no title", s.ID)
		}
		if s.URL == "" && s.Note == "" {
			bad(r, "source %s has no url; say in its note why (e.g. the copy in shared/sources carries none)", s.ID)
		}
		if u, err := url.Parse(s.URL); s.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			bad(r, "source %s: url %q is not an http(s) address", s.ID, s.URL)
		}
	}
	sourceRef := func(r Record, list []string, required bool) {
		checkSources(sources, list, required, func(f string, a ...any) { bad(r, f, a...) }, func(f string, a ...any) { unknownSource(r, f, a...) })
	}
	entities := map[string]Entity{}
	placeRef := func(r Record, code string) {
		if code == "" {
			return
		}
		g, err := gazetteer.Default()
		if err != nil {
			bad(r, "place %s: %v", code, err)
			return
		}
		if _, ok := g.Unit(code); !ok {
			bad(r, "place %s is not a unit of the gazetteer", Quote(code))
		}
	}
	for i, e := range d.Entities {
		r := Record{Table: "entities", Index: i}
		if claimID(r, e.ID) {
			entities[e.ID] = e
		}
		if strings.TrimSpace(e.Name) == "" {
			bad(r, "entity %s has no name", e.ID)
		}
		if e.Kind == KindOrganization && e.OrgKind == "" {
			missing(r, "organization %s has no organization kind", e.ID)
		}
		if e.Kind == KindCompound && e.Status != "" && e.Status != SiteUnknown {
			if len(e.StatusSources) == 0 {
				bad(r, "compound %s: status %s has no source", e.ID, e.Status)
			}
			if !e.StatusClaimStatus.Valid() {
				missing(r, "compound %s: status %s has no claim status", e.ID, e.Status)
			}
		}
		sourceRef(r, e.StatusSources, false)
		placeRef(r, e.Place)
	}
	entityRef := func(r Record, role, id string, kinds ...Kind) (Entity, bool) {
		e, ok := entities[id]
		switch {
		case id == "":
			bad(r, "%s is missing", role)
		case !ok:
			unknownEntity(r, "%s %q is not a known entity", role, id)
		case len(kinds) > 0 && !slices.Contains(kinds, e.Kind):
			bad(r, "%s %s is a %s, want %s", role, id, e.Kind, kindList(kinds))
		}
		return e, ok
	}
	for i, c := range d.Claims {
		r := Record{Table: "claims", Index: i}
		claimID(r, c.ID)
		spec, ok := LookupRel(c.Type)
		if !ok {
			missing(r, "unknown relationship type %q", c.Type)
		}
		from, fromOK := entityRef(r, "from", c.From)
		to, toOK := entityRef(r, "to", c.To)
		if ok && fromOK && !slices.Contains(spec.From, from.Kind) {
			bad(r, "%s cannot start at %s, a %s (want %s)", c.Type, c.From, from.Kind, kindList(spec.From))
		}
		if ok && toOK && !slices.Contains(spec.To, to.Kind) {
			bad(r, "%s cannot end at %s, a %s (want %s)", c.Type, c.To, to.Kind, kindList(spec.To))
		}
		if ok && toOK && spec.ToGovBody && to.Kind == KindOrganization && to.OrgKind != OrgGovernmentBody {
			bad(r, "%s must end at a government body; %s is a %s", c.Type, c.To, to.OrgKind)
		}
		if c.From != "" && c.From == c.To {
			bad(r, "claim %s links %s to itself", c.ID, c.From)
		}
		if !c.Status.Valid() {
			missing(r, "claim %s has no valid claim status", c.ID)
		}
		checkPeriod(c.Period, func(f string, a ...any) { bad(r, f, a...) }, func(f string, a ...any) { missing(r, f, a...) })
		sourceRef(r, c.Sources, true)
	}
	for i, rd := range d.Raids {
		r := Record{Table: "raids", Index: i}
		claimID(r, rd.ID)
		if rd.Start.IsZero() {
			missing(r, "raid %s has no date", rd.ID)
		}
		checkPeriod(rd.Period, func(f string, a ...any) { bad(r, f, a...) }, func(f string, a ...any) { missing(r, f, a...) })
		if rd.Site != "" {
			entityRef(r, "site", rd.Site, KindCompound)
		}
		if len(rd.Provinces) == 0 {
			bad(r, "raid %s has no province", rd.ID)
		}
		for _, p := range rd.Places {
			placeRef(r, p)
		}
		if len(rd.Accounts) == 0 {
			bad(r, "raid %s has no account", rd.ID)
		}
		for j, a := range rd.Accounts {
			ra := Record{Table: "raids", Index: i, Sub: j}
			if !a.Status.Valid() {
				missing(ra, "raid %s: account has no valid claim status", rd.ID)
			}
			sourceRef(ra, a.Sources, true)
		}
	}
	for i, ds := range d.Designations {
		r := Record{Table: "designations", Index: i}
		claimID(r, ds.ID)
		entityRef(r, "target", ds.Target, KindPerson, KindOrganization, KindCompound)
		if auth, ok := entityRef(r, "authority", ds.Authority, KindOrganization); ok && auth.Kind == KindOrganization && auth.OrgKind != OrgGovernmentBody {
			bad(r, "authority %s is a %s, want a government_body", ds.Authority, auth.OrgKind)
		}
		if ds.Program == "" {
			bad(r, "designation %s has no program (write %q when the sources do not establish it)", ds.ID, ProgramNotVerified)
		}
		switch {
		case !ds.Date.IsZero() && !ds.OnOrBefore.IsZero():
			bad(r, "designation %s has a date (%s) and an on-or-before date (%s): give on_or_before only when the date is unknown", ds.ID, ds.Date, ds.OnOrBefore)
		case ds.Date.IsZero() && ds.OnOrBefore.IsZero() && strings.TrimSpace(ds.Note) == "":
			// An undated designation is kept (the list may give no date),
			// but it must say what is known of its date: the date it is
			// known to have been made by, or a note.
			missing(r, "designation %s has no date; give on_or_before (e.g. the date of the list read) or say in its note what is known of it", ds.ID)
		}
		if !ds.Status.Valid() {
			missing(r, "designation %s has no valid claim status", ds.ID)
		}
		sourceRef(r, ds.Sources, true)
	}
	for i, st := range d.Statements {
		r := Record{Table: "statements", Index: i}
		claimID(r, st.ID)
		if st.Subject != "" {
			entityRef(r, "subject", st.Subject)
		}
		if st.Text == "" {
			bad(r, "statement %s has no text", st.ID)
		}
		if !st.Status.Valid() {
			missing(r, "statement %s has no valid claim status", st.ID)
		}
		sourceRef(r, st.Sources, true)
	}
	return errors.Join(errs...)
}

func checkSources(known map[string]bool, list []string, required bool, bad, unknown func(string, ...any)) {
	if required && len(list) == 0 {
		bad("no source: every claim needs at least one")
	}
	seen := map[string]bool{}
	for _, s := range list {
		switch {
		case !known[s]:
			unknown("source %q is not a known source", s)
		case seen[s]:
			bad("source %q is cited twice", s)
		}
		seen[s] = true
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
