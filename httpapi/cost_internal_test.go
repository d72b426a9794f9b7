package httpapi

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/resolvers"
)

// schemaForTest is the executable schema over the fixture store.
func schemaForTest(t testing.TB) graphql.ExecutableSchema {
	t.Helper()
	s, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	return resolvers.NewSchema(s, nil, testGazetteer(t))
}

// testGazetteer is the embedded gazetteer.
func testGazetteer(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	gz, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

// validated parses and validates query as the server does, and coerces
// vars.
func validated(t testing.TB, es graphql.ExecutableSchema, query string, vars map[string]any) (*ast.OperationDefinition, map[string]any) {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if errs := validator.ValidateWithRules(es.Schema(), doc, validationRules()); len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
	op := doc.Operations.ForName("")
	coerced, err := validator.VariableValues(es.Schema(), op, vars)
	if err != nil {
		t.Fatalf("%s: variables: %v", query, err)
	}
	return op, coerced
}

// oldDepth is the depth walk the server used before measureOperation
// (expanding every fragment at every spread): the reference the new one
// must agree with.
func oldDepth(set ast.SelectionSet, depth int, spreading map[string]bool) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if isIntrospection(s.Name) {
				continue
			}
			d = oldDepth(s.SelectionSet, depth+1, spreading)
		case *ast.InlineFragment:
			d = oldDepth(s.SelectionSet, depth, spreading)
		case *ast.FragmentSpread:
			if s.Definition == nil || spreading[s.Name] {
				continue
			}
			spreading[s.Name] = true
			d = oldDepth(s.Definition.SelectionSet, depth, spreading)
			delete(spreading, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

const rowFragment = `
fragment row on SiteAssessment {
	site { id } raided connected raids { id }
	evidence {
		path { length weakestClaimStatus start { id } end { id }
			hops { from { id } to { id } claim { id type status sources { id url } } } }
		reasons { kind entity { id } claim { id } designation { id program } }
	}
}`

// realisticQueries are the questions the API is for, as clients ask
// them: the benchmark's four, the documentation's examples, and the
// shapes a query may take (fragments, inline fragments, interfaces,
// aliases, repeats, variables, introspection).
var realisticQueries = []struct {
	name, query string
	vars        map[string]any
}{
	{"q1", `query Q1($id: ID!) { entity(id: $id) { id name relationships(first: 20) { edges { direction node { id name } claim { id type status sources { id title } } } } } }`, map[string]any{"id": "C_A"}},
	{"q2", `query Q2 { compounds(first: 50) { totalCount edges { node { id name province raids { id start status } } } } }`, nil},
	{"q3", `query Q3($q: String!) { search(query: $q, first: 20) { edges { node { id name } } } }`, map[string]any{"q": "kalo"}},
	{"q4", `query Q4 { siteAssessment { raidedConnected { site { id } } raidedUnconnected { site { id } } unraidedConnected { site { id } } unraidedUnconnected { site { id } } } }`, nil},
	{"docs assessment", `{ siteAssessment(from: "2025-07", to: "2025-07") {
		parameters { from to maxHops minClaimStatus }
		raidedConnected { site { id name province } evidence { path { length weakestClaimStatus hops { claim { type status from { name } to { name } sources { title url } } } }
			reasons { kind entity { name } designation { program date } } } }
		raidedUnconnected { site { name } } unraidedConnected { site { name } } } }`, nil},
	{"docs paths", `{ paths(from: "C_A", to: "P_SEN", maxHops: 4) { length weakestClaimStatus hops { claim { from { name } type to { name } status sources { publisher url } } } } }`, nil},
	{"docs raids", `{ raids(filter: {from: "2025-07-16", to: "2025-07-16", province: "Banteay Meanchey"}) { totalCount
		nodes { id start site { name } accounts { detained { value qualifier text } status sources { publisher url } } } } }`, nil},
	{"docs notebook", `query($id: ID!, $asOf: Date) { entity(id: $id) { name
		flags(asOf: $asOf) { politicallyExposed relativeOrCloseAssociate sanctioned }
		sanctions { program date authority { name } sources { url } }
		relationships(asOf: $asOf, first: 100) { totalCount edges { direction node { id name } claim { type status start end sources { title url } } } } } }`,
		map[string]any{"id": "P_SEN", "asOf": "2025-07"}},
	{"examples/notebooks assessment", `query ($from: Date, $to: Date) { siteAssessment(from: $from, to: $to) {
		parameters { from to maxHops minClaimStatus }
		sites { site { id name province status { state } } raided connected raids { id start }
			evidence { path { length weakestClaimStatus hops { from { id name } to { id name }
				claim { id type relation status start end from { name } to { name } sources { id title publisher url published kind } } } }
				reasons { kind entity { id name } designation { program date authority { name } } } } } } }`,
		map[string]any{"from": "2025-07", "to": "2025-07"}},
	{"full assessment, fragments", `{ siteAssessment(maxHops: 6) {
		parameters { from to asOf maxHops minClaimStatus relationshipTypes pathsPerSite }
		raidedConnected { ...row } raidedUnconnected { ...row } unraidedConnected { ...row } unraidedUnconnected { ...row } sites { ...row } } }` + rowFragment, nil},
	{"compounds page", `{ compounds(first: 50) { totalCount nodes { id name province flags { politicallyExposed sanctioned } sanctions { program date sources { url } }
		raids { id start accounts { detained { text } sources { url } } }
		relationships(first: 20) { totalCount edges { direction node { id name } claim { type status start end sources { title url published } } } } } } }`, nil},
	{"compounds filtered", `{ compounds(filter: {connected: true, maxHops: 5}, first: 10) { nodes { id } } }`, nil},
	{"second degree, inline fragments", `{ entity(id: "C_A") { ... on Compound { province raids { id } }
		relationships(first: 50) { edges { node { id ... on Person { flags { sanctioned } }
			relationships(first: 50) { edges { node { id name } } } } } } } }`, nil},
	{"aliases and repeats", `{ a: entity(id: "C_A") { id name } b: entity(id: "C_B") { id name id } datasetVersion datasetVersion
		m: match(name: "Senator", limit: 3) { score entity { id } } p: paths(from: "C_A", to: "P_SEN") { length } }`, nil},
	{"nested fragments, spread twice", `{ a: entity(id: "C_A") { ...e } b: entity(id: "C_B") { ...e } }
		fragment e on Entity { id ...f relationships(first: 5) { edges { node { ...f } } } }
		fragment f on Entity { name kind flags { sanctioned } }`, nil},
	{"variables pages", `query($n: Int, $h: Int) { search(query: "a", first: $n) { nodes { id } } siteAssessment(maxHops: $h) { sites { site { id } } } }`, map[string]any{"n": 200, "h": 2}},
	{"introspection", `{ __schema { types { name } } __type(name: "Raid") { name fields { name } } raids { nodes { __typename id } } }`, nil},
	{"sources", `{ sources(first: 10) { totalCount nodes { id title } } statements { id sources { id } } source(id: "S_1") { id } }`, nil},
}

// TestMeasureMatchesGqlgen checks that measureOperation gives the numbers
// gqlgen's complexity.Calculate and the old depth walk give, on the
// questions the API is for.
func TestMeasureMatchesGqlgen(t *testing.T) {
	es := schemaForTest(t)
	ctx := context.Background()
	for _, tc := range realisticQueries {
		t.Run(tc.name, func(t *testing.T) {
			op, vars := validated(t, es, tc.query, tc.vars)
			want := measure{cost: complexity.Calculate(ctx, es, op, vars), depth: oldDepth(op.SelectionSet, 0, map[string]bool{})}
			got := measureOperation(ctx, es, op, vars)
			if got != want {
				t.Errorf("measureOperation = %+v, want %+v (gqlgen's cost, the old depth)", got, want)
			}
			if got.cost > DefaultMaxComplexity || got.depth > DefaultMaxDepth {
				t.Errorf("an ordinary query measures %+v, over the default limits", got)
			}
			t.Logf("cost %d, depth %d", got.cost, got.depth)
		})
	}
}

// fanOut is a query of one fragment spreading the one before twice,
// levels deep: 2^levels fields when expanded, in 52 bytes a level.
func fanOut(levels int) string {
	return fmt.Sprintf("query { ...Level%02d }\n", levels) + fanOutFragments(levels, "Query", "datasetVersion")
}

// fanOutFragments are the fragments of a fan-out on type on, field at the
// bottom.
func fanOutFragments(levels int, on, field string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fragment Level00 on %s { %s }\n", on, field)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "fragment Level%02d on %s { ...Level%02d ...Level%02d }\n", i, on, i-1, i-1)
	}
	return b.String()
}

// TestMeasureFanOut checks that a fragment fan-out is measured exactly and
// at once (each fragment once): a cost of 2^40 fields was 2^40 steps.
func TestMeasureFanOut(t *testing.T) {
	es := schemaForTest(t)
	op, vars := validated(t, es, fanOut(40), nil)
	if got, want := measureOperation(context.Background(), es, op, vars), (measure{cost: 1 << 40, depth: 1}); got != want {
		t.Errorf("measureOperation(fan-out of 40 levels) = %+v, want %+v", got, want)
	}
	// saturates instead of overflowing
	op, vars = validated(t, es, fanOut(70), nil)
	if got := measureOperation(context.Background(), es, op, vars); got.cost != math.MaxInt {
		t.Errorf("measureOperation(fan-out of 70 levels) = %+v, want the cost saturated at %d", got, math.MaxInt)
	}
	op, vars = validated(t, es, `{ raids(first: 500) { nodes { ...Level62 } } }`+fanOutFragments(62, "Raid", "id"), nil)
	if got := measureOperation(context.Background(), es, op, vars); got.cost != math.MaxInt {
		t.Errorf("a page of 500 of 2^62 fields costs %d, want it saturated at %d", got.cost, math.MaxInt)
	}
}

func TestShape(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		want        documentShape
	}{
		{"fields", `{ a b { c d } }`, documentShape{selections: 4}},
		{"aliases", `{ a: x b: x c: x }`, documentShape{selections: 3}},
		{"repeats", `{ x x x y { z } y { z w } }`, documentShape{selections: 8, repeats: 4}},
		{"repeats merged from inline fragments", `{ x ... on Query { x } ... { x } }`, documentShape{selections: 5, repeats: 2}},
		{"fragment counted where spread and on its own",
			`{ a { ...F } b { ...F } } fragment F on T { x y }`,
			documentShape{fragments: 1, selections: 2*(1+1+2) + 2, repeats: 0}},
		{"fragment repeating a field", `{ x ...F } fragment F on Query { x }`, documentShape{fragments: 1, selections: 3 + 1, repeats: 1}},
		{"fragment spread twice in one place", `{ ...F ...F } fragment F on Query { x y }`, documentShape{fragments: 1, selections: 6 + 2, repeats: 1}},
		{"fan-out", fanOut(3), documentShape{fragments: 4,
			// Level00..03 hold 1, 2×(1+1), 2×(1+4) and 2×(1+10) selections;
			// the operation 1 + 22, and each fragment on its own
			selections: 23 + 1 + 4 + 10 + 22,
			// the second spread of each level, in the operation and in
			// the fragments on their own
			repeats: 3 + 0 + 1 + 2 + 3}},
		{"undefined fragment", `{ x ...Missing }`, documentShape{fragments: 1, selections: 2}},
		{"cycle", `{ ...A } fragment A on Query { x ...B } fragment B on Query { y ...A }`, documentShape{fragments: 2,
			// the operation: ...A x ...B y ...A (not entered again); A on
			// its own: x ...B and B's 2, sized while A was open; B on its
			// own: y ...A and A's 4; the operation spreads A again where
			// it is spread already
			selections: 5 + 4 + 6, repeats: 1}},
		{"two operations", `query A { x } query B { x y }`, documentShape{selections: 3}},
		{"arguments", `{ a(x: 1, y: 2) { b(z: 3) } }`, documentShape{selections: 2, arguments: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := shape(doc, DefaultMaxSelections); got != tc.want {
				t.Errorf("shape = %+v, want %+v", got, tc.want)
			}
		})
	}
	// fragments are sized once each: 2^60 selections measured at once
	doc, err := parser.ParseQuery(&ast.Source{Input: fanOut(60)})
	if err != nil {
		t.Fatal(err)
	}
	if got := shape(doc, DefaultMaxSelections); got.selections < 1<<60 || got.repeats != 0 {
		t.Errorf("shape(fan-out of 60 levels) = %+v, want over 2^60 selections and no repeats walk", got)
	}
}

// TestLimitsFitTheSchema checks that the limits checked before validation
// leave room for every field of the schema.
func TestLimitsFitTheSchema(t *testing.T) {
	for _, typ := range schemaForTest(t).Schema().Types {
		for _, f := range typ.Fields {
			if len(f.Arguments) > maxArguments {
				t.Errorf("%s.%s takes %d arguments, over maxArguments (%d)", typ.Name, f.Name, len(f.Arguments), maxArguments)
			}
		}
	}
}

// BenchmarkMeasure compares measureOperation with what it replaced
// (gqlgen's complexity.Calculate and the old depth walk, both expanding
// every fragment at every spread) on the realistic queries and on a
// fragment fan-out of 16 levels:
//
//	go test -run '^$' -bench Measure ./httpapi
func BenchmarkMeasure(b *testing.B) {
	es := schemaForTest(b)
	ctx := context.Background()
	qs := append(realisticQueries[:len(realisticQueries):len(realisticQueries)], struct {
		name, query string
		vars        map[string]any
	}{"fan-out 16", fanOut(16), nil})
	for _, q := range qs {
		op, vars := validated(b, es, q.query, q.vars)
		b.Run("old/"+q.name, func(b *testing.B) {
			for b.Loop() {
				complexity.Calculate(ctx, es, op, vars)
				oldDepth(op.SelectionSet, 0, map[string]bool{})
			}
		})
		b.Run("linear/"+q.name, func(b *testing.B) {
			for b.Loop() {
				measureOperation(ctx, es, op, vars)
			}
		})
	}
}

// BenchmarkShape measures what selectionLimit does before validation
// (parse, then shape) on the payloads of issue 9:
//
//	go test -run '^$' -bench Shape ./httpapi
func BenchmarkShape(b *testing.B) {
	var alias strings.Builder
	alias.WriteString("{")
	for i := range 150 {
		fmt.Fprintf(&alias, " a%d: siteAssessment(maxHops: 6) { sites { site { id } } }", i)
	}
	alias.WriteString(" }")
	for _, q := range []struct{ name, query string }{
		{"field duplication", "{" + strings.Repeat(" datasetVersion", 14990) + " }"},
		{"raids totalCount repeated", "{" + strings.Repeat(" raids { totalCount }", 3700) + " }"},
		{"fragment fan-out", fanOut(25)},
		{"siteAssessment aliased", alias.String()},
	} {
		b.Run(strings.ReplaceAll(q.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(q.query)))
			for b.Loop() {
				doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: q.query}, maxTokens)
				if err != nil {
					b.Fatal(err)
				}
				shape(doc, DefaultMaxSelections)
			}
		})
	}
}

// TestCostCache: a measure kept for an operation is given again for the
// same variables only; other variables, too long to keep or not, are
// measured anew; a full cache is emptied.
func TestCostCache(t *testing.T) {
	es := schemaForTest(t)
	ctx := context.Background()
	const q = `query Q($n: Int, $t: String!) { search(query: $t, first: $n) { edges { node { id name } } } }`
	c := newCostCache()
	op, _ := validated(t, es, q, map[string]any{"t": "x"}) // one parsed operation, as the query cache gives
	for _, tc := range []struct {
		name string
		vars map[string]any
	}{
		{"first 5", map[string]any{"n": 5, "t": "hun"}},
		{"first 50", map[string]any{"n": 50, "t": "hun"}},
		{"first 5 again", map[string]any{"n": 5, "t": "hun"}},
		{"long text", map[string]any{"n": 7, "t": strings.Repeat("x", costKeyVars)}},
	} {
		vars, err := validator.VariableValues(es.Schema(), op, tc.vars)
		if err != nil {
			t.Fatal(err)
		}
		want := measureOperation(ctx, es, op, vars)
		for range 2 { // measured, then kept (or measured again)
			if got := c.measure(ctx, es, op, vars); got != want {
				t.Errorf("%s: got %+v, want %+v", tc.name, got, want)
			}
		}
	}
	if len(c.m) != 2 {
		t.Errorf("%d measures kept, want 2 (first 5 and first 50; the long text is not kept)", len(c.m))
	}
	vars, err := validator.VariableValues(es.Schema(), op, map[string]any{"n": 3, "t": "a"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range costCacheSize {
		c.m[costKey{op: op, vars: fmt.Sprint(i)}] = measure{}
	}
	c.measure(ctx, es, op, vars)
	if len(c.m) != 1 {
		t.Errorf("a full cache holds %d measures after one more, want 1", len(c.m))
	}
}
