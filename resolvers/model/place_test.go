package model

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

func TestNewPlace(t *testing.T) {
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	kratie, _ := gz.Find("Kratie", gazetteer.Province, "")
	snuol, _ := gz.Find("Snuol", gazetteer.District, kratie.Code)
	tbk, _ := gz.Find("Tboung Khmum", gazetteer.Province, "")
	anchor, _, _ := gz.Anchor(kratie.Code)
	own := &graph.Coordinates{Lat: 12.1, Lon: 106.5}
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	for _, tc := range []struct {
		name, code, text string
		own              *graph.Coordinates
		want             *graph.Coordinates
		precision        string // "" for none
		source           string
		lineage          int // units from the province down
	}{
		{"a district, placed at its province's label point", snuol.Code, "Snuol, Kratie", nil, &graph.Coordinates{Lat: anchor.Lat, Lon: anchor.Lon}, "province", gazetteer.CentroidSource, 2},
		{"the site's own coordinates win", snuol.Code, "Snuol, Kratie", own, own, "site", SiteSources, 2},
		{"a point and no unit", "", "", own, own, "site", SiteSources, 0},
		{"Tboung Khmum has no point", tbk.Code, "Tboung Khmum", nil, nil, "", "", 1},
	} {
		p, err := NewPlace(gz, tc.code, tc.text, tc.own)
		if err != nil || p == nil {
			t.Fatalf("%s: NewPlace = %v, %v", tc.name, p, err)
		}
		switch {
		case tc.want == nil && p.Point != nil, tc.want != nil && (p.Point == nil || *p.Point != *tc.want):
			t.Errorf("%s: point %v, want %v", tc.name, p.Point, tc.want)
		}
		if got := str((*string)(p.Precision)); (tc.precision == "" && p.Precision != nil) || (tc.precision != "" && got != tc.precision) {
			t.Errorf("%s: precision %s, want %q", tc.name, got, tc.precision)
		}
		if got := str(p.PointSource); (tc.source == "" && p.PointSource != nil) || (tc.source != "" && got != tc.source) {
			t.Errorf("%s: point source %s, want %q", tc.name, got, tc.source)
		}
		levels := []*gazetteer.Unit{p.Province(), p.District(), p.Commune(), p.Village()}
		for i, u := range levels {
			if (i < tc.lineage) != (u != nil) {
				t.Errorf("%s: lineage at level %d = %v, want %d levels", tc.name, i+1, u, tc.lineage)
			}
		}
		if tc.code != "" && (p.Unit == nil || p.Unit.Code != tc.code) || tc.code == "" && p.Unit != nil {
			t.Errorf("%s: unit %v, want %q", tc.name, p.Unit, tc.code)
		}
		if str(p.Text) != tc.text && !(tc.text == "" && p.Text == nil) {
			t.Errorf("%s: text %s, want %q", tc.name, str(p.Text), tc.text)
		}
	}
	if p, err := NewPlace(gz, "", "Kratie", nil); p != nil || err != nil {
		t.Errorf("no code, no point: %v, %v; want no place", p, err)
	}
	if _, err := NewPlace(gz, "1099", "", nil); err == nil || !strings.Contains(err.Error(), `"1099" is not a unit of the gazetteer`) {
		t.Errorf("an unlisted code: %v", err)
	}
}

// TestRaidPlaces: each place of a raid carries the words its code was
// found from (seeds.raidPlaces pairs them the same way).
func TestRaidPlaces(t *testing.T) {
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	pp, _ := gz.Find("Phnom Penh", gazetteer.Province, "")
	bkk, _ := gz.Find("Boeung Keng Kang", gazetteer.District, pp.Code)
	sensok, _ := gz.Find("Sen Sok", gazetteer.District, pp.Code)
	kandal, _ := gz.Find("Kandal", gazetteer.Province, "")
	for _, tc := range []struct {
		name string
		raid graph.Raid
		want []string
	}{
		{"one place", graph.Raid{Provinces: []string{"Phnom Penh"}, District: "Sen Sok", Places: []string{sensok.Code}}, []string{"Sen Sok, Phnom Penh"}},
		{"a place per province", graph.Raid{Provinces: []string{"Kandal", "Phnom Penh"}, Places: []string{kandal.Code, pp.Code}}, []string{"Kandal", "Phnom Penh"}},
		{"a place per district", graph.Raid{Provinces: []string{"Phnom Penh"}, District: "Boeung Keng Kang; Sen Sok", Places: []string{bkk.Code, sensok.Code}}, []string{"Boeung Keng Kang, Phnom Penh", "Sen Sok, Phnom Penh"}},
		{"no place", graph.Raid{Provinces: []string{"Phnom Penh"}}, []string{}},
	} {
		got, err := RaidPlaces(gz, tc.raid)
		if err != nil || got == nil || len(got) != len(tc.want) {
			t.Errorf("%s: %v, %v; want %d places", tc.name, got, err, len(tc.want))
			continue
		}
		for i, p := range got {
			if p.Unit.Code != tc.raid.Places[i] || *p.Text != tc.want[i] {
				t.Errorf("%s: place %d = %s %q, want %s %q", tc.name, i, p.Unit.Code, *p.Text, tc.raid.Places[i], tc.want[i])
			}
		}
	}
}
