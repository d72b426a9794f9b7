package seeds_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/interoptest"
	"github.com/patronage/patronage/seeds"
)

// fixture is storetest's fictional dataset as the seed files read it back:
// a compound without a status is "unknown", a count without a qualifier
// exact.
func fixture() *graph.Dataset {
	d := storetest.Fixture()
	for i, e := range d.Entities {
		if e.Kind == graph.KindCompound && e.Status == "" {
			d.Entities[i].Status = graph.SiteUnknown
		}
	}
	exact := func(c *graph.Count) {
		if c != nil && c.Qualifier == "" {
			c.Qualifier = graph.CountExact
		}
	}
	for _, r := range d.Raids {
		for _, a := range r.Accounts {
			exact(a.Detained)
			exact(a.Women)
			for _, n := range a.Breakdown {
				exact(n.Count)
				exact(n.Women)
			}
		}
	}
	d.Entities[0].ExternalIDs = []string{"ftm:NK-fixture", "ofac:900001"}
	// an undated designation, known to be made on or before a list's date
	d.Designations = append(d.Designations, graph.Designation{ID: "D_FX_9", Target: "O_SANC", Authority: "G_FX_GOV", Program: "FIXTURE",
		OnOrBefore: graph.MustDate("2025-02-07"), Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}})
	return d
}

// writeAndLoad writes d into a new directory and reads it back.
func writeAndLoad(t *testing.T, d *graph.Dataset) *graph.Dataset {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := seeds.ReplaceDir(dir, d); err != nil {
		t.Fatalf("ReplaceDir: %v", err)
	}
	got, err := seeds.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return got
}

func TestWriteThenLoadGivesTheSameDataset(t *testing.T) {
	d := fixture()
	interoptest.SameGraph(t, d, writeAndLoad(t, d), true)
}

func TestRealSeedsRoundTrip(t *testing.T) {
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	interoptest.SameGraph(t, d, writeAndLoad(t, d), true)
}

func TestReplaceDirKeepsOtherFilesAndReplacesAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := seeds.ReplaceDir(dir, fixture()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	smaller := fixture()
	smaller.Statements = nil
	smaller.Entities[0].ExternalIDs = nil
	if err := seeds.ReplaceDir(dir, smaller); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil || string(b) != "kept\n" {
		t.Errorf("README.md: %q, %v; want it kept", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, seeds.ExternalIDsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is left over: %v", seeds.ExternalIDsFile, err)
	}
	got, err := seeds.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	interoptest.SameGraph(t, smaller, got, true)
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".data.new-*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left: %v", left)
	}
}

func TestUnstorableFieldsFailBeforeWriting(t *testing.T) {
	d := fixture()
	d.Entities[0].Province = "Kampot" // a person has no province column
	dir := filepath.Join(t.TempDir(), "data")
	err := seeds.ReplaceDir(dir, d)
	if !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	if _, serr := os.Stat(dir); !errors.Is(serr, os.ErrNotExist) {
		t.Errorf("the directory was created: %v", serr)
	}
}
