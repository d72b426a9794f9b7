// Package model holds the small adapters between the graph domain types and
// the GraphQL schema: one Go type per GraphQL entity type (the schema's
// Entity interface needs distinct types), the compound's site status, and the
// Date scalar's marshalling. Everything else in the schema is bound directly
// to the graph types (see schema/gqlgen.yml).
package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/patronage/patronage/graph"
)

// Entity is the GraphQL Entity interface: a graph.Entity of one kind.
type Entity interface {
	IsEntity()
	// Record returns the domain entity.
	Record() graph.Entity
}

// FromEntity wraps a domain entity in the GraphQL type of its kind.
func FromEntity(e graph.Entity) Entity {
	b := base{&e}
	switch e.Kind {
	case graph.KindPerson:
		return &Person{b}
	case graph.KindOrganization:
		return &Organization{b}
	case graph.KindCompound:
		return &Compound{b}
	case graph.KindPosition:
		return &Position{b}
	}
	return &Document{b}
}

// base gives every entity type its fields: those of graph.Entity, with the
// optional strings as pointers (null when empty). It points at the entity:
// a table of thousands of sites shares its rows' entities.
type base struct{ *graph.Entity }

func (b base) Record() graph.Entity { return *b.Entity }
func (base) IsEntity()              {}
func (b base) Note() *string        { return Optional(b.Entity.Note) }
func (b base) Country() *string     { return Optional(b.Entity.Country) }
func (b base) Province() *string    { return Optional(b.Entity.Province) }
func (b base) District() *string    { return Optional(b.Entity.District) }
func (b base) Commune() *string     { return Optional(b.Entity.Commune) }

// Aliases is never null.
func (b base) Aliases() []string {
	if b.Entity.Aliases == nil {
		return []string{}
	}
	return b.Entity.Aliases
}

// ExternalIDs is never null.
func (b base) ExternalIDs() []string {
	if b.Entity.ExternalIDs == nil {
		return []string{}
	}
	return b.Entity.ExternalIDs
}

// Person is an entity of kind person.
type Person struct{ base }

// Organization is an entity of kind organization.
type Organization struct{ base }

// OrganizationKind is the kind of organization.
func (o Organization) OrganizationKind() graph.OrgKind { return o.Entity.OrgKind }

// Compound is a scam site.
type Compound struct{ base }

// Status is the site's sourced state.
func (c Compound) Status() SiteStatus {
	s := SiteStatus{State: c.Entity.Status, Date: c.StatusDate, Sources: c.StatusSources}
	if s.State == "" {
		s.State = graph.SiteUnknown
	}
	if c.StatusClaimStatus.Valid() {
		st := c.StatusClaimStatus
		s.ClaimStatus = &st
	}
	if s.Sources == nil {
		s.Sources = []string{}
	}
	return s
}

// Position is a public office.
type Position struct{ base }

// Document is a report or directive.
type Document struct{ base }

// SiteStatus is a compound's state with its date, claim status and source ids.
type SiteStatus struct {
	State       graph.SiteStatus
	Date        graph.Date
	ClaimStatus *graph.ClaimStatus
	Sources     []string // source ids; the resolver returns the sources
}

// Optional returns nil for the empty string: the domain writes "unknown"
// as "", the schema as null.
func Optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// SiteAssessment is a row of the assessment with its site already in its
// GraphQL type: the field needs no resolver (one fewer call per row of a
// table of thousands).
type SiteAssessment struct {
	*graph.SiteAssessment
	Site *Compound
}

// Assessment is the raided × connected table, its rows as SiteAssessment.
type Assessment struct {
	Query                                                                      graph.AssessmentQuery
	RaidedConnected, RaidedUnconnected, UnraidedConnected, UnraidedUnconnected []*SiteAssessment
}

// NewAssessment wraps an assessment, pointing into its rows (which it
// leaves as they are). Every row's site must be a compound. The rows and
// their sites are made in one block each: a table has thousands.
func NewAssessment(a graph.Assessment) (*Assessment, error) {
	out := &Assessment{Query: a.Query}
	cells := []struct {
		from []graph.SiteAssessment
		to   *[]*SiteAssessment
	}{{a.RaidedConnected, &out.RaidedConnected}, {a.RaidedUnconnected, &out.RaidedUnconnected},
		{a.UnraidedConnected, &out.UnraidedConnected}, {a.UnraidedUnconnected, &out.UnraidedUnconnected}}
	n := 0
	for _, c := range cells {
		n += len(c.from)
	}
	rows, sites := make([]SiteAssessment, 0, n), make([]Compound, 0, n)
	for _, c := range cells {
		*c.to = make([]*SiteAssessment, len(c.from))
		for i := range c.from {
			row := &c.from[i]
			if row.Site.Kind != graph.KindCompound {
				return nil, fmt.Errorf("assessment: site %s is a %s, not a compound", row.Site.ID, row.Site.Kind)
			}
			sites = append(sites, Compound{base{&row.Site}})
			rows = append(rows, SiteAssessment{SiteAssessment: row, Site: &sites[len(sites)-1]})
			(*c.to)[i] = &rows[len(rows)-1]
		}
	}
	return out, nil
}

// Sites returns every row, ordered by site id.
func (a *Assessment) Sites() []*SiteAssessment {
	out := make([]*SiteAssessment, 0, len(a.RaidedConnected)+len(a.RaidedUnconnected)+len(a.UnraidedConnected)+len(a.UnraidedUnconnected))
	for _, rows := range [][]*SiteAssessment{a.RaidedConnected, a.RaidedUnconnected, a.UnraidedConnected, a.UnraidedUnconnected} {
		out = append(out, rows...)
	}
	slices.SortFunc(out, func(x, y *SiteAssessment) int { return strings.Compare(x.Site.ID, y.Site.ID) })
	return out
}
