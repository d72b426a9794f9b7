package geojson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/geojson"
)

func assess(t *testing.T, d *graph.Dataset) *graph.Assessment {
	t.Helper()
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.SiteAssessment(context.Background(), graph.AssessmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return &a
}

func write(t *testing.T, layer string, d *graph.Dataset, a *graph.Assessment) ([]byte, geojson.Report) {
	t.Helper()
	var buf bytes.Buffer
	rep, err := geojson.Write(&buf, layer, d, a)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), rep
}

// keys are the JSON names of a struct's fields, embedded structs
// flattened: the properties every feature must carry.
func keys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, keys(f.Type)...)
			continue
		}
		out = append(out, strings.Split(f.Tag.Get("json"), ",")[0])
	}
	return out
}

// CheckRFC7946 checks what RFC 7946 asks of a FeatureCollection of Points
// and null geometries, read as plain JSON, and that every feature carries
// every property in want (null or not). Points must lie in Cambodia's
// bounding box, longitude first (a swapped pair would not).
func checkRFC7946(t *testing.T, raw []byte, want []string) map[string]map[string]any {
	t.Helper()
	var fc map[string]any
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if fc["type"] != "FeatureCollection" {
		t.Errorf("type = %v", fc["type"])
	}
	feats, ok := fc["features"].([]any)
	if !ok {
		t.Fatalf("features = %T", fc["features"])
	}
	byID := map[string]map[string]any{}
	for _, x := range feats {
		f := x.(map[string]any)
		id, _ := f["id"].(string)
		if f["type"] != "Feature" || id == "" {
			t.Errorf("feature %v: type %v", id, f["type"])
		}
		if _, dup := byID[id]; dup {
			t.Errorf("feature id %s twice", id)
		}
		byID[id] = f
		g, present := f["geometry"]
		if !present {
			t.Errorf("%s: no geometry member (RFC 7946 3.2 wants one, null if unlocated)", id)
		}
		if g != nil {
			p := g.(map[string]any)
			c, _ := p["coordinates"].([]any)
			if p["type"] != "Point" || len(c) != 2 {
				t.Errorf("%s: geometry %v", id, g)
				continue
			}
			lon, lat := c[0].(float64), c[1].(float64)
			if lon < 102 || lon > 108 || lat < 10 || lat > 15 {
				t.Errorf("%s: [%v, %v] is not [lon, lat] in Cambodia", id, lon, lat)
			}
		}
		props, ok := f["properties"].(map[string]any)
		if !ok {
			t.Errorf("%s: properties %T", id, f["properties"])
			continue
		}
		for _, k := range want {
			if _, ok := props[k]; !ok {
				t.Errorf("%s: property %q left out (nulls are kept)", id, k)
			}
		}
	}
	return byID
}

func TestCompounds(t *testing.T) {
	d := storetest.Fixture() // fictional; C_A has its own coordinates
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	raw, rep := write(t, geojson.LayerCompounds, d, assess(t, d))
	byID := checkRFC7946(t, raw, keys(reflect.TypeFor[geojson.CompoundProperties]()))
	var compounds []graph.Entity
	for _, e := range d.Entities {
		if e.Kind == graph.KindCompound {
			compounds = append(compounds, e)
		}
	}
	if len(byID) != len(compounds) || rep.Features != len(compounds) {
		t.Errorf("%d features (report %d), want every compound: %d", len(byID), rep.Features, len(compounds))
	}
	if rep.Precision["site"] != 1 || rep.Precision["province"] != len(compounds)-1 || len(rep.NotPlaced) != 0 {
		t.Errorf("report %+v", rep)
	}
	var fc geojson.FeatureCollection[geojson.CompoundProperties]
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		p := f.Properties
		if f.ID == "C_A" {
			// the site's own point, its sources
			if f.Geometry.Coordinates != [2]float64{104.9, 11.5} || *p.Precision != "site" || *p.PointSource != geojson.SitePointSource ||
				!slices.Equal(p.Sources, []string{"S_FX_GAZETTE", "S_FX_NEWS", "S_FX_NGO"}) || len(p.SourceURLs) != 3 ||
				!slices.Equal(p.Raids, []string{"R_FX_1"}) || *p.LastRaid != "2025-07-14" || !*p.Connected || !*p.Raided {
				t.Errorf("C_A: %+v %+v", f.Geometry, p)
			}
			if *p.PlaceCode != "07" || *p.ProvinceName != "Kampot" || *p.ProvinceNameKM != "កំពត" || p.NotPlaced != nil {
				t.Errorf("C_A place: %+v", p.Place)
			}
			continue
		}
		// every other compound at its province's label point
		e := compounds[slices.IndexFunc(compounds, func(e graph.Entity) bool { return e.ID == f.ID })]
		at, unit, ok := g.Anchor(e.Place)
		if !ok || f.Geometry == nil || f.Geometry.Coordinates != [2]float64{at.Lon, at.Lat} {
			t.Errorf("%s: geometry %+v, want the label point of %s %+v", f.ID, f.Geometry, e.Place, at)
		}
		if *p.Precision != "province" || unit.Level != gazetteer.Province || *p.PointSource != gazetteer.CentroidSource ||
			*p.PlaceSource != gazetteer.DataSource || *p.PlaceCode != e.Place || *p.ProvinceCode != e.Place || *p.PlaceLevel != "province" {
			t.Errorf("%s: %+v", f.ID, p.Place)
		}
		if len(p.Lineage) != 1 || p.Lineage[0].Code != e.Place || p.Lineage[0].NameKM == "" || p.DistrictCode != nil {
			t.Errorf("%s lineage %+v", f.ID, p.Lineage)
		}
	}
	// nulls are written as null, not left out
	b := byID["C_B"]["properties"].(map[string]any)
	for _, k := range []string{"district", "commune", "district_code", "status_date", "not_placed", "last_raid"} {
		if v, ok := b[k]; !ok || v != nil {
			t.Errorf("C_B %s = %v (present %v), want null", k, v, ok)
		}
	}
	// C_F is owned per a denied claim: still one of its sources
	if f := byID["C_F"]["properties"].(map[string]any); !reflect.DeepEqual(f["sources"], []any{"S_FX_NEWS"}) {
		t.Errorf("C_F sources %v", f["sources"])
	}
}

func TestNoPoint(t *testing.T) {
	d := storetest.Fixture()
	d.Entities = append(d.Entities,
		graph.Entity{ID: "C_NOWHERE", Kind: graph.KindCompound, Name: "Nowhere"},
		graph.Entity{ID: "C_TBK", Kind: graph.KindCompound, Name: "In Tboung Khmum", Province: "Tboung Khmum", Place: "25"})
	d.Raids = append(d.Raids, graph.Raid{ID: "R_TBK", Period: graph.Period{Start: graph.MustDate("2025-07-18")}, Provinces: []string{"Tboung Khmum"},
		Places: []string{"25"}, Site: "C_TBK", Accounts: []graph.RaidAccount{{Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}}}})
	raw, rep := write(t, geojson.LayerCompounds, d, nil)
	byID := checkRFC7946(t, raw, keys(reflect.TypeFor[geojson.CompoundProperties]()))
	if len(rep.NotPlaced) != 2 {
		t.Errorf("not placed: %+v", rep.NotPlaced)
	}
	for id, why := range map[string]string{"C_NOWHERE": "no place known", "C_TBK": "no point for Tboung Khmum province"} {
		f := byID[id]
		p := f["properties"].(map[string]any)
		if f["geometry"] != nil || p["precision"] != nil || p["point_source"] != nil || !strings.Contains(p["not_placed"].(string), why) {
			t.Errorf("%s: geometry %v, precision %v, not_placed %v", id, f["geometry"], p["precision"], p["not_placed"])
		}
	}
	// the unit is still known and written in both scripts
	if p := byID["C_TBK"]["properties"].(map[string]any); p["province_name"] != "Tboung Khmum" || p["province_name_km"] == nil {
		t.Errorf("C_TBK: %v", p)
	}
	// without an assessment, raided and connected are null
	if p := byID["C_A"]["properties"].(map[string]any); p["raided"] != nil || p["connected"] != nil {
		t.Errorf("C_A without assessment: raided %v connected %v", p["raided"], p["connected"])
	}
	raw, rep = write(t, geojson.LayerRaids, d, nil)
	byID = checkRFC7946(t, raw, keys(reflect.TypeFor[geojson.RaidProperties]()))
	if f := byID["R_TBK"]; f["geometry"] != nil || len(rep.NotPlaced) != 1 {
		t.Errorf("R_TBK %v; not placed %+v", f, rep.NotPlaced)
	}
}

func TestRaids(t *testing.T) {
	d := storetest.Fixture()
	g, _ := gazetteer.Default()
	raw, rep := write(t, geojson.LayerRaids, d, nil)
	byID := checkRFC7946(t, raw, keys(reflect.TypeFor[geojson.RaidProperties]()))
	places := 0
	for _, r := range d.Raids {
		places += len(r.Places)
	}
	if len(byID) != places || rep.Precision["province"] != places {
		t.Errorf("%d features, report %+v; want one per raid place: %d", len(byID), rep, places)
	}
	var fc geojson.FeatureCollection[geojson.RaidProperties]
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	got := map[string]geojson.Feature[geojson.RaidProperties]{}
	for _, f := range fc.Features {
		got[f.ID] = f
	}
	r1 := got["R_FX_1"].Properties
	if !slices.Equal(r1.Detained, []string{"234", ">=230"}) || r1.Accounts != 2 || *r1.SiteID != "C_A" || *r1.SiteName != "Alpha Park" ||
		r1.Status != "reported" || *r1.Start != "2025-07-14" || r1.End != nil || !slices.Equal(r1.Sources, []string{"S_FX_NEWS", "S_FX_NGO"}) ||
		r1.SourceURLs[0] != "https://example.org/news" {
		t.Errorf("R_FX_1 %+v", r1)
	}
	// a raid of two provinces: a feature at each, each with its own place
	for _, code := range []string{"08", "23"} {
		f, ok := got["R_FX_4:"+code]
		at, _, _ := g.Anchor(code)
		if !ok || f.Geometry.Coordinates != [2]float64{at.Lon, at.Lat} || *f.Properties.PlaceCode != code ||
			!slices.Equal(f.Properties.Places, []string{"08", "23"}) || f.Properties.SiteID != nil || *f.Properties.Precision != "province" {
			t.Errorf("R_FX_4:%s = %+v", code, f)
		}
	}
	if r5 := got["R_FX_5"].Properties; len(r5.Detained) != 0 || r5.Detained == nil || r5.Status != "alleged" {
		t.Errorf("R_FX_5 %+v", r5)
	}
}

func TestUnknownLayer(t *testing.T) {
	if _, err := geojson.Write(&bytes.Buffer{}, "sites", storetest.Fixture(), nil); err == nil || !strings.Contains(err.Error(), "compounds or raids") {
		t.Errorf("err = %v", err)
	}
}

// TestFromStore: the layers read from a store are the layers of the
// dataset it holds.
func TestFromStore(t *testing.T) {
	d := storetest.Fixture()
	d.Version = "fixture"
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	sd, a, err := geojson.FromStore(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, layer := range geojson.Layers() {
		want, _ := write(t, layer, d, assess(t, d))
		got, _ := write(t, layer, sd, a)
		if !sameFeatures(t, got, want) {
			t.Errorf("%s layer from the store differs:\n%s\nfrom the dataset:\n%s", layer, got, want)
		}
	}
}

// sameFeatures compares two FeatureCollections feature by feature, in any
// order.
func sameFeatures(t *testing.T, a, b []byte) bool {
	t.Helper()
	read := func(raw []byte) (string, map[string]any) {
		var fc struct {
			DatasetVersion string `json:"dataset_version"`
			Features       []map[string]any
		}
		if err := json.Unmarshal(raw, &fc); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for _, f := range fc.Features {
			m[f["id"].(string)] = f
		}
		return fc.DatasetVersion, m
	}
	va, fa := read(a)
	vb, fb := read(b)
	return va == vb && len(fa) > 0 && reflect.DeepEqual(fa, fb)
}

// changing is a store whose dataset changes between two reads.
type changing struct {
	graph.Store
	n int
}

func (c *changing) Version(context.Context) (string, error) {
	c.n++
	return fmt.Sprintf("v%d", c.n), nil
}

func TestFromStoreRefusesAMixedRead(t *testing.T) {
	s, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := geojson.FromStore(context.Background(), &changing{Store: s}); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
}

// TestExport: a selection's layers carry the assessment of the whole
// dataset, as Write gives them with it; a cancelled context writes nothing.
func TestExport(t *testing.T) {
	full := storetest.Fixture()
	part := *full
	part.Raids = full.Raids[:1]
	for _, layer := range geojson.Layers() {
		var got bytes.Buffer
		rep, err := geojson.Export(context.Background(), &got, layer, full, &part)
		if err != nil {
			t.Fatal(err)
		}
		want, wantRep := write(t, layer, &part, assess(t, full))
		if !bytes.Equal(got.Bytes(), want) || rep.String() != wantRep.String() {
			t.Errorf("%s layer: Export wrote\n%s\n%s\nwant\n%s\n%s", layer, got.Bytes(), rep, want, wantRep)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if _, err := geojson.Export(ctx, &buf, geojson.LayerCompounds, full, full); !errors.Is(err, context.Canceled) || buf.Len() > 0 {
		t.Errorf("cancelled: err = %v, %d bytes written; want context.Canceled and nothing", err, buf.Len())
	}
}
