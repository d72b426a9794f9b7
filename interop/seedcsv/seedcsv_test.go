package seedcsv_test

import (
	"os"
	"testing"

	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/seedcsv"
	"github.com/patronage/patronage/seeds"
)

// The forwarding functions write and read what package seeds does.
func TestForwardsToSeeds(t *testing.T) {
	d := storetest.Fixture()
	dir := t.TempDir()
	if err := seedcsv.Storable(d); err != nil {
		t.Fatal(err)
	}
	if err := seedcsv.ReplaceDir(dir, d); err != nil {
		t.Fatal(err)
	}
	got, err := seedcsv.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := seeds.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if storetest.Canonical(got) != storetest.Canonical(want) || len(got.Entities) != len(d.Entities) || len(got.Raids) != len(d.Raids) {
		t.Errorf("seedcsv.Load read %d entities and %d raids, seeds.Load %d and %d, written %d and %d",
			len(got.Entities), len(got.Raids), len(want.Entities), len(want.Raids), len(d.Entities), len(d.Raids))
	}
}
