// Package geojson writes the compounds that have coordinates as a GeoJSON
// FeatureCollection (RFC 7946) for newsroom maps: one Point per compound
// with its names, place, site status, raids and designations, and — when
// a site assessment is given — whether it was raided and whether it is
// connected to a politically exposed or sanctioned entity. Compounds
// without coordinates cannot be drawn: Write returns them so that the
// caller can list them.
package geojson

import (
	"encoding/json"
	"io"

	"github.com/patronage/patronage/graph"
)

// FeatureCollection is a GeoJSON FeatureCollection.
type FeatureCollection struct {
	Type     string    `json:"type"`
	Features []Feature `json:"features"`
}

// Feature is one compound.
type Feature struct {
	Type       string     `json:"type"`
	ID         string     `json:"id"`
	Geometry   Point      `json:"geometry"`
	Properties Properties `json:"properties"`
}

// Point is a GeoJSON Point: longitude first.
type Point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// Properties are what a map shows of a compound.
type Properties struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Province   string   `json:"province,omitempty"`
	District   string   `json:"district,omitempty"`
	Commune    string   `json:"commune,omitempty"`
	SiteStatus string   `json:"site_status"`
	StatusDate string   `json:"status_date,omitempty"`
	Raids      int      `json:"raids"`
	LastRaid   string   `json:"last_raid,omitempty"`
	Sanctioned bool     `json:"sanctioned"`
	Programs   []string `json:"programs"`
	Raided     *bool    `json:"raided,omitempty"`    // within the assessment's window
	Connected  *bool    `json:"connected,omitempty"` // per the assessment
	// EvidenceHops is the length of the shortest evidence path.
	EvidenceHops *int `json:"evidence_hops,omitempty"`
}

// Write writes the compounds of d that have coordinates, in dataset
// order. a, if not nil, adds the assessment's raided and connected to
// each. It returns the compounds left out for want of coordinates.
func Write(w io.Writer, d *graph.Dataset, a *graph.Assessment) ([]graph.Entity, error) {
	raids := map[string][]graph.Raid{}
	for _, r := range d.Raids {
		if r.Site != "" {
			raids[r.Site] = append(raids[r.Site], r)
		}
	}
	programs := map[string][]string{}
	for _, ds := range d.Designations {
		programs[ds.Target] = append(programs[ds.Target], ds.Program)
	}
	rows := map[string]graph.SiteAssessment{}
	if a != nil {
		for _, s := range a.Sites() {
			rows[s.Site.ID] = s
		}
	}
	fc := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	var missing []graph.Entity
	for _, e := range d.Entities {
		if e.Kind != graph.KindCompound {
			continue
		}
		if e.Coordinates == nil {
			missing = append(missing, e)
			continue
		}
		p := Properties{ID: e.ID, Name: e.Name, Aliases: e.Aliases, Province: e.Province, District: e.District,
			Commune: e.Commune, SiteStatus: string(e.Status), StatusDate: e.StatusDate.String(),
			Raids: len(raids[e.ID]), Sanctioned: len(programs[e.ID]) > 0, Programs: programs[e.ID]}
		if p.Aliases == nil {
			p.Aliases = []string{}
		}
		if p.Programs == nil {
			p.Programs = []string{}
		}
		if p.SiteStatus == "" {
			p.SiteStatus = string(graph.SiteUnknown)
		}
		var last graph.Date
		for _, r := range raids[e.ID] {
			if r.Start.Compare(last) > 0 {
				last = r.Start
			}
		}
		p.LastRaid = last.String()
		if s, ok := rows[e.ID]; ok {
			raided, connected := s.Raided(), s.Connected
			p.Raided, p.Connected = &raided, &connected
			if len(s.Evidence) > 0 {
				hops := len(s.Evidence[0].Path.Hops)
				p.EvidenceHops = &hops
			}
		}
		fc.Features = append(fc.Features, Feature{Type: "Feature", ID: e.ID,
			Geometry: Point{Type: "Point", Coordinates: [2]float64{e.Coordinates.Lon, e.Coordinates.Lat}}, Properties: p})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return missing, enc.Encode(fc)
}
