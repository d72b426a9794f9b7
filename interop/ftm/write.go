package ftm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
)

// WriteStats counts what Write wrote, by FtM schema.
type WriteStats map[string]int

// writeOrder is the order in which String lists the schemata Write
// writes: sources, entities, claims, designations.
var writeOrder = []string{"Document", "Person", "Company", "PublicBody", "Organization", "LegalEntity", "RealEstate", "Position",
	"Ownership", "Directorship", "Family", "Associate", "Occupancy", "Membership", "UnknownLink", "Sanction"}

// String lists the counts as "3 Document, 12 Person, ...": schemata in
// the order Write writes them (any other after, by name), none that is 0.
func (s WriteStats) String() string {
	var parts []string
	seen := map[string]bool{}
	for _, schema := range writeOrder {
		seen[schema] = true
		if s[schema] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s[schema], schema))
		}
	}
	var rest []string
	for schema, n := range s {
		if !seen[schema] && n > 0 {
			rest = append(rest, schema)
		}
	}
	sort.Strings(rest)
	for _, schema := range rest {
		parts = append(parts, fmt.Sprintf("%d %s", s[schema], schema))
	}
	return strings.Join(parts, ", ")
}

// Write writes the dataset as FtM JSON lines: sources (as Documents), then
// entities, claims and designations, each in dataset order. Raids and
// statements have no FtM form and are not written.
func Write(w io.Writer, d *graph.Dataset) (WriteStats, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	stats := WriteStats{}
	emit := func(e Entity) error {
		stats[e.Schema]++
		return enc.Encode(e)
	}
	sources := map[string]graph.Source{}
	for _, s := range d.Sources {
		sources[s.ID] = s
		if err := emit(sourceEntity(s)); err != nil {
			return stats, err
		}
	}
	names := map[string]string{}
	for _, e := range d.Entities {
		names[e.ID] = e.Name
		if err := emit(entity(e)); err != nil {
			return stats, err
		}
	}
	for _, c := range d.Claims {
		if err := emit(claim(c, sources)); err != nil {
			return stats, err
		}
	}
	for _, ds := range d.Designations {
		if err := emit(designation(ds, sources, names)); err != nil {
			return stats, err
		}
	}
	return stats, bw.Flush()
}

type props map[string][]string

func (p props) set(name string, vals ...string) {
	for _, v := range vals {
		if v != "" {
			p[name] = append(p[name], v)
		}
	}
}

func ids(refs []string) []string {
	if len(refs) == 0 {
		return nil
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = EncodeID(r)
	}
	return out
}

func sourceEntity(s graph.Source) Entity {
	p := props{}
	p.set("name", s.Title)
	p.set("title", s.Title)
	// The FtM model requires a Document's fileName. A source is a record
	// of a publication, not a file: its title stands in for the name.
	p.set("fileName", s.Title)
	p.set("publisher", s.Publisher)
	p.set("sourceUrl", s.URL)
	p.set("publishedAt", s.Published.String())
	p.set("notes", s.Note)
	return Entity{ID: EncodeID(s.ID), Schema: "Document", Properties: p,
		Patronage: &Ext{Record: "source", ID: s.ID, Kind: string(s.Kind)}}
}

func entity(e graph.Entity) Entity {
	p := props{}
	p.set("name", e.Name)
	p.set("alias", e.Aliases...)
	p.set("notes", e.Note)
	x := &Ext{Record: "entity", ID: e.ID, Kind: string(e.Kind), ExternalIDs: e.ExternalIDs}
	if isISO(e.Country) {
		p.set("country", strings.ToLower(e.Country))
	} else {
		x.Country = e.Country
	}
	var referents []string
	for _, id := range e.ExternalIDs {
		if r, ok := strings.CutPrefix(id, "ftm:"); ok {
			referents = append(referents, r)
		}
	}
	out := Entity{ID: EncodeID(e.ID), Properties: p, Referents: referents, Patronage: x}
	switch e.Kind {
	case graph.KindPerson:
		out.Schema = "Person"
	case graph.KindOrganization:
		out.Schema = orgSchema(e.OrgKind)
		if schema, ok := statedSchema(e); ok && e.OrgKind == graph.OrgCompany {
			out.Schema = schema // read from an Organization or LegalEntity: written back as one
		}
		x.OrgKind = string(e.OrgKind)
		x.Province, x.Place = e.Province, e.Place
	case graph.KindCompound:
		out.Schema = "RealEstate"
		if c := e.Coordinates; c != nil {
			p.set("latitude", strconv.FormatFloat(c.Lat, 'f', -1, 64))
			p.set("longitude", strconv.FormatFloat(c.Lon, 'f', -1, 64))
		}
		var place []string
		for _, s := range []string{e.Commune, e.District, e.Province} {
			if s != "" {
				place = append(place, s)
			}
		}
		p.set("address", strings.Join(place, ", "))
		x.Province, x.District, x.Commune, x.Place = e.Province, e.District, e.Commune, e.Place
		x.SiteStatus, x.StatusDate, x.StatusSources = string(e.Status), e.StatusDate.String(), ids(e.StatusSources)
		if e.StatusClaimStatus != 0 {
			x.StatusClaim = e.StatusClaimStatus.String()
		}
	case graph.KindPosition:
		out.Schema = "Position"
	case graph.KindDocument:
		out.Schema = "Document"
		p.set("title", e.Name)
		p.set("fileName", e.Name) // required by the FtM model; see sourceEntity
	}
	return out
}

// cite sets the source properties every interval carries.
func cite(p props, refs []string, sources map[string]graph.Source) {
	p.set("proof", ids(refs)...)
	for _, r := range refs {
		s := sources[r]
		p.set("sourceUrl", s.URL)
		p.set("publisher", s.Publisher)
	}
}

func claim(c graph.Claim, sources map[string]graph.Source) Entity {
	l := linkOf(c.Type)
	p := props{}
	p.set(l.From, EncodeID(c.From))
	p.set(l.To, EncodeID(c.To))
	switch {
	case l.RelProp != "" && c.Relation != "":
		p.set(l.RelProp, c.Relation)
	case l.Schema == "UnknownLink":
		p.set("role", strings.ReplaceAll(string(c.Type), "_", " "))
	}
	p.set("startDate", c.Start.String())
	p.set("endDate", c.End.String())
	summary := string(c.Type)
	if c.Relation != "" {
		summary += ": " + c.Relation
	}
	p.set("summary", summary+" ("+c.Status.String()+")")
	p.set("description", c.Note)
	cite(p, c.Sources, sources)
	return Entity{ID: EncodeID(c.ID), Schema: l.Schema, Properties: p,
		Patronage: &Ext{Record: "claim", ID: c.ID, Type: string(c.Type), Relation: c.Relation, Status: c.Status.String()}}
}

func designation(d graph.Designation, sources map[string]graph.Source, names map[string]string) Entity {
	p := props{}
	p.set("entity", EncodeID(d.Target))
	p.set("authority", names[d.Authority])
	p.set("program", d.Program)
	p.set("listingDate", d.Date.String())
	p.set("startDate", d.Date.String())
	p.set("summary", d.Status.String())
	p.set("description", d.Note)
	cite(p, d.Sources, sources)
	return Entity{ID: EncodeID(d.ID), Schema: "Sanction", Properties: p,
		Patronage: &Ext{Record: "designation", ID: d.ID, Status: d.Status.String(), Authority: EncodeID(d.Authority), OnOrBefore: d.OnOrBefore.String()}}
}

// isISO reports whether s is written as an ISO 3166-1 alpha-2 code.
func isISO(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
