package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// RelType is a relationship type of the fixed vocabulary. A claim reads
// "From <type> To", e.g. "P_LYP owns O_LYPGROUP", "P_KOKAN_JUREE family_of
// P_KOKAN" (relation "child"), "C_GF_PARK built_by O_PRINCEHOLDING".
type RelType string

// The vocabulary. Keep docs/ and seeds/README.md in step when adding one.
const (
	RelOwns             RelType = "owns"
	RelControls         RelType = "controls"
	RelOwnsOrControls   RelType = "owns_or_controls" // the sanctions-list wording, kept distinct from owns and controls
	RelOfficerOf        RelType = "officer_of"       // director, board member, head, manager
	RelFounderOrChairOf RelType = "founder_or_chair_of"
	RelFamilyOf         RelType = "family_of" // relation says what From is to To: child, cousin, spouse
	RelAssociateOf      RelType = "associate_of"
	RelAdviserTo        RelType = "adviser_to"
	RelHoldsPosition    RelType = "holds_position"
	RelMemberOf         RelType = "member_of"
	RelOperates         RelType = "operates"
	RelPartOf           RelType = "part_of" // subsidiary or unit of a group
	RelLinkedTo         RelType = "linked_to"
	RelBuiltBy          RelType = "built_by"
	RelLocatedIn        RelType = "located_in"
	RelIssued           RelType = "issued"   // a person or body issued a document (a directive)
	RelNamedIn          RelType = "named_in" // named in a report's allegations
	RelIndictedBy       RelType = "indicted_by"
	RelWarrantIssuedBy  RelType = "warrant_issued_by"
	RelAssetsFrozenBy   RelType = "assets_frozen_by"
	RelArrestedBy       RelType = "arrested_by"
	RelSuspendedBy      RelType = "suspended_by"
	RelLicenceSuspended RelType = "licence_suspended_by"
	RelLiquidationBy    RelType = "liquidation_ordered_by"
	RelRegulatoryAction RelType = "regulatory_action_by" // e.g. a FinCEN Section 311 rule
	// Added with the November 2026 leads (issue #14): official measures the
	// older words do not say. None of them is a connection (ConnectionTypes).
	RelForfeitureSought   RelType = "forfeiture_sought_by"   // a forfeiture complaint or case against From's assets
	RelDetentionOrdered   RelType = "detention_ordered_by"   // a court ordered From held (pre-trial detention)
	RelCitizenshipRevoked RelType = "citizenship_revoked_by" // From's nationality or citizenship was revoked
	RelClosedBy           RelType = "closed_by"              // the site or business From was closed by order of To
	RelStruckBy           RelType = "struck_by"              // the site From was struck (shelled, bombed) by the armed forces To
	RelGeneralLicenceBy   RelType = "general_licence_by"     // dealings with the sanctioned From are authorised by a general licence of To
)

// RelSpec describes one relationship type: which entity kinds may stand at
// each end, and whether the "To" end must be a government body.
type RelSpec struct {
	Type        RelType
	From        []Kind
	To          []Kind
	ToGovBody   bool // the To end must be an organization of kind government_body
	Symmetric   bool // the relation reads the same both ways (family, association)
	Description string
}

var anyKind = []Kind{KindPerson, KindOrganization, KindCompound, KindPosition, KindDocument}
var actors = []Kind{KindPerson, KindOrganization}
var targets = []Kind{KindPerson, KindOrganization, KindCompound}

var vocabulary = []RelSpec{
	{Type: RelOwns, From: actors, To: []Kind{KindOrganization, KindCompound}, Description: "From owns To"},
	{Type: RelControls, From: actors, To: []Kind{KindOrganization, KindCompound}, Description: "From controls To"},
	{Type: RelOwnsOrControls, From: actors, To: []Kind{KindOrganization, KindCompound}, Description: "From owns or controls To (sanctions-list wording)"},
	{Type: RelOfficerOf, From: []Kind{KindPerson}, To: []Kind{KindOrganization, KindCompound}, Description: "From is a director, officer, board member or head of To"},
	{Type: RelFounderOrChairOf, From: []Kind{KindPerson}, To: []Kind{KindOrganization}, Description: "From founded or chairs To"},
	{Type: RelFamilyOf, From: []Kind{KindPerson}, To: []Kind{KindPerson}, Symmetric: true, Description: "From is family of To; the relation names From's role (child, cousin)"},
	{Type: RelAssociateOf, From: actors, To: actors, Symmetric: true, Description: "From is an associate or ally of To"},
	{Type: RelAdviserTo, From: []Kind{KindPerson}, To: actors, Description: "From advises To"},
	{Type: RelHoldsPosition, From: []Kind{KindPerson}, To: []Kind{KindPosition}, Description: "From holds or held the public office To"},
	{Type: RelMemberOf, From: actors, To: []Kind{KindOrganization}, Description: "From is a member of To (a party, a body)"},
	{Type: RelOperates, From: actors, To: []Kind{KindCompound, KindOrganization}, Description: "From runs the site or business To"},
	{Type: RelPartOf, From: []Kind{KindOrganization, KindCompound}, To: []Kind{KindOrganization, KindCompound}, Description: "From is a unit, subsidiary or part of To"},
	{Type: RelLinkedTo, From: anyKind, To: anyKind, Symmetric: true, Description: "a link the source does not specify"},
	{Type: RelBuiltBy, From: []Kind{KindCompound}, To: actors, Description: "the site From was built by To"},
	{Type: RelLocatedIn, From: []Kind{KindCompound, KindOrganization}, To: []Kind{KindCompound}, Description: "From lies inside the site or zone To"},
	{Type: RelIssued, From: actors, To: []Kind{KindDocument}, Description: "From issued or signed the document To"},
	{Type: RelNamedIn, From: targets, To: []Kind{KindDocument}, Description: "From is named in the allegations of the document To"},
	{Type: RelIndictedBy, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From was indicted by To"},
	{Type: RelWarrantIssuedBy, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "an arrest warrant for From was issued by To"},
	{Type: RelAssetsFrozenBy, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From's assets were frozen or seized by order of To"},
	{Type: RelArrestedBy, From: []Kind{KindPerson}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From was arrested (and deported or extradited) by To"},
	{Type: RelSuspendedBy, From: []Kind{KindPerson}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "the official From was suspended by To"},
	{Type: RelLicenceSuspended, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From's licences were suspended by To"},
	{Type: RelLiquidationBy, From: []Kind{KindOrganization}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From's liquidation was ordered by To"},
	{Type: RelRegulatoryAction, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "a regulatory measure against From by To; the relation names it"},
	{Type: RelForfeitureSought, From: actors, To: []Kind{KindOrganization}, ToGovBody: true, Description: "the forfeiture of From's assets was sought by To (a complaint filed, a case sent to prosecutors); the relation names the assets"},
	{Type: RelDetentionOrdered, From: []Kind{KindPerson}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From was ordered held (pre-trial detention) by the court To; the relation names the charges"},
	{Type: RelCitizenshipRevoked, From: []Kind{KindPerson}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "From's citizenship or nationality was revoked by To; the relation names which"},
	{Type: RelClosedBy, From: []Kind{KindOrganization, KindCompound}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "the site or business From was closed by order of To"},
	{Type: RelStruckBy, From: []Kind{KindCompound}, To: []Kind{KindOrganization}, ToGovBody: true, Description: "the site From was struck (shelled, bombed) by the armed forces To; the relation says what followed"},
	{Type: RelGeneralLicenceBy, From: targets, To: []Kind{KindOrganization}, ToGovBody: true, Description: "certain dealings with the sanctioned From are authorised by a general licence of To (not a sanction, not a connection)"},
}

// Vocabulary returns the relationship types, in a fixed order.
func Vocabulary() []RelSpec { return slices.Clone(vocabulary) }

// LookupRel returns the spec of a relationship type.
func LookupRel(t RelType) (RelSpec, bool) {
	for _, s := range vocabulary {
		if s.Type == t {
			return s, true
		}
	}
	return RelSpec{}, false
}

// ParseRelType checks a relationship type against the vocabulary.
func ParseRelType(s string) (RelType, error) {
	t := RelType(strings.TrimSpace(s))
	if _, ok := LookupRel(t); !ok {
		names := make([]string, 0, len(vocabulary))
		for _, v := range vocabulary {
			names = append(names, string(v.Type))
		}
		sort.Strings(names)
		return "", fmt.Errorf("%w: unknown relationship type %q (known: %s)", ErrInvalid, s, strings.Join(names, ", "))
	}
	return t, nil
}

// ConnectionTypes are the relationship types the site assessment follows by
// default to decide whether a site is connected: ownership, control, office,
// family, association and advice. "linked_to" (unspecified) and "built_by"
// are not followed unless asked for. Official measures (indicted_by ...
// regulatory_action_by, forfeiture_sought_by, detention_ordered_by,
// citizenship_revoked_by, closed_by, struck_by, general_licence_by) are
// never connections: they tie an entity to the authority acting against it,
// and following them would connect every target of one court or regulator
// to every other.
func ConnectionTypes() []RelType {
	return []RelType{RelOwns, RelControls, RelOwnsOrControls, RelOfficerOf, RelFounderOrChairOf,
		RelFamilyOf, RelAssociateOf, RelAdviserTo, RelOperates, RelPartOf}
}
