package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

// Precision says how exact a place's point is.
type Precision string

// Precisions: the site's own coordinates, or the level of the unit whose
// point stands in for them.
const (
	PrecisionSite     Precision = "site"
	PrecisionVillage  Precision = "village"
	PrecisionCommune  Precision = "commune"
	PrecisionDistrict Precision = "district"
	PrecisionProvince Precision = "province"
)

// SiteSources is the point source of a site's own coordinates: they come
// from the sources of the site's record, not from a dataset of units.
const SiteSources = "the site's sources"

// precisionOf is the precision of a point that stands for a unit of level l.
func precisionOf(l gazetteer.Level) Precision {
	switch l {
	case gazetteer.Village:
		return PrecisionVillage
	case gazetteer.Commune:
		return PrecisionCommune
	case gazetteer.District:
		return PrecisionDistrict
	}
	return PrecisionProvince
}

// Place is where a compound, organization or raid is: a unit of the
// gazetteer with its lineage, the sources' words, and the point a map puts
// it at.
type Place struct {
	Unit        *gazetteer.Unit // nil for a site known only by its coordinates
	Text        *string
	Point       *graph.Coordinates
	Precision   *Precision
	PointSource *string
	lineage     []gazetteer.Unit // province first
}

func (p *Place) at(l gazetteer.Level) *gazetteer.Unit {
	if int(l) > len(p.lineage) {
		return nil
	}
	u := p.lineage[l-1]
	return &u
}

// Province, District, Commune and Village are the units of the place's
// lineage at each level; nil below the place's own unit.
func (p *Place) Province() *gazetteer.Unit { return p.at(gazetteer.Province) }
func (p *Place) District() *gazetteer.Unit { return p.at(gazetteer.District) }
func (p *Place) Commune() *gazetteer.Unit  { return p.at(gazetteer.Commune) }
func (p *Place) Village() *gazetteer.Unit  { return p.at(gazetteer.Village) }

// NewPlace builds the place of the unit code ("" for none), written text by
// the sources, at the site's own coordinates own (nil when no source gives
// them). Without coordinates the point is the gazetteer's anchor of the
// unit (gazetteer.Anchor), with its level as precision; none when there is
// no anchor. Nil when there is neither a code nor coordinates. A code the
// gazetteer does not list is an error (a dataset's codes are checked when
// it is loaded).
func NewPlace(gz *gazetteer.Gazetteer, code, text string, own *graph.Coordinates) (*Place, error) {
	if code == "" && own == nil {
		return nil, nil
	}
	p := &Place{Text: Optional(text)}
	if code != "" {
		u, ok := gz.Unit(code)
		if !ok {
			return nil, fmt.Errorf("place %s is not a unit of the gazetteer", graph.Quote(code))
		}
		p.Unit, p.lineage = &u, gz.Lineage(code)
	}
	switch {
	case own != nil:
		pt, pr, src := *own, PrecisionSite, SiteSources
		p.Point, p.Precision, p.PointSource = &pt, &pr, &src
	default:
		if pt, at, ok := gz.Anchor(code); ok {
			pr, src := precisionOf(at.Level), gazetteer.CentroidSource
			p.Point, p.Precision, p.PointSource = &graph.Coordinates{Lat: pt.Lat, Lon: pt.Lon}, &pr, &src
		}
	}
	return p, nil
}

// EntityPlace is the place of a compound or organization.
func EntityPlace(gz *gazetteer.Gazetteer, e *graph.Entity) (*Place, error) {
	return NewPlace(gz, e.Place, placeText(e.Commune, e.District, e.Province), e.Coordinates)
}

// RaidPlaces are the places of a raid, in the order of its codes. Each
// carries the words its code was found from: a raid over several provinces
// has a place per province, one over several districts ("A; B") a place per
// district; otherwise each place carries the raid's whole text.
func RaidPlaces(gz *gazetteer.Gazetteer, r graph.Raid) ([]Place, error) {
	n := len(r.Places)
	texts := make([]string, n)
	districts := strings.Split(r.District, ";")
	for i := range texts {
		switch {
		case n > 1 && len(r.Provinces) == n:
			texts[i] = placeText(r.Provinces[i])
		case n > 1 && len(districts) == n && len(r.Provinces) == 1:
			texts[i] = placeText(districts[i], r.Provinces[0])
		default:
			texts[i] = placeText(r.Commune, r.District, strings.Join(r.Provinces, ", "))
		}
	}
	out := make([]Place, 0, n)
	for i, code := range r.Places {
		p, err := NewPlace(gz, code, texts[i], nil)
		if err != nil {
			return nil, fmt.Errorf("raid %s: %w", r.ID, err)
		}
		if p != nil {
			out = append(out, *p)
		}
	}
	return out, nil
}

// placeText joins the non-empty parts of a location, finest first.
func placeText(parts ...string) string {
	var keep []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, ", ")
}

// PlaceAssessment is one unit's share of the site assessment.
type PlaceAssessment struct {
	Unit  gazetteer.Unit
	Sites []*SiteAssessment // placed in the unit or below, by site id
	Raids []graph.Raid      // with a place in the unit, counting in the window

	RaidedConnected, RaidedUnconnected, UnraidedConnected, UnraidedUnconnected int
}

// NewPlaceAssessments shares an assessment among units of one level: each
// unit gets the rows of the compounds placed in it or below (graph.InPlace),
// counted by the cell the assessment put them in, and the raids with a place
// in it. raids are kept in the order given.
func NewPlaceAssessments(units []gazetteer.Unit, a *Assessment, raids []graph.Raid) []PlaceAssessment {
	out := make([]PlaceAssessment, len(units))
	at := make(map[string]int, len(units)) // code → index in out
	for i, u := range units {
		out[i] = PlaceAssessment{Unit: u, Sites: []*SiteAssessment{}, Raids: []graph.Raid{}}
		at[u.Code] = i
	}
	// the unit of units that code lies in, if any (all have one level)
	find := func(code string) (*PlaceAssessment, bool) {
		if len(units) == 0 || len(code) < len(units[0].Code) {
			return nil, false
		}
		u := code[:len(units[0].Code)]
		i, ok := at[u]
		if !ok || !graph.InPlace(code, u) {
			return nil, false
		}
		return &out[i], true
	}
	for cell, rows := range [][]*SiteAssessment{a.RaidedConnected, a.RaidedUnconnected, a.UnraidedConnected, a.UnraidedUnconnected} {
		for _, row := range rows {
			pa, ok := find(row.Site.Place)
			if !ok {
				continue
			}
			pa.Sites = append(pa.Sites, row)
			*[]*int{&pa.RaidedConnected, &pa.RaidedUnconnected, &pa.UnraidedConnected, &pa.UnraidedUnconnected}[cell]++
		}
	}
	for i := range out {
		slices.SortFunc(out[i].Sites, func(x, y *SiteAssessment) int { return strings.Compare(x.Site.ID, y.Site.ID) })
	}
	for _, r := range raids {
		seen := map[*PlaceAssessment]bool{}
		for _, code := range r.Places {
			if pa, ok := find(code); ok && !seen[pa] {
				seen[pa] = true
				pa.Raids = append(pa.Raids, r)
			}
		}
	}
	return out
}
