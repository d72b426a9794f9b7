package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Validating a query is not linear in its text. gqlparser's
// OverlappingFieldsCanBeMerged compares every pair of fields with the same
// response name in a selection set (15,000 repeats of one field: 25 s), and
// every argument of one with every argument of the other; it compares every
// pair of fragments spread together (1,000 fragments: 2 s); and every
// fragment definition is validated on its own with the fragments it spreads
// (a chain of 1,000 fragments: 0.5 s). gqlgen validates before any
// OperationContextMutator runs, so the limits of operationLimits come too
// late for these: selectionLimit counts what validation will walk, on the
// parsed document, before it is validated, in time linear in the text.
const (
	// maxRepeats bounds the fields selected again where the same response
	// name is already selected (fragments expanded): validation compares
	// each such pair, and a repeat is never needed (alias it instead).
	// 100 repeats make at most about 5,000 comparisons.
	maxRepeats = 100
	// maxFragments bounds the fragments a document defines or spreads:
	// validation compares the fragments spread together pairwise.
	maxFragments = 100
	// maxArguments bounds the arguments of one field (the schema's take
	// at most 9): validation compares the arguments of repeated fields
	// pairwise (50 repeats of a field with 78 arguments: 0.1–0.3 s).
	maxArguments = 20
)

// selectionLimit rejects, before validation, a document with more than max
// selections, more than maxRepeats repeated selections, more than
// maxFragments fragments, or a field with more than maxArguments arguments
// (see documentShape). A query found in the query cache passed it before
// (the cache holds only documents that reached validation, and the verdict
// depends on the text alone), so it is not parsed again.
type selectionLimit struct {
	max   int
	cache graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = selectionLimit{}

func (selectionLimit) ExtensionName() string                   { return "SelectionLimit" }
func (selectionLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l selectionLimit) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil
	}
	if _, ok := l.cache.Get(ctx, p.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, maxTokens)
	if err != nil {
		// gqlgen parses it again and reports the error in its own words
		return nil
	}
	return l.check(shape(doc, l.max))
}

func (l selectionLimit) check(s documentShape) *gqlerror.Error {
	var err *gqlerror.Error
	switch {
	case s.fragments > maxFragments:
		err = gqlerror.Errorf("the query has %d fragments, which exceeds the limit of %d: use fewer fragments", s.fragments, maxFragments)
	case s.arguments > maxArguments:
		err = gqlerror.Errorf("a field of the query has %d arguments, which exceeds the limit of %d", s.arguments, maxArguments)
	case s.selections > l.max:
		err = gqlerror.Errorf("the query has %d selections (fields, fragment spreads and inline fragments, with every fragment counted where it is spread, every alias and every repeat), which exceeds the limit of %d: ask for fewer fields", s.selections, l.max)
	case s.repeats > maxRepeats:
		err = gqlerror.Errorf("the query selects %d fields again where the same name is already selected (fragments expanded), which exceeds the limit of %d: select each field once, or give each an alias", s.repeats, maxRepeats)
	default:
		return nil
	}
	err.Extensions = map[string]any{extensionsCode: CodeSelectionLimit}
	return err
}

// documentShape is what validating a document walks.
type documentShape struct {
	// fragments is the number of fragment names the document defines or
	// spreads.
	fragments int
	// arguments is the most arguments a field of the document has.
	arguments int
	// selections counts the fields, fragment spreads and inline fragments
	// of every operation and of every fragment definition (each is
	// validated on its own), with every fragment spread expanded: a
	// fragment of 10 selections spread 3 times counts 30 and 3 for the
	// spreads. It saturates at the largest int. Fragments are sized once
	// each, so this is linear in the text even when the expanded query is
	// exponential in it.
	selections int
	// repeats counts the fields selected where the same response name is
	// already selected, with inline fragments and fragment spreads merged
	// into the selection set they are in, and the spreads of a fragment
	// already spread there. It is counted only when selections and
	// fragments are within their limits (it walks the expanded query).
	repeats int
}

// shape measures doc; repeats only when doc has at most maxSelections
// selections. A fragment spread that names no fragment, or one already
// being expanded (a cycle), counts as itself alone: the validator rejects
// both.
func shape(doc *ast.QueryDocument, maxSelections int) documentShape {
	w := shapeWalker{
		defs:   make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		sizes:  map[string]int{},
		busy:   map[string]bool{},
		spread: map[string]bool{},
	}
	for _, f := range doc.Fragments {
		if _, ok := w.defs[f.Name]; !ok {
			w.defs[f.Name] = f
		}
	}
	var s documentShape
	for _, op := range doc.Operations {
		s.selections = safeAdd(s.selections, w.size(op.SelectionSet))
	}
	for _, f := range doc.Fragments {
		s.selections = safeAdd(s.selections, w.size(f.SelectionSet))
	}
	for name := range w.spread {
		if w.defs[name] == nil {
			s.fragments++
		}
	}
	s.fragments += len(w.defs)
	s.arguments = w.arguments
	if s.selections > maxSelections || s.fragments > maxFragments {
		// the repeats walk expands fragments: not for a document that is
		// refused anyway
		return s
	}
	for _, op := range doc.Operations {
		s.repeats += w.repeats(op.SelectionSet, mergedSet{})
	}
	for _, f := range doc.Fragments {
		w.busy[f.Name] = true
		s.repeats += w.repeats(f.SelectionSet, mergedSet{})
		delete(w.busy, f.Name)
	}
	return s
}

type shapeWalker struct {
	defs   map[string]*ast.FragmentDefinition
	sizes  map[string]int  // selections of each fragment, expanded
	busy   map[string]bool // fragments being expanded
	spread map[string]bool // every fragment name spread
	// arguments is the most arguments of a field seen
	arguments int
}

// size is the number of selections of set, fragments expanded.
func (w *shapeWalker) size(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		n = safeAdd(n, 1)
		switch s := sel.(type) {
		case *ast.Field:
			w.arguments = max(w.arguments, len(s.Arguments))
			n = safeAdd(n, w.size(s.SelectionSet))
		case *ast.InlineFragment:
			n = safeAdd(n, w.size(s.SelectionSet))
		case *ast.FragmentSpread:
			w.spread[s.Name] = true
			n = safeAdd(n, w.fragmentSize(s.Name))
		}
	}
	return n
}

func (w *shapeWalker) fragmentSize(name string) int {
	if n, ok := w.sizes[name]; ok {
		return n
	}
	def := w.defs[name]
	if def == nil || w.busy[name] {
		return 0
	}
	w.busy[name] = true
	n := w.size(def.SelectionSet)
	delete(w.busy, name)
	w.sizes[name] = n
	return n
}

// mergedSet is a selection set with its fragments merged in: the selections
// of each response name (fields) or fragment ("..." and its name), merged.
type mergedSet map[string]mergedSet

// repeats counts the repeated selections of set merged into into.
func (w *shapeWalker) repeats(set ast.SelectionSet, into mergedSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			name := s.Alias
			if name == "" {
				name = s.Name
			}
			sub, ok := into[name]
			if ok {
				n++
			} else {
				sub = mergedSet{}
				into[name] = sub
			}
			n += w.repeats(s.SelectionSet, sub)
		case *ast.InlineFragment:
			n += w.repeats(s.SelectionSet, into)
		case *ast.FragmentSpread:
			key := "..." + s.Name
			if _, ok := into[key]; ok {
				// spread again in the same place: merged, not walked again
				n++
				continue
			}
			into[key] = nil
			def := w.defs[s.Name]
			if def == nil || w.busy[s.Name] {
				continue
			}
			w.busy[s.Name] = true
			n += w.repeats(def.SelectionSet, into)
			delete(w.busy, s.Name)
		}
	}
	return n
}
