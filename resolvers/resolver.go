// Package resolvers answers the GraphQL schema (schema/*.graphqls) from a
// graph.Store. The resolvers are thin: they check arguments, call the store
// (nested fields through the per-request batching loaders of
// resolvers/loaders, so that lists cost a constant number of store calls)
// and return the domain types the schema is bound to. The executor they
// plug into is generated in resolvers/exec.
package resolvers

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
	"github.com/patronage/patronage/resolvers/exec"
)

// Resolver is the root resolver: the one place dependencies are injected.
type Resolver struct {
	store graph.Store
	// answer answers the root questions with what their nested fields
	// want (the store's own graph.Answerer, or one over its primitives).
	answer graph.Answerer
	// names answers Query.match; nil when none was given, and then match
	// fails with UNAVAILABLE.
	names *match.NameIndex
	// gz is the gazetteer places are read from (codes checked, units,
	// lineages and points).
	gz *gazetteer.Gazetteer
}

// NewSchema returns the executable schema answering from store, with the
// query cost model of Complexity; names (match.NewNameIndex over the same
// store) answers Query.match and may be nil; gz is the gazetteer of the
// store's place codes (gazetteer.Default()). Requests must carry loaders
// over the same store (loaders.Middleware).
func NewSchema(store graph.Store, names *match.NameIndex, gz *gazetteer.Gazetteer) graphql.ExecutableSchema {
	r := &Resolver{store: store, answer: graph.Answer(store), names: names, gz: gz}
	return exec.NewExecutableSchema(exec.Config{
		Resolvers:  r,
		Complexity: Complexity(gz),
	})
}
