// Package graph is the domain of patronage: the people, organizations and
// scam compounds of Cambodia's online-scam economy, the claims that connect
// them (each with its sources and claim status), police raids, sanctions
// designations, and the Store contract every storage backend implements.
//
// It knows nothing of GraphQL, HTTP or Neo4j. Backends live in subpackages
// (graph/memory, graph/neo4j) and are checked by the contract suite in
// graph/storetest.
package graph

import (
	"fmt"
	"strings"
)

// Kind is the kind of an entity.
type Kind string

// Entity kinds.
const (
	KindPerson       Kind = "person"
	KindOrganization Kind = "organization"
	KindCompound     Kind = "compound" // a scam site: a compound, a building, a rented house
	KindPosition     Kind = "position" // a public office, e.g. "Senator of Cambodia"
	KindDocument     Kind = "document" // a report or directive that claims can point at
)

// Kinds lists every entity kind.
func Kinds() []Kind {
	return []Kind{KindPerson, KindOrganization, KindCompound, KindPosition, KindDocument}
}

// ParseKind checks an entity kind.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if string(k) == strings.TrimSpace(s) {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: unknown entity kind %q (want person, organization, compound, position or document)", ErrInvalid, s)
}

// OrgKind is the kind of an organization.
type OrgKind string

// Organization kinds.
const (
	OrgCompany        OrgKind = "company"
	OrgGovernmentBody OrgKind = "government_body"
	OrgPoliticalParty OrgKind = "political_party"
	OrgNGO            OrgKind = "ngo_research"
	OrgMedia          OrgKind = "media"
)

// ParseOrgKind checks an organization kind.
func ParseOrgKind(s string) (OrgKind, error) {
	for _, k := range []OrgKind{OrgCompany, OrgGovernmentBody, OrgPoliticalParty, OrgNGO, OrgMedia} {
		if string(k) == strings.TrimSpace(s) {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: unknown organization kind %q (want company, government_body, political_party, ngo_research or media)", ErrInvalid, s)
}

// SiteStatus says whether a compound is operating.
type SiteStatus string

// Site statuses.
const (
	SiteUnknown   SiteStatus = "unknown"
	SiteOperating SiteStatus = "operating"
	SiteClosed    SiteStatus = "closed"
)

// ParseSiteStatus checks a site status; "" is unknown.
func ParseSiteStatus(s string) (SiteStatus, error) {
	switch SiteStatus(strings.TrimSpace(s)) {
	case "", SiteUnknown:
		return SiteUnknown, nil
	case SiteOperating:
		return SiteOperating, nil
	case SiteClosed:
		return SiteClosed, nil
	}
	return "", fmt.Errorf("%w: unknown site status %q (want operating, closed or unknown)", ErrInvalid, s)
}

// Coordinates are a WGS84 point.
type Coordinates struct {
	Lat, Lon float64
}

// Entity is a person, organization, compound, position or document.
// Fields that do not apply to a kind are empty.
type Entity struct {
	ID      string
	Kind    Kind
	Name    string
	Aliases []string // other names and spellings, in any script
	OrgKind OrgKind  // organizations only
	Country string   // ISO 3166-1 alpha-2, when known
	// Location: compounds and some organizations. Province, District and
	// Commune are the text as the source wrote it; Place is the code of the
	// smallest unit of the official gazetteer (package gazetteer) that the
	// source supports, "" when none is known.
	Province, District, Commune string
	Place                       string
	// Coordinates are the site's own point, only when a source gives one.
	Coordinates *Coordinates
	// Site status: compounds only. The status is itself sourced.
	Status            SiteStatus
	StatusDate        Date
	StatusSources     []string
	StatusClaimStatus ClaimStatus
	// Note is a descriptive summary. It is not evidence: the analysis uses
	// claims, never notes.
	Note        string
	ExternalIDs []string // ids in other systems (FollowTheMoney, OFAC), "scheme:id"
}

// Names returns the name followed by the aliases.
func (e Entity) Names() []string {
	return append([]string{e.Name}, e.Aliases...)
}

// Bare is e with only its id, kind and name: what a store may give of an
// item when a Want asks for Bare.
func (e Entity) Bare() Entity {
	return Entity{ID: e.ID, Kind: e.Kind, Name: e.Name}
}

// Claim is a sourced relationship between two entities. Two sources that
// disagree are two claims; both are kept.
type Claim struct {
	ID       string
	Type     RelType
	From, To string
	Relation string // detail: the family relation, the office, the measure
	Status   ClaimStatus
	Period
	Sources []string // source ids, at least one
	Note    string
}

// CountQualifier says how exact a count is.
type CountQualifier string

// Count qualifiers, as the sources give them.
const (
	CountExact    CountQualifier = "exact"
	CountAtLeast  CountQualifier = "at_least"
	CountAbout    CountQualifier = "about"
	CountMoreThan CountQualifier = "more_than"
)

// Count is a number with its qualifier: "about 1000" stays about 1000.
type Count struct {
	Value     int
	Qualifier CountQualifier
}

// String writes the count in the seed notation: 234, ~1000, >=270, >2000.
func (c Count) String() string {
	switch c.Qualifier {
	case CountAbout:
		return fmt.Sprintf("~%d", c.Value)
	case CountAtLeast:
		return fmt.Sprintf(">=%d", c.Value)
	case CountMoreThan:
		return fmt.Sprintf(">%d", c.Value)
	}
	return fmt.Sprintf("%d", c.Value)
}

// ParseCount reads a count in seed notation: "234" (exact), "~1000"
// (about), ">=270" (at least), ">2000" (more than).
func ParseCount(s string) (Count, error) {
	s = strings.TrimSpace(s)
	q := CountExact
	switch {
	case strings.HasPrefix(s, ">="):
		q, s = CountAtLeast, s[2:]
	case strings.HasPrefix(s, ">"):
		q, s = CountMoreThan, s[1:]
	case strings.HasPrefix(s, "~"):
		q, s = CountAbout, s[1:]
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < 0 {
		return Count{}, fmt.Errorf("%w: count %q is not a number (want 234, ~1000, >=270 or >2000)", ErrInvalid, s)
	}
	return Count{Value: n, Qualifier: q}, nil
}

// NationalityCount is one line of a raid's nationality breakdown.
type NationalityCount struct {
	Nationality string
	Count       *Count // nil when the source names the nationality without a number
	Women       *Count
}

// RaidAccount is one source's account of what a raid found. A raid with
// two conflicting accounts keeps both.
type RaidAccount struct {
	Detained      *Count // nil when not stated
	Breakdown     []NationalityCount
	Women         *Count
	Nationalities string // the source's own wording when it gives no numbers
	Outcomes      []string
	Status        ClaimStatus
	Sources       []string
	Note          string
}

// Raid is a police operation against a scam site.
type Raid struct {
	ID string
	Period
	Provinces         []string // usually one; a combined count may cover several
	District, Commune string
	// Places are the gazetteer codes of the smallest units the sources
	// support, one per place the raid covers (see Entity.Place).
	Places   []string
	Site     string // compound id, when the target is known
	Agency   string
	Accounts []RaidAccount
	Note     string
}

// Status is the strongest status among the raid's accounts.
func (r Raid) Status() ClaimStatus {
	var s ClaimStatus
	for _, a := range r.Accounts {
		s = max(s, a.Status)
	}
	return s
}

// Sources are the ids of all sources of all accounts, in order, once each.
func (r Raid) Sources() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range r.Accounts {
		for _, s := range a.Sources {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// ProgramNotVerified is the program of a designation whose legal basis the
// sources do not establish.
const ProgramNotVerified = "not verified"

// Designation is a sanctions designation of a target by an authority.
type Designation struct {
	ID        string
	Target    string // entity id
	Authority string // entity id of the designating body
	Program   string // e.g. "GloMag", "TCO"; ProgramNotVerified when unknown
	// Date is the date of designation at its precision; zero when the
	// sources do not give it (OFAC's legacy SDN files give none).
	Date Date
	// OnOrBefore is, for a designation whose Date is unknown, the latest
	// date by which it is known to have been made: the date of the list
	// that carries it. Zero when nothing is known, and always zero when
	// Date is known (Check refuses both).
	OnOrBefore Date
	Status     ClaimStatus
	Sources    []string
	Note       string
}

// SourceKind classifies a source.
type SourceKind string

// Source kinds.
const (
	SourceOfficialRecord SourceKind = "official_record"
	SourceNews           SourceKind = "news"
	SourceNGOReport      SourceKind = "ngo_report"
	SourceSecondaryCopy  SourceKind = "secondary_copy"
)

// ParseSourceKind checks a source kind.
func ParseSourceKind(s string) (SourceKind, error) {
	for _, k := range []SourceKind{SourceOfficialRecord, SourceNews, SourceNGOReport, SourceSecondaryCopy} {
		if string(k) == strings.TrimSpace(s) {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: unknown source kind %q (want official_record, news, ngo_report or secondary_copy)", ErrInvalid, s)
}

// Source is a publication a claim rests on.
type Source struct {
	ID        string
	Title     string
	Publisher string
	URL       string
	Published Date
	Kind      SourceKind
	Note      string
}

// Statement is a sourced figure or assertion that is not a relationship:
// an estimate of the industry's size, an official tally. Conflicting
// estimates are separate statements; none is the "true" number.
type Statement struct {
	ID      string
	Subject string // entity id, optional
	Topic   string // e.g. "scam_sites_estimate", "crackdown_tally"
	Text    string // the figure as the source gives it, not rounded
	Date    Date
	Status  ClaimStatus
	Sources []string
	Note    string
}
