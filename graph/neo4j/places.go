package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

// Places as nodes, for investigators in Neo4j Browser: the load writes a
// (:Place) for every province, district and commune of the gazetteer and
// for each village a record of the dataset is placed in, each linked to its
// parent by (:Place)-[:WITHIN]->(:Place), and links every compound,
// organization and raid to the units of its places by
// (...)-[:PLACED_IN]->(:Place). The store's own reads do not use them: the
// place filters test the records' place properties (answer.go, listings.go).

// wgs84 is the spatial reference of Neo4j's geographic points
// (point({latitude, longitude})).
const wgs84 = 4326

// unitRows are the rows of every province, district and commune (see
// placeRows), made once per store: they depend only on the embedded
// gazetteer. The maps are shared by every load and never modified.
type unitRows struct {
	g      *gazetteer.Gazetteer
	rows   []map[string]any
	digest string // of the rows' hashes, for the load's stamp
}

func loadUnitRows() (*unitRows, error) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("neo4j load: %w", err)
	}
	u := &unitRows{g: g}
	level := g.Children("")
	for l := gazetteer.Province; l <= gazetteer.Commune; l++ {
		var next []gazetteer.Unit
		for _, unit := range level {
			u.rows = append(u.rows, placeRow(g, unit))
			next = append(next, g.Children(unit.Code)...)
		}
		level = next // in code order: children come in code order, parents did
	}
	u.digest = graph.ContentVersion(rowHashes(u.rows))
	return u, nil
}

func rowHashes(rows []map[string]any) []byte {
	var b []byte
	for _, r := range rows {
		h, _ := r["hash"].(string)
		b = append(append(b, h...), '\n')
	}
	return b
}

// placeRows lists the :Place nodes to write for d, coarsest level first and
// by code within a level (so a unit's parent is written before it, in an
// earlier batch or the same statement): every province, district and
// commune, and the villages that d's records are placed in. Each row holds
// the unit's code, its parent's code (absent for a province) and its
// properties: code, level, name (English), nameKm (Khmer) and, for a
// province that has a Natural Earth label point, point. A code the
// gazetteer does not list is left out (d.Check refuses it). digest is a
// hash of the rows, for the load's stamp.
func placeRows(u *unitRows, d *graph.Dataset) (rows []map[string]any, digest string) {
	villages := map[string]bool{}
	for _, e := range d.Entities {
		villages[e.Place] = true
	}
	for _, r := range d.Raids {
		for _, p := range r.Places {
			villages[p] = true
		}
	}
	var vs []gazetteer.Unit
	for code := range villages {
		if v, ok := u.g.Unit(code); ok && v.Level == gazetteer.Village {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return u.rows, u.digest
	}
	slices.SortFunc(vs, func(a, b gazetteer.Unit) int { return strings.Compare(a.Code, b.Code) })
	rows = slices.Clip(u.rows) // appending copies: the shared rows stay as they are
	for _, v := range vs {
		rows = append(rows, placeRow(u.g, v))
	}
	return rows, graph.ContentVersion([]byte(u.digest), rowHashes(rows[len(u.rows):]))
}

// placeRow is one unit's row (see placeRows).
func placeRow(g *gazetteer.Gazetteer, u gazetteer.Unit) map[string]any {
	p := props{"code": u.Code, "level": u.Level.String()}
	p.str("name", u.NameEN)
	p.str("nameKm", u.NameKM)
	if pt, at, ok := g.Anchor(u.Code); ok && u.Level == gazetteer.Province && at.Code == u.Code {
		p["point"] = dbtype.Point2D{SpatialRefId: wgs84, X: pt.Lon, Y: pt.Lat}
	}
	h := p.hash()
	p["hash"] = h
	r := map[string]any{"code": u.Code, "hash": h, "props": map[string]any(p)}
	if u.Parent != "" {
		r["parent"] = u.Parent
	}
	return r
}

// placements lists the entities of d that have a place, as rows {id, place}
// for the PLACED_IN links of the placements step.
func placements(d *graph.Dataset) []map[string]any {
	var out []map[string]any
	for _, e := range d.Entities {
		if e.Place != "" {
			out = append(out, map[string]any{"id": e.ID, "place": e.Place})
		}
	}
	return out
}
