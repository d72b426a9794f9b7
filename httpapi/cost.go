package httpapi

import (
	"context"
	"encoding/json"
	"math"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// operationLimits rejects, after validation and before it runs, an
// operation whose fields nest deeper than maxDepth or that costs more than
// maxCost under the schema's cost model (resolvers.Complexity). It counts
// what gqlgen's extension.FixedComplexityLimit counted, and the depth the
// server always limited, but in time linear in the query text: each
// fragment's cost and depth are computed once, however often it is spread.
type operationLimits struct {
	es       graphql.ExecutableSchema
	maxCost  int
	maxDepth int
	costs    *costCache
}

// costCache keeps the measures of the operations measured last, by
// operation and variables: a measure depends on nothing else, and the
// query cache hands every request with the same text the same parsed
// operation, so a question asked again is not walked again.
type costCache struct {
	mu sync.Mutex
	m  map[costKey]measure
}

type costKey struct {
	op   *ast.OperationDefinition
	vars string // the variables as JSON (object keys sorted)
}

const (
	costCacheSize = 4096 // measures kept; the cache is emptied when full
	costKeyVars   = 512  // longest variables (JSON bytes) kept in a key; longer ones are measured each time
)

func newCostCache() *costCache { return &costCache{m: map[costKey]measure{}} }

func (c *costCache) measure(ctx context.Context, es graphql.ExecutableSchema, op *ast.OperationDefinition, vars map[string]any) measure {
	key, ok := costKeyOf(op, vars)
	if ok {
		c.mu.Lock()
		m, hit := c.m[key]
		c.mu.Unlock()
		if hit {
			return m
		}
	}
	m := measureOperation(ctx, es, op, vars)
	if ok {
		c.mu.Lock()
		if len(c.m) >= costCacheSize {
			clear(c.m)
		}
		c.m[key] = m
		c.mu.Unlock()
	}
	return m
}

// costKeyOf is op's key with vars; false when vars are too long to keep.
func costKeyOf(op *ast.OperationDefinition, vars map[string]any) (costKey, bool) {
	if len(vars) == 0 {
		return costKey{op: op}, true
	}
	b, err := json.Marshal(vars)
	if err != nil || len(b) > costKeyVars {
		return costKey{}, false
	}
	return costKey{op: op, vars: string(b)}, true
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationLimits{}

func (operationLimits) ExtensionName() string                   { return "OperationLimits" }
func (operationLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (l operationLimits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	m := l.costs.measure(ctx, l.es, op.Operation, op.Variables)
	if m.depth > l.maxDepth {
		err := gqlerror.Errorf("operation has depth %d, which exceeds the limit of %d: nest fewer fields", m.depth, l.maxDepth)
		err.Extensions = map[string]any{extensionsCode: CodeDepthLimit}
		return err
	}
	if m.cost > l.maxCost {
		err := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d: ask for smaller pages, fewer hops or fewer fields", m.cost, l.maxCost)
		err.Extensions = map[string]any{extensionsCode: CodeComplexityLimit}
		return err
	}
	return nil
}

// measure is the cost and the depth of a selection set.
type measure struct{ cost, depth int }

// measureOperation is the cost and the depth of a validated operation.
//
// The cost is gqlgen's (complexity.Calculate), number for number: a field
// costs what the schema's complexity function says for its arguments and
// the cost of its selection, or 1 plus that cost without one; a field of
// an interface costs the most any implementation's function says; __schema
// costs nothing; fragments and inline fragments cost their selections, at
// every spread, and every occurrence of a field counts (aliased or
// repeated, even where execution merges them). Costs saturate at the
// largest int.
//
// The depth is the deepest nesting of fields, fragments expanded; __schema
// and __type are not counted (introspection has its own switch).
func measureOperation(ctx context.Context, es graphql.ExecutableSchema, op *ast.OperationDefinition, vars map[string]any) measure {
	w := costWalker{ctx: ctx, es: es, schema: es.Schema(), vars: vars, fragments: map[string]measure{}, busy: map[string]bool{}}
	return w.set(op.SelectionSet)
}

type costWalker struct {
	ctx       context.Context
	es        graphql.ExecutableSchema
	schema    *ast.Schema
	vars      map[string]any
	fragments map[string]measure // each fragment's, once computed
	busy      map[string]bool    // fragments being measured
}

func (w *costWalker) set(set ast.SelectionSet) measure {
	var m measure
	for _, sel := range set {
		var s measure
		switch sel := sel.(type) {
		case *ast.Field:
			s = w.field(sel)
		case *ast.InlineFragment:
			s = w.set(sel.SelectionSet)
		case *ast.FragmentSpread:
			s = w.fragment(sel)
		}
		m.cost = safeAdd(m.cost, s.cost)
		m.depth = max(m.depth, s.depth)
	}
	return m
}

// fragment measures a spread fragment once; a fragment being measured
// (a cycle, which the validator rejects) counts nothing.
func (w *costWalker) fragment(s *ast.FragmentSpread) measure {
	if m, ok := w.fragments[s.Name]; ok {
		return m
	}
	if s.Definition == nil || w.busy[s.Name] {
		return measure{}
	}
	w.busy[s.Name] = true
	m := w.set(s.Definition.SelectionSet)
	delete(w.busy, s.Name)
	w.fragments[s.Name] = m
	return m
}

func (w *costWalker) field(f *ast.Field) measure {
	if f.Definition == nil || f.ObjectDefinition == nil {
		// not after validation; counted as a leaf
		return measure{cost: 1, depth: 1}
	}
	typ := w.schema.Types[f.Definition.Type.Name()]
	if typ == nil {
		return measure{cost: 1, depth: 1}
	}
	if typ.Name == "__Schema" {
		return measure{}
	}
	var child measure
	switch typ.Kind {
	case ast.Object, ast.Interface, ast.Union:
		child = w.set(f.SelectionSet)
	}
	m := measure{depth: 1 + child.depth}
	if isIntrospection(f.Name) {
		m.depth = 0
	}
	args := f.ArgumentMap(w.vars)
	if f.ObjectDefinition.Kind == ast.Interface {
		// the most any implementation costs
		for _, t := range w.schema.GetPossibleTypes(f.ObjectDefinition) {
			m.cost = max(m.cost, w.fieldCost(t.Name, f.Name, child.cost, args))
		}
	} else {
		m.cost = w.fieldCost(f.ObjectDefinition.Name, f.Name, child.cost, args)
	}
	return m
}

// fieldCost is what the schema's complexity function says, when it has one
// for the field and says at least 1; otherwise 1 plus the selection's cost.
func (w *costWalker) fieldCost(typ, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(w.ctx, typ, field, child, args); ok && c >= 1 {
		return c
	}
	return safeAdd(1, child)
}

// safeAdd adds costs as gqlgen's complexity package does: negative operands
// (a complexity function's mistake) are ignored, and the sum saturates at
// the largest int.
func safeAdd(a, b int) int {
	switch {
	case a < 0 && b < 0:
		return 1
	case a < 0:
		return b
	case b < 0:
		return a
	case a > math.MaxInt-b:
		return math.MaxInt
	}
	return a + b
}
