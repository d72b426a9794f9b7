package geojson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/geojson"
)

func TestWrite(t *testing.T) {
	d := storetest.Fixture() // fictional; only C_A has coordinates
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.SiteAssessment(context.Background(), graph.AssessmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	missing, err := geojson.Write(&buf, d, &a)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 6 {
		t.Errorf("%d compounds reported without coordinates, want 6", len(missing))
	}
	var fc geojson.FeatureCollection
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 1 {
		t.Fatalf("got %+v", fc)
	}
	f := fc.Features[0]
	p := f.Properties
	if f.ID != "C_A" || f.Geometry.Coordinates != [2]float64{104.9, 11.5} || p.Raids != 1 || p.LastRaid != "2025-07-14" ||
		p.Connected == nil || !*p.Connected || p.Raided == nil || !*p.Raided || p.SiteStatus != "operating" {
		t.Errorf("feature %+v, properties %+v", f, p)
	}
}
