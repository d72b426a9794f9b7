package ftm_test

import (
	"os"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
)

// TestReadDatasetsOfOpenSanctions reads a real OpenSanctions index
// (testdata/opensanctions/README.md).
func TestReadDatasetsOfOpenSanctions(t *testing.T) {
	f, err := os.Open("testdata/opensanctions/index.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := ftm.ReadDatasets(f, "index.json")
	if err != nil {
		t.Fatal(err)
	}
	want := ftm.Dataset{Name: "cl_info_probidad", Title: "PEPs from Chile interest and asset declarations",
		URL: "https://www.infoprobidad.cl/DatosAbiertos/Catalogos", Publisher: "Consejo para la Transparencia (CPLT)",
		PublisherURL: "https://www.consejotransparencia.cl/", Published: graph.MustDate("2024-06-05"), File: "index.json"}
	if len(ds) != 1 || ds[0] != want {
		t.Errorf("got %+v, want %+v", ds, want)
	}
	if _, err := ftm.ReadDatasets(strings.NewReader(`{"name":"x"}`), "bad.json"); err == nil {
		t.Errorf("a description without title was accepted")
	}
}

// The records below are synthetic: fictional names and a fictional
// dataset, shaped like OpenSanctions' (provenance on the dataset and on
// entities, none on the relationship records).
const synthetic = `{"id":"fx-p1","schema":"Person","properties":{"name":["Fixture Owner"],"sourceUrl":["https://example.org/fx/p1"]},"datasets":["fx_dataset"]}
{"id":"fx-c1","schema":"Company","properties":{"name":["Fixture Holdings"]},"datasets":["fx_dataset"]}
{"id":"fx-c2","schema":"Company","properties":{"name":["Fixture Trading"]},"datasets":["fx_dataset"]}
{"id":"fx-own1","schema":"Ownership","properties":{"owner":["fx-p1"],"asset":["fx-c1"]},"datasets":["fx_dataset"]}
{"id":"fx-own2","schema":"Ownership","properties":{"owner":["fx-c1"],"asset":["fx-c2"]},"datasets":["fx_dataset"]}
{"id":"fx-own3","schema":"Ownership","properties":{"owner":["fx-c2"],"asset":["fx-c1"]},"datasets":["other_dataset"]}
`

var fxDataset = ftm.Dataset{Name: "fx_dataset", Title: "Fixture dataset", URL: "https://example.org/fx", Publisher: "Fixture Publisher", File: "fx-index.json"}

// TestProvenanceOfUncitedRecords: a relationship without proof, sourceUrl
// or publisher takes its provenance from an entity it links, else the
// dataset's metadata, else what was given at import, and says so; with
// none, it is skipped with the reason, record by record.
func TestProvenanceOfUncitedRecords(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  ftm.Options
		want map[string]string // FtM id → the provenance its claim notes, "" for skipped
	}{
		{"nothing given", ftm.Options{}, map[string]string{
			"fx-own1": "the sourceUrl/publisher of the entity it links, fx-p1", "fx-own2": "", "fx-own3": ""}},
		{"dataset metadata", ftm.Options{Datasets: []ftm.Dataset{fxDataset}}, map[string]string{
			"fx-own1": "the sourceUrl/publisher of the entity it links, fx-p1",
			"fx-own2": "the metadata of the dataset fx_dataset (fx-index.json)", "fx-own3": ""}},
		{"given at import", ftm.Options{Datasets: []ftm.Dataset{fxDataset}, Given: ftm.Given{URL: "https://example.org/fx/export", Publisher: "Fixture Publisher"}}, map[string]string{
			"fx-own1": "the sourceUrl/publisher of the entity it links, fx-p1",
			"fx-own2": "the metadata of the dataset fx_dataset (fx-index.json)",
			"fx-own3": "what was given at import (--source-url/--publisher/--published)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Name = "synthetic.ftm.json"
			frag, err := ftm.Read(strings.NewReader(synthetic), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			claims := map[string]graph.Claim{}
			for _, c := range frag.Claims {
				claims[strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(c.ID, "CL_FTM_"), "_", "-"))] = c
			}
			for id, how := range tc.want {
				c, ok := claims[id]
				if how == "" {
					skipped := false
					for _, n := range frag.Report.Notes {
						skipped = skipped || n.Kind == interop.NoteSkipped && n.What == "Ownership "+id && strings.HasPrefix(n.Why, "no source")
					}
					if ok || !skipped {
						t.Errorf("%s: kept %v, skipped with its reason %v; want skipped", id, ok, skipped)
					}
					continue
				}
				if !ok {
					t.Errorf("%s skipped; notes %v", id, frag.Report.Notes)
					continue
				}
				if !strings.Contains(c.Note, "provenance: the record cites no source of its own; taken from "+how) || len(c.Sources) == 0 {
					t.Errorf("%s: note %q, sources %v; want provenance from %s", id, c.Note, c.Sources, how)
				}
			}
		})
	}
}
