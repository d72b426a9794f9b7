package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/interop/geojson"
	"github.com/patronage/patronage/seeds"
)

// TestExportGeoJSON: /export/LAYER.geojson serves, from the store, the
// layers `patronage export geojson` writes from the same dataset.
func TestExportGeoJSON(t *testing.T) {
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("loading the seeds: %v", err)
	}
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.SiteAssessment(context.Background(), graph.AssessmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, s)
	features := func(raw []byte) map[string]any {
		var fc struct {
			Type           string
			DatasetVersion string `json:"dataset_version"`
			Features       []map[string]any
		}
		if err := json.Unmarshal(raw, &fc); err != nil || fc.Type != "FeatureCollection" || fc.DatasetVersion != d.Version {
			t.Fatalf("not this dataset's FeatureCollection (%v): %.300s", err, raw)
		}
		m := map[string]any{}
		for _, f := range fc.Features {
			m[f["id"].(string)] = f
		}
		return m
	}
	for _, layer := range geojson.Layers() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/export/"+layer+".geojson", nil))
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/geo+json" || w.Header().Get("X-Dataset-Version") != d.Version {
			t.Fatalf("%s: %d %v\n%s", layer, w.Code, w.Header(), w.Body)
		}
		var want bytes.Buffer
		if _, err := geojson.Write(&want, layer, d, &a); err != nil {
			t.Fatal(err)
		}
		got, wantF := features(w.Body.Bytes()), features(want.Bytes())
		if len(got) == 0 || !reflect.DeepEqual(got, wantF) {
			t.Errorf("%s: the server's %d features differ from the export's %d", layer, len(got), len(wantF))
			for id, f := range wantF {
				if !reflect.DeepEqual(got[id], f) {
					t.Errorf("%s: served %v\nexported %v", id, got[id], f)
					break
				}
			}
		}
	}
	for _, path := range []string{"/export/sites.geojson", "/export/compounds.json", "/export/compounds"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, w.Code)
		}
	}
}
