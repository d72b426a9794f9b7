package resolvers_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/resolvers"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.golden.graphql")

func schema(t *testing.T) *ast.Schema {
	t.Helper()
	s, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return resolvers.NewSchema(s, nil, gz).Schema()
}

// TestSchemaGolden prints the schema as the server parsed it and compares it
// with testdata/schema.golden.graphql, so that any change to the API, a
// breaking one above all, shows up in review. Refresh with -update.
func TestSchemaGolden(t *testing.T) {
	var b bytes.Buffer
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(schema(t))
	path := filepath.Join("testdata", "schema.golden.graphql")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./resolvers -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the schema differs from %s; if the change is meant, run go test ./resolvers -update and review the diff.\n%s", path, firstDiff(got, string(want)))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

// TestEnumsCoverTheDomain checks that the schema's enums name every value
// of the domain's vocabularies (a new relationship type, claim status or
// kind needs a schema change, or it could not be returned).
func TestEnumsCoverTheDomain(t *testing.T) {
	s := schema(t)
	values := func(enum string) map[string]bool {
		def := s.Types[enum]
		if def == nil || def.Kind != ast.Enum {
			t.Fatalf("no enum %s in the schema", enum)
		}
		out := map[string]bool{}
		for _, v := range def.EnumValues {
			out[v.Name] = true
		}
		return out
	}
	check := func(enum string, domain []string) {
		t.Helper()
		have := values(enum)
		for _, d := range domain {
			if name := strings.ToUpper(d); !have[name] {
				t.Errorf("enum %s lacks %s (the domain's %q)", enum, name, d)
			}
		}
		if len(have) != len(domain) {
			t.Errorf("enum %s has %d values, the domain %d", enum, len(have), len(domain))
		}
	}
	var rels, statuses, kinds []string
	for _, r := range graph.Vocabulary() {
		rels = append(rels, string(r.Type))
	}
	for _, st := range graph.ClaimStatuses() {
		statuses = append(statuses, st.String())
	}
	for _, k := range graph.Kinds() {
		kinds = append(kinds, string(k))
	}
	check("RelationshipType", rels)
	check("ClaimStatus", statuses)
	check("EntityKind", kinds)
	// Every entity kind has its own object type implementing Entity.
	for _, k := range graph.Kinds() {
		name := strings.ToUpper(string(k[:1])) + string(k[1:])
		if def := s.Types[name]; def == nil || len(def.Interfaces) != 1 || def.Interfaces[0] != "Entity" {
			t.Errorf("no type %s implementing Entity", name)
		}
	}
}
