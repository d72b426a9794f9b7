package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// depthLimit rejects an operation whose fields nest deeper than max, with
// fragments expanded, before it runs. Introspection fields are not counted
// (introspection has its own switch).
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if depth := selectionDepth(op.Operation.SelectionSet, 0, map[string]bool{}); depth > d.max {
		err := gqlerror.Errorf("operation has depth %d, which exceeds the limit of %d: nest fewer fields", depth, d.max)
		err.Extensions = map[string]any{extensionsCode: CodeDepthLimit}
		return err
	}
	return nil
}

// selectionDepth is the deepest nesting of fields in a selection set.
// Fragment spreads already being expanded are not entered again (the
// validator rejects fragment cycles; this only guards the walk).
func selectionDepth(set ast.SelectionSet, depth int, spreading map[string]bool) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if isIntrospection(s.Name) {
				continue
			}
			d = selectionDepth(s.SelectionSet, depth+1, spreading)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth, spreading)
		case *ast.FragmentSpread:
			if s.Definition == nil || spreading[s.Name] {
				continue
			}
			spreading[s.Name] = true
			d = selectionDepth(s.Definition.SelectionSet, depth, spreading)
			delete(spreading, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

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
