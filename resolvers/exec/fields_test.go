package exec

import (
	"bytes"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// fieldNames lists the response keys of collected fields.
func fieldNames(fields []graphql.CollectedField) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Alias
	}
	return out
}

// TestCollectFields checks that the cache gives each object type the
// fields gqlgen collects for it, from the same selection set, with
// fragments, aliases and @include.
func TestCollectFields(t *testing.T) {
	doc, err := gqlparser.LoadQueryWithRules(parsedSchema, `query($more: Boolean!) {
		entity(id: "x") {
			id
			... on Compound { province kind }
			... on Person { n: name }
			...F
			name @include(if: $more)
		}
	}
	fragment F on Entity { kind }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, more := range []bool{false, true} {
		oc := &graphql.OperationContext{Doc: doc, Variables: map[string]any{"more": more}}
		ec := newExecutionContext(oc, nil, nil)
		entity := doc.Operations[0].SelectionSet
		set := graphql.CollectFields(oc, entity, queryImplementors)[0].Selections
		for _, tc := range []struct {
			name      string
			satisfies []string
		}{{"Compound", compoundImplementors}, {"Person", personImplementors}, {"Compound again", compoundImplementors}} {
			want := fieldNames(graphql.CollectFields(oc, set, tc.satisfies))
			if slices.Contains(want, "name") != more {
				t.Fatalf("more=%v, %s: gqlgen collected %v", more, tc.name, want)
			}
			if got := fieldNames(ec.collectFields(set, tc.satisfies)); !slices.Equal(got, want) {
				t.Errorf("more=%v, %s: fields %v, want %v", more, tc.name, got, want)
			}
		}
		if len(ec.fields.m) != 2 {
			t.Errorf("more=%v: %d sets cached, want 2 (one per type)", more, len(ec.fields.m))
		}
	}
}

// TestObjectMarshal checks that an object is written as gqlgen's FieldSet
// writes it, byte for byte: order, nulls, nested values, an alias that
// comes twice.
func TestObjectMarshal(t *testing.T) {
	field := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	for _, tc := range []struct {
		name   string
		fields []graphql.CollectedField
		values []graphql.Marshaler
	}{
		{"empty", nil, nil},
		{"scalars", []graphql.CollectedField{field("id"), field("name"), field("n")},
			[]graphql.Marshaler{graphql.MarshalID("E1"), graphql.MarshalString(`Ly "Yong" Phat`), graphql.MarshalInt(3)}},
		{"null and nested", []graphql.CollectedField{field("a"), field("b")},
			[]graphql.Marshaler{graphql.Null, &object{fields: []graphql.CollectedField{field("x")}, values: []graphql.Marshaler{graphql.MarshalBoolean(true)}}}},
		{"alias twice", []graphql.CollectedField{field("a"), field("b"), field("a")},
			[]graphql.Marshaler{graphql.MarshalInt(1), graphql.MarshalInt(2), graphql.MarshalInt(3)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := graphql.NewFieldSet(tc.fields)
			copy(fs.Values, tc.values)
			var want, got bytes.Buffer
			fs.MarshalGQL(&want)
			(&object{fields: tc.fields, values: tc.values}).MarshalGQL(&got)
			if got.String() != want.String() {
				t.Errorf("wrote %s, want %s", got.String(), want.String())
			}
		})
	}
}
