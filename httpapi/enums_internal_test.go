package httpapi

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/resolvers"
)

// TestEveryEnumIsExact checks every enum of the schema, input or output:
// each value is accepted as written, and refused in lower case or title case.
func TestEveryEnumIsExact(t *testing.T) {
	store, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	schema := resolvers.NewSchema(store, nil, testGazetteer(t)).Schema()
	enums := 0
	for name, def := range schema.Types {
		if def.Kind != ast.Enum || strings.HasPrefix(name, "__") {
			continue
		}
		enums++
		t.Run(name, func(t *testing.T) {
			typ := ast.NamedType(name, nil)
			for _, v := range def.EnumValues {
				var got []string
				report := func(m string) { got = append(got, m) }
				checkVariable(schema, typ, v.Name, "", report, "variable $x")
				if len(got) != 0 {
					t.Errorf("%s refused: %v", v.Name, got)
				}
				for _, wrong := range []string{strings.ToLower(v.Name), strings.ToUpper(v.Name[:1]) + strings.ToLower(v.Name[1:])} {
					if wrong == v.Name {
						continue
					}
					got = nil
					checkVariable(schema, typ, wrong, "", report, "variable $x")
					if len(got) != 1 || !strings.Contains(got[0], "did you mean "+v.Name+"?") || !strings.Contains(got[0], "valid values: ") {
						t.Errorf("%q: got %v, want one error suggesting %s", wrong, got, v.Name)
					}
					got = nil
					checkLiteral(schema, typ, &ast.Value{Kind: ast.EnumValue, Raw: wrong}, "argument \"x\" of f", "", report)
					if len(got) != 1 {
						t.Errorf("literal %q: got %v, want one error", wrong, got)
					}
				}
			}
		})
	}
	if enums < 10 {
		t.Errorf("checked %d enums; the schema has at least 10", enums)
	}
}
