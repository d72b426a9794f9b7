package ftm_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop/ftm"
	"github.com/patronage/patronage/seeds"
)

// ftmSchema is what the test needs of a FollowTheMoney schema definition.
type ftmSchema struct {
	Extends    []string       `yaml:"extends"`
	Required   []string       `yaml:"required"`
	Properties map[string]any `yaml:"properties"`
}

// loadModel reads the vendored schema definitions of followthemoney 4.11.2
// (testdata/ftmschema/README.md).
func loadModel(t *testing.T) map[string]ftmSchema {
	t.Helper()
	files, err := filepath.Glob("testdata/ftmschema/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	model := map[string]ftmSchema{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]ftmSchema
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			model[k] = v
		}
	}
	return model
}

// closure returns the required and the known properties of a schema,
// through its ancestors.
func closure(model map[string]ftmSchema, name string) (required, known map[string]bool) {
	required, known = map[string]bool{}, map[string]bool{}
	var walk func(string)
	seen := map[string]bool{}
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		s := model[n]
		for _, r := range s.Required {
			required[r] = true
		}
		for p := range s.Properties {
			known[p] = true
		}
		for _, e := range s.Extends {
			walk(e)
		}
	}
	walk(name)
	return required, known
}

// TestExportValidAgainstTheFtMModel writes the curated seeds and the
// fixture as FtM and checks every entity against the model's schema
// definitions: a known schema, its required properties present, no
// property the schema does not define.
func TestExportValidAgainstTheFtMModel(t *testing.T) {
	model := loadModel(t)
	cur, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		d    *graph.Dataset
	}{{"seeds", cur}, {"fixture", storetest.Fixture()}} {
		var buf bytes.Buffer
		if _, err := ftm.Write(&buf, tc.d); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(&buf)
		sc.Buffer(nil, 1<<24)
		n := 0
		for sc.Scan() {
			var e ftm.Entity
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			n++
			if _, ok := model[e.Schema]; !ok {
				t.Errorf("%s: %s: schema %q is not in the FtM model", tc.name, e.ID, e.Schema)
				continue
			}
			required, known := closure(model, e.Schema)
			for r := range required {
				if len(e.Properties[r]) == 0 {
					t.Errorf("%s: %s (%s) lacks the required property %q", tc.name, e.ID, e.Schema, r)
				}
			}
			var unknown []string
			for p := range e.Properties {
				if !known[p] {
					unknown = append(unknown, p)
				}
			}
			slices.Sort(unknown)
			if len(unknown) > 0 {
				t.Errorf("%s: %s (%s) has properties the schema does not define: %s", tc.name, e.ID, e.Schema, strings.Join(unknown, ", "))
			}
		}
		if n == 0 {
			t.Errorf("%s: nothing written", tc.name)
		}
	}
}
