package tables_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/tables"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tables")
	d := storetest.Fixture() // fictional
	if err := tables.Write(dir, d); err != nil {
		t.Fatal(err)
	}
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(recs[0], tables.Columns(name)) {
			t.Errorf("%s header %q", name, recs[0])
		}
		return recs[1:]
	}
	if n := len(read("claims.csv")); n != len(d.Claims) {
		t.Errorf("claims.csv: %d rows, want %d", n, len(d.Claims))
	}
	raids := read("raids.csv")
	col := func(file, name string) int {
		t.Helper()
		i := slices.Index(tables.Columns(file), name)
		if i < 0 {
			t.Fatalf("%s has no column %s", file, name)
		}
		return i
	}
	rc := func(name string) int { return col("raids.csv", name) }
	// R_FX_1 has two accounts: two rows; the second counts "at least 230".
	if len(raids) != 6 || raids[1][0] != "R_FX_1" || raids[1][1] != "2" || raids[1][rc("detained")] != "230" || raids[1][rc("detained_qualifier")] != "at_least" {
		t.Errorf("raids.csv: %q", raids)
	}
	// place codes: the raid's places, and the provinces containing them
	for _, r := range raids {
		if r[0] == "R_FX_4" && (r[rc("place_codes")] != "08 | 23" || r[rc("province_codes")] != "08 | 23" || r[rc("district_codes")] != "" || r[rc("commune_codes")] != "") {
			t.Errorf("R_FX_4 place columns: %q", r)
		}
		if r[0] == "R_FX_1" && (r[rc("place_codes")] != "07" || r[rc("province_codes")] != "07") {
			t.Errorf("R_FX_1 place columns: %q", r)
		}
	}
	ec := func(name string) int { return col("entities.csv", name) }
	for _, e := range read("entities.csv") {
		want := map[string][4]string{"C_A": {"07", "07", "", ""}, "P_SEN": {}}
		if w, ok := want[e[0]]; ok {
			if got := [4]string{e[ec("place_code")], e[ec("province_code")], e[ec("district_code")], e[ec("commune_code")]}; got != w {
				t.Errorf("%s place columns %q, want %q", e[0], got, w)
			}
		}
	}
	cl := read("claims.csv")[0]
	if cl[3] != "Ōkna Alpha Senator" || cl[13] != "https://example.org/gazette" {
		t.Errorf("claims.csv first row %q", cl)
	}
	ds := read("designations.csv")[0]
	if ds[2] != "Casino Ô" || ds[5] != "Fixture Sanctions Office" {
		t.Errorf("designations.csv first row %q", ds)
	}
}

// TestPlaceCodes: a place finer than a province gives the codes of every
// unit containing it, each in its column.
func TestPlaceCodes(t *testing.T) {
	d := storetest.Fixture()
	d.Entities = append(d.Entities, graph.Entity{ID: "C_COMMUNE", Kind: graph.KindCompound, Name: "In a commune", Place: "050301"},
		graph.Entity{ID: "C_DISTRICT", Kind: graph.KindCompound, Name: "In a district", Place: "2008"})
	d.Raids = append(d.Raids, graph.Raid{ID: "R_TWO", Period: graph.Period{Start: graph.MustDate("2025-07-16")}, Provinces: []string{"Phnom Penh"},
		Places: []string{"1213", "1208"}, Accounts: []graph.RaidAccount{{Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}}}})
	dir := t.TempDir()
	if err := tables.Write(dir, d); err != nil {
		t.Fatal(err)
	}
	rows := func(name string) map[string][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]string{}
		for _, r := range recs[1:] {
			m[r[0]] = r
		}
		return m
	}
	get := func(file string, r []string, cols ...string) []string {
		var out []string
		for _, c := range cols {
			out = append(out, r[slices.Index(tables.Columns(file), c)])
		}
		return out
	}
	ents := rows("entities.csv")
	for id, want := range map[string][]string{
		"C_COMMUNE":  {"050301", "05", "0503", "050301"},
		"C_DISTRICT": {"2008", "20", "2008", ""},
	} {
		if got := get("entities.csv", ents[id], "place_code", "province_code", "district_code", "commune_code"); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	// two districts of one province: the province once, both districts
	got := get("raids.csv", rows("raids.csv")["R_TWO"], "place_codes", "province_codes", "district_codes", "commune_codes")
	if want := []string{"1213 | 1208", "12", "1213 | 1208", ""}; !slices.Equal(got, want) {
		t.Errorf("R_TWO: %q, want %q", got, want)
	}
}
