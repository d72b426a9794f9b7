// Package geojson writes the map layers of the graph as GeoJSON
// FeatureCollections (RFC 7946) for newsroom maps: every compound, and
// every place of every raid.
//
// A feature is drawn at the site's own point when a source gives one
// (precision "site"), or else at the point of the smallest gazetteer unit
// that has one — today the Natural Earth label point of the unit's province
// (gazetteer.Anchor), so precision "province" — and says which, with the
// dataset the point comes from (point_source). A feature with no point at
// all (no place known, or a unit whose province Natural Earth does not
// have) is still written, with "geometry": null and the reason
// (not_placed). Every documented property is written on every feature,
// null when it has no value.
package geojson

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

// The layers, as named on the command line and in /export/LAYER.geojson.
const (
	LayerCompounds = "compounds"
	LayerRaids     = "raids"
)

// Layers lists the layers.
func Layers() []string { return []string{LayerCompounds, LayerRaids} }

// PrecisionSite is the precision of a point a source gives for the site
// itself; any other precision is the level of the gazetteer unit whose
// point is used ("province" today).
const PrecisionSite = "site"

// SitePointSource is the point_source of a site's own coordinates: the
// dataset records them only when a source gives them, and the feature's
// sources are the site's.
const SitePointSource = "the site's own coordinates, as its sources give them (see sources)"

// FeatureCollection is a GeoJSON FeatureCollection of one layer. Name and
// DatasetVersion are foreign members (RFC 7946, section 6.1).
type FeatureCollection[P any] struct {
	Type           string       `json:"type"`
	Name           string       `json:"name"`
	DatasetVersion string       `json:"dataset_version"`
	Features       []Feature[P] `json:"features"`
}

// Feature is one compound or one place of a raid. Geometry is nil (null)
// when there is no point.
type Feature[P any] struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Geometry   *Point `json:"geometry"`
	Properties P      `json:"properties"`
}

// Point is a GeoJSON Point: longitude first.
type Point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// Unit is a gazetteer unit as written in a feature.
type Unit struct {
	Code   string `json:"code"`
	Level  string `json:"level"`
	Name   string `json:"name"`
	NameKM string `json:"name_km"`
}

// Place is where a feature is and how well that is known; the compound
// and raid properties carry it, flattened. Pointers are null when unknown.
type Place struct {
	// The smallest gazetteer unit the sources support.
	PlaceCode   *string `json:"place_code"`
	PlaceLevel  *string `json:"place_level"`
	PlaceName   *string `json:"place_name"`    // official romanization
	PlaceNameKM *string `json:"place_name_km"` // official Khmer name
	// The codes of the units containing it (itself included), and the
	// province's names.
	ProvinceCode   *string `json:"province_code"`
	DistrictCode   *string `json:"district_code"`
	CommuneCode    *string `json:"commune_code"`
	VillageCode    *string `json:"village_code"`
	ProvinceName   *string `json:"province_name"`
	ProvinceNameKM *string `json:"province_name_km"`
	// Lineage is the unit and those containing it, province first ([] when
	// no place is known).
	Lineage     []Unit  `json:"lineage"`
	PlaceSource *string `json:"place_source"` // gazetteer.DataSource
	// Precision is PrecisionSite or the level of the unit whose point is
	// used; null with no point.
	Precision   *string `json:"precision"`
	PointSource *string `json:"point_source"` // SitePointSource or gazetteer.CentroidSource
	NotPlaced   *string `json:"not_placed"`   // why there is no point
}

// CompoundProperties are what a map shows of a compound.
type CompoundProperties struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Province *string  `json:"province"` // the location as the sources wrote it
	District *string  `json:"district"`
	Commune  *string  `json:"commune"`
	Place
	SiteStatus string   `json:"site_status"`
	StatusDate *string  `json:"status_date"`
	Raids      []string `json:"raids"` // raid ids, by start date
	LastRaid   *string  `json:"last_raid"`
	Sanctioned bool     `json:"sanctioned"`
	Programs   []string `json:"programs"`
	// From the site assessment given (null without one).
	Raided       *bool `json:"raided"`
	Connected    *bool `json:"connected"`
	EvidenceHops *int  `json:"evidence_hops"` // the shortest evidence path
	// Every source that says something about the site (its status, claims
	// and designations about it, raids on it), by id.
	Sources    []string `json:"sources"`
	SourceURLs []string `json:"source_urls"`
}

// RaidProperties are what a map shows of one place of a raid.
type RaidProperties struct {
	RaidID    string   `json:"raid_id"`
	Start     *string  `json:"start"`
	End       *string  `json:"end"`
	Status    string   `json:"status"`   // the strongest claim status of its accounts
	Detained  []string `json:"detained"` // each account's count as written ("~1000", ">=500"), accounts that give one
	Accounts  int      `json:"accounts"`
	SiteID    *string  `json:"site_id"`
	SiteName  *string  `json:"site_name"`
	Agency    *string  `json:"agency"`
	Provinces []string `json:"provinces"` // as the sources wrote them
	Places    []string `json:"places"`    // every place code of the raid
	Place
	Sources    []string `json:"sources"`
	SourceURLs []string `json:"source_urls"`
}

// Report says how a layer's features were placed: counts by precision
// ("" for no point) and the features with no point, with the reason.
type Report struct {
	Layer     string
	Features  int
	Precision map[string]int
	NotPlaced []NotPlaced
}

// NotPlaced is a feature written with a null geometry.
type NotPlaced struct{ ID, Name, Reason string }

func (r Report) String() string {
	var b strings.Builder
	var parts []string
	for _, p := range []string{PrecisionSite, "village", "commune", "district", "province"} {
		if n := r.Precision[p]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d at precision %s", n, p))
		}
	}
	parts = append(parts, fmt.Sprintf("%d without a point", len(r.NotPlaced)))
	fmt.Fprintf(&b, "%d features in the %s layer: %s\n", r.Features, r.Layer, strings.Join(parts, ", "))
	for _, n := range r.NotPlaced {
		fmt.Fprintf(&b, "  %s  %s: %s\n", n.ID, n.Name, n.Reason)
	}
	return b.String()
}

// Write writes one layer of d (see Layers) to w. a, if not nil, adds the
// assessment's raided, connected and evidence_hops to the compounds.
func Write(w io.Writer, layer string, d *graph.Dataset, a *graph.Assessment) (Report, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return Report{}, err
	}
	var v any
	var rep Report
	switch layer {
	case LayerCompounds:
		fc, r := Compounds(g, d, a)
		v, rep = fc, r
	case LayerRaids:
		fc, r := Raids(g, d)
		v, rep = fc, r
	default:
		return Report{}, fmt.Errorf("unknown layer %q (want %s)", layer, strings.Join(Layers(), " or "))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return rep, enc.Encode(v)
}

// index holds what the features look up in the dataset.
type index struct {
	g        *gazetteer.Gazetteer
	entities map[string]graph.Entity
	sources  map[string]graph.Source
}

func newIndex(g *gazetteer.Gazetteer, d *graph.Dataset) index {
	ix := index{g: g, entities: map[string]graph.Entity{}, sources: map[string]graph.Source{}}
	for _, e := range d.Entities {
		ix.entities[e.ID] = e
	}
	for _, s := range d.Sources {
		ix.sources[s.ID] = s
	}
	return ix
}

// place describes the unit code; own is the site's own point, if any.
func (ix index) place(code string, own *graph.Coordinates) (Place, *Point) {
	p := Place{Lineage: []Unit{}}
	var pt *Point
	if own != nil {
		pt = point(own.Lat, own.Lon)
		p.Precision, p.PointSource = str(PrecisionSite), str(SitePointSource)
	}
	if code == "" {
		if pt == nil {
			p.NotPlaced = str("no place known: the dataset gives no gazetteer unit for it")
		}
		return p, pt
	}
	p.PlaceCode = str(code)
	lin := ix.g.Lineage(code)
	if len(lin) == 0 {
		// a checked dataset never has one; say so rather than guess
		if pt == nil {
			p.NotPlaced = str(fmt.Sprintf("place %s is not a unit of the gazetteer", code))
		}
		return p, pt
	}
	p.PlaceSource = str(gazetteer.DataSource)
	u := lin[len(lin)-1]
	p.PlaceLevel, p.PlaceName, p.PlaceNameKM = str(u.Level.String()), str(u.NameEN), str(u.NameKM)
	for _, l := range lin {
		p.Lineage = append(p.Lineage, Unit{Code: l.Code, Level: l.Level.String(), Name: l.NameEN, NameKM: l.NameKM})
		switch l.Level {
		case gazetteer.Province:
			p.ProvinceCode, p.ProvinceName, p.ProvinceNameKM = str(l.Code), str(l.NameEN), str(l.NameKM)
		case gazetteer.District:
			p.DistrictCode = str(l.Code)
		case gazetteer.Commune:
			p.CommuneCode = str(l.Code)
		case gazetteer.Village:
			p.VillageCode = str(l.Code)
		}
	}
	if pt != nil {
		return p, pt
	}
	at, unit, ok := ix.g.Anchor(code)
	if !ok {
		p.NotPlaced = str(fmt.Sprintf("no point for %s province: Natural Earth's admin-1, where the province points come from, does not have it", lin[0].NameEN))
		return p, nil
	}
	p.Precision, p.PointSource = str(unit.Level.String()), str(gazetteer.CentroidSource)
	return p, point(at.Lat, at.Lon)
}

func (ix index) urls(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, ix.sources[id].URL)
	}
	return out
}

// Compounds is the compounds layer: every compound of d, in dataset
// order. a, if not nil, adds the assessment's raided, connected and
// evidence_hops.
func Compounds(g *gazetteer.Gazetteer, d *graph.Dataset, a *graph.Assessment) (FeatureCollection[CompoundProperties], Report) {
	ix := newIndex(g, d)
	raids := map[string][]graph.Raid{}
	cited := map[string][]string{}
	cite := func(id string, ss ...string) { cited[id] = append(cited[id], ss...) }
	for _, r := range d.Raids {
		if r.Site != "" {
			raids[r.Site] = append(raids[r.Site], r)
			cite(r.Site, r.Sources()...)
		}
	}
	programs := map[string][]string{}
	for _, ds := range d.Designations {
		programs[ds.Target] = append(programs[ds.Target], ds.Program)
		cite(ds.Target, ds.Sources...)
	}
	for _, c := range d.Claims {
		cite(c.From, c.Sources...)
		cite(c.To, c.Sources...)
	}
	rows := map[string]graph.SiteAssessment{}
	if a != nil {
		for _, s := range a.Sites() {
			rows[s.Site.ID] = s
		}
	}
	fc := FeatureCollection[CompoundProperties]{Type: "FeatureCollection", Name: LayerCompounds, DatasetVersion: d.Version, Features: []Feature[CompoundProperties]{}}
	rep := Report{Layer: LayerCompounds, Precision: map[string]int{}}
	for _, e := range d.Entities {
		if e.Kind != graph.KindCompound {
			continue
		}
		place, pt := ix.place(e.Place, e.Coordinates)
		p := CompoundProperties{ID: e.ID, Name: e.Name, Aliases: orEmpty(e.Aliases), Province: opt(e.Province),
			District: opt(e.District), Commune: opt(e.Commune), Place: place, SiteStatus: string(e.Status),
			StatusDate: opt(e.StatusDate.String()), Raids: []string{}, Sanctioned: len(programs[e.ID]) > 0,
			Programs: orEmpty(programs[e.ID])}
		if p.SiteStatus == "" {
			p.SiteStatus = string(graph.SiteUnknown)
		}
		var last graph.Date
		on := raids[e.ID]
		slices.SortFunc(on, func(a, b graph.Raid) int { return strings.Compare(graph.RaidKey(a), graph.RaidKey(b)) })
		for _, r := range on {
			p.Raids = append(p.Raids, r.ID)
			if r.Start.Compare(last) > 0 {
				last = r.Start
			}
		}
		p.LastRaid = opt(last.String())
		if s, ok := rows[e.ID]; ok {
			raided, connected := s.Raided(), s.Connected
			p.Raided, p.Connected = &raided, &connected
			if len(s.Evidence) > 0 {
				hops := len(s.Evidence[0].Path.Hops)
				p.EvidenceHops = &hops
			}
		}
		src := append(slices.Clone(e.StatusSources), cited[e.ID]...)
		slices.Sort(src)
		p.Sources = orEmpty(slices.Compact(src))
		p.SourceURLs = ix.urls(p.Sources)
		rep.add(e.ID, e.Name, place)
		fc.Features = append(fc.Features, Feature[CompoundProperties]{Type: "Feature", ID: e.ID, Geometry: pt, Properties: p})
	}
	rep.Features = len(fc.Features)
	return fc, rep
}

// Raids is the raids layer: one feature per place of each raid (a raid
// whose sources give no place is one feature without a point), in dataset
// order. A raid of one place has the raid's id as its feature id, one of
// several places "id:code".
func Raids(g *gazetteer.Gazetteer, d *graph.Dataset) (FeatureCollection[RaidProperties], Report) {
	ix := newIndex(g, d)
	fc := FeatureCollection[RaidProperties]{Type: "FeatureCollection", Name: LayerRaids, DatasetVersion: d.Version, Features: []Feature[RaidProperties]{}}
	rep := Report{Layer: LayerRaids, Precision: map[string]int{}}
	for _, r := range d.Raids {
		base := RaidProperties{RaidID: r.ID, Start: opt(r.Start.String()), End: opt(r.End.String()), Detained: []string{},
			Accounts: len(r.Accounts), SiteID: opt(r.Site), Agency: opt(r.Agency), Provinces: orEmpty(r.Provinces),
			Places: orEmpty(r.Places), Sources: orEmpty(r.Sources())}
		if s := r.Status(); s.Valid() {
			base.Status = s.String()
		}
		for _, a := range r.Accounts {
			if a.Detained != nil {
				base.Detained = append(base.Detained, a.Detained.String())
			}
		}
		if r.Site != "" {
			base.SiteName = opt(ix.entities[r.Site].Name)
		}
		base.SourceURLs = ix.urls(base.Sources)
		places := r.Places
		if len(places) == 0 {
			places = []string{""}
		}
		for _, code := range places {
			p := base
			var pt *Point
			p.Place, pt = ix.place(code, nil)
			id := r.ID
			if len(places) > 1 {
				id += ":" + code
			}
			rep.add(id, "raid of "+r.Start.String(), p.Place)
			fc.Features = append(fc.Features, Feature[RaidProperties]{Type: "Feature", ID: id, Geometry: pt, Properties: p})
		}
	}
	rep.Features = len(fc.Features)
	return fc, rep
}

func (r *Report) add(id, name string, p Place) {
	if p.Precision == nil {
		r.Precision[""]++
		r.NotPlaced = append(r.NotPlaced, NotPlaced{ID: id, Name: name, Reason: *p.NotPlaced})
		return
	}
	r.Precision[*p.Precision]++
}

func point(lat, lon float64) *Point {
	return &Point{Type: "Point", Coordinates: [2]float64{lon, lat}}
}

func str(s string) *string { return &s }

// opt is nil for "" (written as null).
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
