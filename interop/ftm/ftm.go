// Package ftm reads and writes FollowTheMoney (FtM) entities as JSON lines,
// the format of Aleph, yente and OpenSanctions: one object per line,
// {"id", "schema", "properties": {"name": [...], ...}}.
//
// Export: people are Person, organizations Company, PublicBody or
// Organization, compounds RealEstate (with latitude/longitude), positions
// Position, documents and sources Document. Claims become interval
// entities — Ownership, Directorship, Family, Associate, Occupancy,
// Membership or UnknownLink — with startDate/endDate, the sources as
// proof (the source Documents), sourceUrl and publisher, and a summary
// such as "owns (reported)". Designations become Sanction entities.
//
// What FtM has no property for (claim status and exact type, organization
// kind, a compound's province, district, commune and site status, source
// kind, external ids) travels in an extra top-level object, "patronage",
// which FtM tools ignore and which makes the round trip exact. FtM ids are
// "patronage-" and the record's id, with "_" written "-" and other
// characters as ".xx" (hex), so that a reference to a record not in the
// file still names it.
//
// Import reads any FtM file line by line (a multi-gigabyte export is never
// held in memory: only the mapped records are): Person, Company,
// Organization, LegalEntity, PublicBody and Position become entities,
// Address entities fill in the places of those that point at them,
// Ownership, Directorship, Family, Associate, Occupancy, Membership and
// UnknownLink become claims, Sanction becomes a designation, and Documents
// cited as proof become sources. Other schemata are counted and skipped.
// Each foreign entity keeps its FtM id as an external id ("ftm:<id>").
package ftm

import (
	"fmt"
	"strings"

	"github.com/patronage/patronage/graph"
)

// IDPrefix starts the FtM id of every record patronage exports.
const IDPrefix = "patronage-"

// EncodeID turns a record id into an FtM id (FtM allows letters, digits,
// "." and "-", starting and ending with a letter or digit).
func EncodeID(id string) string {
	var b strings.Builder
	b.WriteString(IDPrefix)
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == '_' && i < len(id)-1:
			b.WriteByte('-')
		default:
			fmt.Fprintf(&b, ".%02x", c)
		}
	}
	return b.String()
}

// DecodeID returns the record id an FtM id of patronage's names, and
// whether it is one.
func DecodeID(ftmID string) (string, bool) {
	s, ok := strings.CutPrefix(ftmID, IDPrefix)
	if !ok || s == "" {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == '-':
			b.WriteByte('_')
		case c == '.' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			var v byte
			fmt.Sscanf(s[i+1:i+3], "%02x", &v)
			b.WriteByte(v)
			i += 2
		default:
			return "", false
		}
	}
	return b.String(), true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// Entity is one FtM entity as it appears on a line.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	// Referents are other ids of the same entity (yente, OpenSanctions).
	Referents []string `json:"referents,omitempty"`
	// Datasets names the datasets an entity comes from (OpenSanctions).
	Datasets []string `json:"datasets,omitempty"`
	// FirstSeen is when the publisher first saw the entity in its source
	// (OpenSanctions: "2023-04-20T18:00:25"): a Sanction first seen then
	// was made on or before that day.
	FirstSeen string `json:"first_seen,omitempty"`
	// Patronage carries what FtM has no property for; see the package
	// comment.
	Patronage *Ext `json:"patronage,omitempty"`
}

// Ext is the "patronage" object of an exported entity.
type Ext struct {
	Record string `json:"record"` // "entity", "source", "claim" or "designation"
	ID     string `json:"id"`
	// entities
	Kind          string   `json:"kind,omitempty"`    // entity kind, or source kind
	Country       string   `json:"country,omitempty"` // a country that is not an ISO code
	OrgKind       string   `json:"org_kind,omitempty"`
	Province      string   `json:"province,omitempty"`
	District      string   `json:"district,omitempty"`
	Commune       string   `json:"commune,omitempty"`
	Place         string   `json:"place,omitempty"` // gazetteer code
	SiteStatus    string   `json:"site_status,omitempty"`
	StatusDate    string   `json:"status_date,omitempty"`
	StatusClaim   string   `json:"status_claim,omitempty"`
	StatusSources []string `json:"status_sources,omitempty"` // FtM ids of source Documents
	ExternalIDs   []string `json:"external_ids,omitempty"`
	// claims and designations
	Type      string `json:"type,omitempty"`
	Relation  string `json:"relation,omitempty"`
	Status    string `json:"status,omitempty"`
	Authority string `json:"authority,omitempty"` // FtM id of the designating body
	// OnOrBefore: an undated designation's on-or-before date (FtM has no
	// property for it).
	OnOrBefore string `json:"on_or_before,omitempty"`
}

// link says which FtM interval schema carries a relationship type, and
// which of its properties are the claim's From and To ends.
type link struct {
	Schema   string
	From, To string
	// RelProp holds the relation detail for FtM readers ("" for none).
	RelProp string
}

// links maps each relationship type to its FtM schema. Types not listed
// are UnknownLink subject → object.
var links = map[graph.RelType]link{
	graph.RelOwns:             {"Ownership", "owner", "asset", "role"},
	graph.RelControls:         {"Ownership", "owner", "asset", "role"},
	graph.RelOwnsOrControls:   {"Ownership", "owner", "asset", "role"},
	graph.RelOfficerOf:        {"Directorship", "director", "organization", "role"},
	graph.RelFounderOrChairOf: {"Directorship", "director", "organization", "role"},
	// FtM's relationship is the relative's role towards the person; ours
	// is From's role towards To: From is the relative.
	graph.RelFamilyOf:      {"Family", "relative", "person", "relationship"},
	graph.RelAssociateOf:   {"Associate", "person", "associate", "relationship"},
	graph.RelAdviserTo:     {"Associate", "associate", "person", "relationship"},
	graph.RelHoldsPosition: {"Occupancy", "holder", "post", ""},
	graph.RelMemberOf:      {"Membership", "member", "organization", "role"},
}

var unknownLink = link{"UnknownLink", "subject", "object", "role"}

func linkOf(t graph.RelType) link {
	if l, ok := links[t]; ok {
		return l
	}
	return unknownLink
}

// foreignTypes is how a claim is read from an interval of another
// system: the type each schema stands for.
var foreignTypes = map[string]graph.RelType{
	"Ownership":    graph.RelOwns,
	"Directorship": graph.RelOfficerOf,
	"Family":       graph.RelFamilyOf,
	"Associate":    graph.RelAssociateOf,
	"Occupancy":    graph.RelHoldsPosition,
	"Membership":   graph.RelMemberOf,
	"UnknownLink":  graph.RelLinkedTo,
}

// entitySchemata are the FtM schemata read as entities, with the kind
// they become.
var entitySchemata = map[string]graph.Kind{
	"Person":       graph.KindPerson,
	"Company":      graph.KindOrganization,
	"Organization": graph.KindOrganization,
	"LegalEntity":  graph.KindOrganization,
	"PublicBody":   graph.KindOrganization,
	"Position":     graph.KindPosition,
}

// WeakAliasNote starts the part of an entity's note that keeps FtM
// weakAlias values (read as "weak aliases", not used for matching).
const WeakAliasNote = "weak aliases (FtM weakAlias, not used for matching): "

// unstatedKind is the note of an organization read from an FtM schema that
// does not say what kind it is. The writer reads it back: such an entity
// is written with the schema it was read from, not as a Company.
const unstatedKind = "FtM %s: the kind of organization is not stated (recorded as company)"

// statedSchema is the FtM schema an organization was read from, if its
// note says it was one whose kind is not stated.
func statedSchema(e graph.Entity) (string, bool) {
	for _, s := range []string{"Organization", "LegalEntity"} {
		if strings.Contains(e.Note, fmt.Sprintf(unstatedKind, s)) {
			return s, true
		}
	}
	return "", false
}

// orgSchema is the FtM schema of an organization kind.
func orgSchema(k graph.OrgKind) string {
	switch k {
	case graph.OrgCompany:
		return "Company"
	case graph.OrgGovernmentBody:
		return "PublicBody"
	}
	return "Organization"
}
