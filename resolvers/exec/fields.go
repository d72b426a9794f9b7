package exec

import (
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// This file is hand-written; exec.go calls collectFields for every object
// it marshals (schema/gqlgen patches gqlgen's template to do so).

// fieldsKey names a selection set for one list of type names: both are
// the operation's and the generated code's own slices, so their first
// elements' addresses (and the set's length) tell them apart, as in
// gqlgen's cache.
type fieldsKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// fieldsCache keeps the fields of each selection set collected once for an
// operation. gqlgen's own cache (graphql.CollectFields) hashes the type
// names on every object marshalled, allocating as it does: in a table of
// thousands of sites that was a tenth of the time spent marshalling it.
type fieldsCache struct {
	mu sync.Mutex
	m  map[fieldsKey][]graphql.CollectedField
}

// collectFields returns the fields of sel for an object of one of the
// types in satisfies, as graphql.CollectFields does.
func (ec *executionContext) collectFields(sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	k := fieldsKey{sel: unsafe.SliceData(sel), n: len(sel), satisfies: unsafe.SliceData(satisfies)}
	c := &ec.fields
	c.mu.Lock()
	fields, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(ec.OperationContext, sel, satisfies)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[fieldsKey][]graphql.CollectedField)
	}
	c.m[k] = fields
	c.mu.Unlock()
	return fields
}
