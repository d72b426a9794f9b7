package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop/interoptest"
	"github.com/patronage/patronage/interop/ofac"
	"github.com/patronage/patronage/interop/tables"
	"github.com/patronage/patronage/seeds"
)

// The import fixtures are fictional (see their README.md files).
const (
	ftmFixture  = "../../interop/ftm/testdata/foreign.ftm.json"
	ofacFixture = "../../interop/ofac/testdata/sdn"
)

func curated(t *testing.T) *graph.Dataset {
	t.Helper()
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	return d
}

func loadOut(t *testing.T, dir string) *graph.Dataset {
	t.Helper()
	d, err := seeds.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	return d
}

// TestFtMRoundTripOnTheSeeds exports the curated seeds as FtM and imports
// the file into an empty dataset: entities, claims, designations and
// sources come back the same.
func TestFtMRoundTripOnTheSeeds(t *testing.T) {
	tmp := t.TempDir()
	file, out := filepath.Join(tmp, "seeds.ftm.json"), filepath.Join(tmp, "out")
	if _, stderr, err := runCmd(t, nil, "export", "ftm", "--out", file); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	stdout, stderr, err := runCmd(t, nil, "import", "ftm", "--empty", "--into", out, file)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, stdout, stderr)
	}
	got := loadOut(t, out)
	want := curated(t)
	interoptest.SameGraph(t, want, got, false)
	if len(got.Raids)+len(got.Statements) != 0 {
		t.Errorf("raids and statements have no FtM form, yet %d came back", len(got.Raids)+len(got.Statements))
	}
}

// TestFtMReimportChangesNothing imports the seeds' own export into a copy
// of the seeds: nothing is added, merged or renamed.
func TestFtMReimportChangesNothing(t *testing.T) {
	tmp := t.TempDir()
	file, dir := filepath.Join(tmp, "seeds.ftm.json"), filepath.Join(tmp, "copy")
	if err := seeds.ReplaceDir(dir, curated(t)); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runCmd(t, nil, "export", "ftm", "--out", file); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	stdout, stderr, err := runCmd(t, nil, "import", "ftm", "--into", dir, file)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, stdout, stderr)
	}
	if strings.Contains(stdout, "added:") || strings.Contains(stdout, "merged:") || strings.Contains(stdout, "renamed:") {
		t.Errorf("re-import changed something:\n%s", stdout)
	}
	interoptest.SameGraph(t, curated(t), loadOut(t, dir), true)
}

func TestImportFtMFixture(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	stdout, stderr, err := runCmd(t, nil, "import", "ftm", "--empty", "--into", out, ftmFixture)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	golden(t, "import_ftm.golden", strings.ReplaceAll(stdout, tmp, "TMP"))
	for _, f := range []string{out + ".review.md", out + ".review.csv", filepath.Join(out, seeds.ExternalIDsFile)} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, _, err := runCmd(t, nil, "validate", out); err != nil {
		t.Errorf("the imported dataset does not validate: %v", err)
	}
}

func TestImportOFACIntoSeeds(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	stdout, stderr, err := runCmd(t, nil, "import", "ofac", "--list-date", "2025-01-15", "--into", out, ofacFixture)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	got := loadOut(t, out)
	want := curated(t)
	if n := len(got.Designations) - len(want.Designations); n != 4 {
		t.Errorf("%d designations added, want 4\n%s", n, stdout)
	}
	if !strings.Contains(stdout, "merged entity G_OFAC: same id and kind") {
		t.Errorf("the SDN list's authority was not merged into the curated G_OFAC:\n%s", stdout)
	}
	if _, _, err := runCmd(t, nil, "import", "ofac", "--into", filepath.Join(tmp, "x"), ofacFixture); err == nil || !strings.Contains(err.Error(), "--list-date") {
		t.Errorf("import ofac without --list-date: %v", err)
	}
}

func TestImportRejectsMalformedInputAndWritesNothing(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.ftm.json")
	os.WriteFile(bad, []byte("{\"id\":\"fx-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Fixture One\"]}}\nnot json\n{\"id\":\"fx-2\",\"schema\":\"Person\"}\n"), 0o644)
	out := filepath.Join(tmp, "out")
	_, stderr, err := runCmd(t, nil, "import", "ftm", "--empty", "--into", out, bad)
	if !errors.Is(err, errReported) {
		t.Fatalf("err = %v, want errReported", err)
	}
	for _, want := range []string{bad + ":2: not a FollowTheMoney entity", bad + ":3: Person fx-2 has no name", "2 problem(s)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s was written: %v", out, err)
	}
}

func TestImportDoesNotHalfApply(t *testing.T) {
	// Well-formed lines that do not fit the dataset (a designation of a
	// position) fail the check of the merged dataset: nothing is written.
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in.ftm.json")
	os.WriteFile(in, []byte(`{"id":"fx-pos","schema":"Position","properties":{"name":["Fixture Office"]}}
{"id":"fx-s","schema":"Sanction","properties":{"entity":["fx-pos"],"authority":["Fixture Authority"],"listingDate":["2024"],"sourceUrl":["https://example.org/fixture"]}}
`), 0o644)
	dir := filepath.Join(tmp, "data")
	if err := seeds.ReplaceDir(dir, curated(t)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "designations.csv"))
	_, stderr, err := runCmd(t, nil, "import", "ftm", "--into", dir, in)
	if !errors.Is(err, errReported) || !strings.Contains(stderr, in+":2: target POS_FTM_FX_POS is a position") {
		t.Fatalf("err = %v, stderr:\n%s", err, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "designations.csv"))
	if string(before) != string(after) {
		t.Errorf("designations.csv changed")
	}
}

func TestImportRefusesAnExistingDefaultDirectory(t *testing.T) {
	t.Chdir(t.TempDir())
	os.Mkdir("import-ftm", 0o755)
	ftm, _ := filepath.Abs(filepath.Join("..", ftmFixture))
	_, _, err := runCmd(t, nil, "import", "ftm", ftm)
	if err == nil || !strings.Contains(err.Error(), "import-ftm exists; pass --into import-ftm") {
		t.Errorf("err = %v", err)
	}
}

func TestExportCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "csv")
	if _, stderr, err := runCmd(t, nil, "export", "csv", "--out", out); err != nil {
		t.Fatalf("export csv: %v\n%s", err, stderr)
	}
	d := curated(t)
	for _, f := range tables.Files() {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		header := strings.SplitN(string(b), "\n", 2)[0]
		if header != strings.Join(tables.Columns(f), ",") {
			t.Errorf("%s header %q", f, header)
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, "claims.csv"))
	if rows := strings.Count(string(b), "\n") - 1; rows < len(d.Claims) {
		t.Errorf("claims.csv has %d rows, want at least %d", rows, len(d.Claims))
	}
}

// geoJSONFeature is a feature of `patronage export geojson`.
type geoJSONFeature struct {
	ID       string
	Geometry *struct {
		Type        string
		Coordinates [2]float64
	}
	Properties map[string]any
}

// readGeoJSONLayer runs `patronage export geojson --layer layer` and returns
// its features by id and its report (stderr).
func readGeoJSONLayer(t *testing.T, layer string) (map[string]geoJSONFeature, string) {
	t.Helper()
	stdout, stderr, err := runCmd(t, nil, "export", "geojson", "--layer", layer)
	if err != nil {
		t.Fatalf("export geojson --layer %s: %v\n%s", layer, err, stderr)
	}
	var fc struct {
		Type     string
		Features []geoJSONFeature
	}
	if err := json.Unmarshal([]byte(stdout), &fc); err != nil || fc.Type != "FeatureCollection" {
		t.Fatalf("not a FeatureCollection: %v", err)
	}
	m := map[string]geoJSONFeature{}
	for _, f := range fc.Features {
		m[f.ID] = f
	}
	return m, stderr
}

// TestExportGeoJSONWritesEveryCompound: on the curated seeds, every compound
// is a feature — at its own point, at its province's label point, or with a
// null geometry and the reason — and every place of every raid.
func TestExportGeoJSONWritesEveryCompound(t *testing.T) {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	compounds, stderr := readGeoJSONLayer(t, "compounds")
	d := curated(t)
	n := 0
	for _, e := range d.Entities {
		if e.Kind != graph.KindCompound {
			continue
		}
		n++
		f, ok := compounds[e.ID]
		if !ok {
			t.Errorf("compound %s (%s) is not in the export", e.ID, e.Name)
			continue
		}
		p := f.Properties
		at, _, anchored := g.Anchor(e.Place)
		switch {
		case e.Coordinates != nil:
			if f.Geometry == nil || f.Geometry.Coordinates != [2]float64{e.Coordinates.Lon, e.Coordinates.Lat} || p["precision"] != "site" {
				t.Errorf("%s: %+v, precision %v; want its own point", e.ID, f.Geometry, p["precision"])
			}
		case e.Place != "" && anchored:
			if f.Geometry == nil || f.Geometry.Type != "Point" || f.Geometry.Coordinates != [2]float64{at.Lon, at.Lat} ||
				p["precision"] != "province" || p["point_source"] != gazetteer.CentroidSource || p["place_code"] != e.Place {
				t.Errorf("%s: %+v, %v; want its province's label point %+v", e.ID, f.Geometry, p, at)
			}
		default:
			if f.Geometry != nil || p["precision"] != nil || p["not_placed"] == nil || !strings.Contains(stderr, e.ID) {
				t.Errorf("%s: %+v, %v; want no point, the reason, and the report to list it:\n%s", e.ID, f.Geometry, p, stderr)
			}
		}
		if _, ok := p["district"]; !ok {
			t.Errorf("%s: district left out (nulls are kept)", e.ID)
		}
	}
	if len(compounds) != n {
		t.Errorf("%d features, want one per compound: %d", len(compounds), n)
	}
	// a site in Bavet, Svay Rieng: at Svay Rieng's label point, the unit in both scripts
	mocbai := compounds["C_MOCBAI"].Properties
	sr, _, _ := g.Anchor("20")
	if compounds["C_MOCBAI"].Geometry.Coordinates != [2]float64{sr.Lon, sr.Lat} || mocbai["province_name"] != "Svay Rieng" ||
		mocbai["province_name_km"] != "ស្វាយរៀង" || mocbai["place_level"] != "district" || mocbai["precision"] != "province" {
		t.Errorf("C_MOCBAI: %+v %v", compounds["C_MOCBAI"].Geometry, mocbai)
	}
	if !strings.Contains(stderr, "at precision province") || !strings.Contains(stderr, "RS_TBK_CASINO") {
		t.Errorf("report:\n%s", stderr)
	}

	raids, _ := readGeoJSONLayer(t, "raids")
	places := 0
	for _, r := range d.Raids {
		for _, code := range r.Places {
			places++
			id := r.ID
			if len(r.Places) > 1 {
				id += ":" + code
			}
			f, ok := raids[id]
			if !ok || f.Properties["raid_id"] != r.ID || f.Properties["place_code"] != code {
				t.Errorf("raid %s place %s: %+v", r.ID, code, f)
			}
		}
	}
	if len(raids) != places {
		t.Errorf("%d raid features, want one per raid place: %d", len(raids), places)
	}
	if r6 := raids["R06"].Properties; !reflect.DeepEqual(r6["detained"], []any{"271", "270"}) {
		t.Errorf("R06 detained %v, want both accounts' counts", r6["detained"])
	}
}

func TestExportFilters(t *testing.T) {
	stdout, _, err := runCmd(t, nil, "export", "ftm", "--kinds", "compound", "--province", "Preah Sihanouk")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var e struct{ Schema string }
		json.Unmarshal([]byte(line), &e)
		switch e.Schema {
		case "RealEstate", "Document", "Sanction", "PublicBody", "UnknownLink", "Ownership":
		default:
			t.Errorf("unexpected %s in a compound export: %s", e.Schema, line)
		}
	}
	if _, _, err := runCmd(t, nil, "export", "ftm", "--kinds", "ship"); err == nil {
		t.Errorf("--kinds ship accepted")
	}
}

// TestImportOfEmptyInputWritesNothing: an empty file, blank lines, empty
// standard input and three empty OFAC files fail the import; neither the
// target nor a review report is written.
func TestImportOfEmptyInputWritesNothing(t *testing.T) {
	tmp := t.TempDir()
	empty, blank, sdn := filepath.Join(tmp, "empty.json"), filepath.Join(tmp, "blank.json"), filepath.Join(tmp, "sdn")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(blank, []byte("\n \n\n"), 0o644)
	os.Mkdir(sdn, 0o755)
	for _, f := range ofac.Files {
		os.WriteFile(filepath.Join(sdn, f), nil, 0o644)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		stdin bool
		want  string
	}{
		{"empty file", []string{"ftm", empty}, false, "no FollowTheMoney entity in the input"},
		{"blank lines", []string{"ftm", blank}, false, "no FollowTheMoney entity in the input"},
		{"empty stdin", []string{"ftm", "-"}, true, "stdin: no FollowTheMoney entity"},
		{"three empty OFAC files", []string{"ofac", "--list-date", "2025-01-15", sdn}, false, "sdn.csv: holds no entry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stdin {
				save := os.Stdin
				os.Stdin, _ = os.Open(empty)
				defer func() { os.Stdin.Close(); os.Stdin = save }()
			}
			out := filepath.Join(t.TempDir(), "out")
			if err := seeds.ReplaceDir(out, curated(t)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			args := append([]string{"import", tc.args[0], "--into", out}, tc.args[1:]...)
			stdout, stderr, err := runCmd(t, nil, args...)
			if err == nil || !strings.Contains(stderr+err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q\nstdout:\n%s\nstderr:\n%s", err, tc.want, stdout, stderr)
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("%s was rewritten", out)
			}
			for _, f := range []string{out + ".review.md", out + ".review.csv"} {
				if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
}

// snapshot returns the names, sizes and modification times of a
// directory's files.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		fi, _ := e.Info()
		b.WriteString(e.Name() + " " + fi.ModTime().String() + "\n")
	}
	st, _ := os.Stat(dir)
	return b.String() + st.ModTime().String()
}

// TestImportFtMProvenanceGivenAtImport: relationship records that cite no
// source import with --source-url/--publisher, and say so; without them
// they are skipped, record by record. The records are synthetic.
func TestImportFtMProvenanceGivenAtImport(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "synthetic.ftm.json")
	os.WriteFile(in, []byte(`{"id":"fx-c1","schema":"Company","properties":{"name":["Fixture Holdings Alpha"]}}
{"id":"fx-c2","schema":"Company","properties":{"name":["Fixture Trading Beta"]}}
{"id":"fx-own","schema":"Ownership","properties":{"owner":["fx-c1"],"asset":["fx-c2"]}}
`), 0o644)
	stdout, _, err := runCmd(t, nil, "import", "ftm", "--empty", "--dry-run", "--into", filepath.Join(tmp, "a"), in)
	if err != nil || !strings.Contains(stdout, "Ownership fx-own: no source") {
		t.Errorf("without provenance: err %v, stdout:\n%s", err, stdout)
	}
	out := filepath.Join(tmp, "b")
	stdout, stderr, err := runCmd(t, nil, "import", "ftm", "--empty", "--into", out,
		"--source-url", "https://example.org/fixture/export.json", "--publisher", "Fixture Publisher", "--published", "2024-06-05", in)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, stdout, stderr)
	}
	got := loadOut(t, out)
	if len(got.Claims) != 1 || !strings.Contains(got.Claims[0].Note, "given at import") || len(got.Sources) != 1 ||
		got.Sources[0].URL != "https://example.org/fixture/export.json" || got.Sources[0].Published != graph.MustDate("2024-06-05") {
		t.Errorf("claims %+v, sources %+v", got.Claims, got.Sources)
	}
}

// TestImportFtMAuthoritiesNotConflated: the authority of an FtM Sanction
// is the body the record names, in its dataset, linked to a curated body
// by the name matcher only where that body runs the program (listed for
// review either way). The records are synthetic; the targets are fictional.
func TestImportFtMAuthoritiesNotConflated(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "synthetic.ftm.json")
	os.WriteFile(in, []byte(`{"id":"fx-a","schema":"Company","properties":{"name":["Fixture Exclusion Target Alpha"]}}
{"id":"fx-s1","schema":"Sanction","properties":{"entity":["fx-a"],"authority":["Foreign, Commonwealth & Development Office"],"program":["UK Global Human Rights"],"listingDate":["2025-10-14"],"sourceUrl":["https://example.org/fx/uk"]},"datasets":["gb_fcdo_sanctions"]}
{"id":"fx-s2","schema":"Sanction","properties":{"entity":["fx-a"],"authority":["OFAC"],"program":["Reciprocal"],"startDate":["2025-10-20"],"sourceUrl":["https://example.org/fx/sam"]},"datasets":["us_sam_exclusions"]}
{"id":"fx-s3","schema":"Sanction","properties":{"entity":["fx-a"],"authority":["OFAC"],"program":["TCO"],"listingDate":["2025-10-14"],"sourceUrl":["https://example.org/fx/ofac"]},"datasets":["us_ofac_sdn"]}
`), 0o644)
	out := filepath.Join(tmp, "out")
	stdout, stderr, err := runCmd(t, nil, "import", "ftm", "--into", out, "--notes", "0", in)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, stdout, stderr)
	}
	got := loadOut(t, out)
	byProgram := map[string]string{}
	for _, d := range got.Designations {
		if strings.HasPrefix(d.ID, "D_FTM_") {
			byProgram[d.Program] = d.Authority
		}
	}
	if a := byProgram["UK Global Human Rights"]; a != "G_UKFCDO" {
		t.Errorf("the FCDO's designation is by %s, want the curated G_UKFCDO\n%s", a, stdout)
	}
	if a := byProgram["TCO"]; a != "G_OFAC" {
		t.Errorf("OFAC's TCO designation is by %s, want G_OFAC\n%s", a, stdout)
	}
	if a := byProgram["Reciprocal"]; a == "G_OFAC" || a == "" {
		t.Errorf("the SAM.gov reciprocal exclusion is by %q: a program OFAC never ran was attached to it\n%s", a, stdout)
	}
	bodies := 0
	for _, e := range got.Entities {
		if e.OrgKind == graph.OrgGovernmentBody && strings.Contains(e.Name, "Development Office") {
			bodies++
		}
	}
	if bodies != 1 {
		t.Errorf("%d FCDO bodies, want 1", bodies)
	}
	review, _ := os.ReadFile(out + ".review.csv")
	for _, want := range []string{"authority linked", "not one G_OFAC is known to run"} {
		if !strings.Contains(string(review)+stdout, want) {
			t.Errorf("review lacks %q:\n%s\n%s", want, review, stdout)
		}
	}
}
