package tables_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

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
	// R_FX_1 has two accounts: two rows; the second counts "at least 230".
	if len(raids) != 6 || raids[1][0] != "R_FX_1" || raids[1][1] != "2" || raids[1][10] != "230" || raids[1][11] != "at_least" {
		t.Errorf("raids.csv: %q", raids)
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
