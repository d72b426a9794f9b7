package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func isIntrospection(field string) bool { return field == "__schema" || field == "__type" }

// noIntrospection rejects operations that ask for __schema or __type, with
// a clear error, when introspection is off.
type noIntrospection struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = noIntrospection{}

func (noIntrospection) ExtensionName() string                   { return "NoIntrospection" }
func (noIntrospection) Validate(graphql.ExecutableSchema) error { return nil }

func (noIntrospection) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if name, ok := findIntrospection(op.Operation.SelectionSet, map[string]bool{}); ok {
		err := gqlerror.Errorf("introspection is disabled on this server (the query asks for %s)", name)
		err.Extensions = map[string]any{extensionsCode: CodeIntrospectionOff}
		return err
	}
	return nil
}

func findIntrospection(set ast.SelectionSet, seen map[string]bool) (string, bool) {
	for _, sel := range set {
		var sub ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			if isIntrospection(s.Name) {
				return s.Name, true
			}
			sub = s.SelectionSet
		case *ast.InlineFragment:
			sub = s.SelectionSet
		case *ast.FragmentSpread:
			if s.Definition == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			sub = s.Definition.SelectionSet
		}
		if name, ok := findIntrospection(sub, seen); ok {
			return name, ok
		}
	}
	return "", false
}
