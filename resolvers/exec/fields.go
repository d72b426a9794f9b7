package exec

import (
	"io"
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

// object is a marshalled object: its fields, in the order of the query,
// and their values. It writes them as graphql.FieldSet does, but for
// allocating nothing per field: gqlgen's FieldSet copies each field to the
// heap as it iterates over them, and makes a map per object to skip an
// alias already written; in a table of thousands of sites that was a fifth
// of the memory allocated. Fields are merged by alias when collected, so
// an alias comes once; one that comes again is skipped all the same.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o *object) MarshalGQL(w io.Writer) {
	w.Write(openBrace)
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if written(o.fields[:i], alias) {
			continue
		}
		if !first {
			w.Write(comma)
		}
		first = false
		// an alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing
		// to escape
		io.WriteString(w, `"`)
		io.WriteString(w, alias)
		w.Write(quoteColon)
		o.values[i].MarshalGQL(w)
	}
	w.Write(closeBrace)
}

func written(before []graphql.CollectedField, alias string) bool {
	for i := range before {
		if before[i].Alias == alias {
			return true
		}
	}
	return false
}

var (
	openBrace  = []byte{'{'}
	closeBrace = []byte{'}'}
	comma      = []byte{','}
	quoteColon = []byte(`":`)
)
