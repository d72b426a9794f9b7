package resolvers

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/patronage/patronage/graph"
)

// Planning: a root resolver looks at the selection below it before it
// touches the store, and says in a graph.Want what its nested fields will
// ask, so that the store reads it with the items (one statement on Neo4j).
// A plan is a hint: a nested field it does not cover (two differently
// argued relationships, arguments that do not parse) is read by the
// loaders as before, and its errors are reported by its own resolver.

// entityTypes are the types an Entity field may resolve to.
var entityTypes = []string{"Entity", "Person", "Organization", "Compound", "Position", "Document"}

// collect returns the fields selected in sel on an object of one of types,
// fragments merged.
func collect(ctx context.Context, sel ast.SelectionSet, types ...string) []graphql.CollectedField {
	return graphql.CollectFields(graphql.GetOperationContext(ctx), sel, types)
}

// selects reports whether sel selects a field named name on one of types.
func selects(ctx context.Context, sel ast.SelectionSet, name string, types ...string) bool {
	for _, f := range collect(ctx, sel, types...) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// current is the selection set of the field being resolved.
func current(ctx context.Context) ast.SelectionSet {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Field.Selections
	}
	return nil
}

// entityWant plans what the fields selected on entities in sel want. id is
// the one entity the selection is on, whose relationships are then planned
// too; "" for a list of entities (their relationships are read per entity
// by the loaders).
func entityWant(ctx context.Context, sel ast.SelectionSet, id string) graph.Want {
	var w graph.Want
	var rels []graphql.CollectedField
	for _, f := range collect(ctx, sel, entityTypes...) {
		switch f.Name {
		case "relationships":
			rels = append(rels, f)
		case "raids":
			w.Raids = true
		case "flags":
			if q, ok := flagQuery(ctx, f); ok {
				w.Flags = addFlagQuery(w.Flags, q)
			}
		case "sanctions":
			w.Sanctions = true
		}
	}
	if len(rels) == 1 && id != "" {
		w.Neighbours = neighboursWant(ctx, rels[0], id)
	}
	return w
}

// neighboursWant plans the relationships field of entity id: its filter and
// page, and whether its edges' nodes and claims' sources are selected. Nil
// when its arguments do not parse or its cursor is not one of id's (its
// resolver will say why).
func neighboursWant(ctx context.Context, f graphql.CollectedField, id string) *graph.NeighboursWant {
	args, ok := argumentMap(ctx, f.Field)
	if !ok {
		return nil
	}
	var n graph.NeighboursWant
	for _, t := range listOf(args["types"]) {
		s, ok := t.(string)
		if !ok {
			return nil
		}
		n.Filter.Types = append(n.Filter.Types, graph.RelType(strings.ToLower(s)))
	}
	if d, ok := args["direction"].(string); ok {
		n.Filter.Direction = graph.Direction(strings.ToLower(d))
	}
	if s, ok := args["minClaimStatus"].(string); ok {
		st, err := graph.ParseClaimStatus(strings.ToLower(s))
		if err != nil {
			return nil
		}
		n.Filter.MinStatus = st
	}
	if s, ok := args["asOf"].(string); ok {
		d, err := graph.ParseDate(s)
		if err != nil {
			return nil
		}
		n.Filter.AsOf = d
	}
	var first *int
	if v, present := args["first"]; present && v != nil {
		i, ok := intOf(v)
		if !ok {
			return nil
		}
		first = &i
	}
	var after *string
	if s, ok := args["after"].(string); ok {
		after = &s
	}
	p, err := newPage(first, after)
	if err != nil || n.Filter.Check() != nil {
		return nil
	}
	if _, err := graph.RelationshipsOf(id).After(p.args.After); err != nil {
		return nil
	}
	n.Page = p.args
	for _, c := range collect(ctx, f.Selections, "RelationshipConnection") {
		if c.Name == "totalCount" {
			n.TotalCount = true
		}
		if c.Name != "edges" {
			continue
		}
		for _, e := range collect(ctx, c.Selections, "RelationshipEdge") {
			switch e.Name {
			case "node":
				n.Others = true
				for _, nf := range collect(ctx, e.Selections, entityTypes...) {
					if nf.Name != "flags" {
						continue
					}
					if q, ok := flagQuery(ctx, nf); ok {
						n.OtherFlags = addFlagQuery(n.OtherFlags, q)
					}
				}
			case "claim":
				n.Sources = n.Sources || selects(ctx, e.Selections, "sources", "Claim")
			}
		}
	}
	return &n
}

// maxFlagQueries bounds the flag queries planned per level (each is a few
// EXISTS tests per item); more are read through the loaders.
const maxFlagQueries = 4

// flagQuery reads a flags field's arguments as the flags resolver does.
func flagQuery(ctx context.Context, f graphql.CollectedField) (graph.FlagQuery, bool) {
	args, ok := argumentMap(ctx, f.Field)
	if !ok {
		return graph.FlagQuery{}, false
	}
	var q graph.FlagQuery
	if s, ok := args["minClaimStatus"].(string); ok {
		st, err := graph.ParseClaimStatus(strings.ToLower(s))
		if err != nil {
			return graph.FlagQuery{}, false
		}
		q.MinStatus = st
	}
	if s, ok := args["asOf"].(string); ok {
		d, err := graph.ParseDate(s)
		if err != nil {
			return graph.FlagQuery{}, false
		}
		q.AsOf = d
	}
	return q, true
}

func addFlagQuery(qs []graph.FlagQuery, q graph.FlagQuery) []graph.FlagQuery {
	if slices.Contains(qs, q) || len(qs) >= maxFlagQueries {
		return qs
	}
	return append(qs, q)
}

// argumentMap is f's arguments, variables and defaults applied; false when
// they cannot be read.
func argumentMap(ctx context.Context, f *ast.Field) (args map[string]any, ok bool) {
	defer func() {
		if recover() != nil { // ArgumentMap panics on a value it cannot read
			args, ok = nil, false
		}
	}()
	return f.ArgumentMap(graphql.GetOperationContext(ctx).Variables), true
}

// listOf reads a list argument (a single value stands for a list of one).
func listOf(v any) []any {
	switch l := v.(type) {
	case nil:
		return nil
	case []any:
		return l
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	}
	return []any{v}
}

// intOf reads an Int argument as a literal or a variable gives it.
func intOf(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), float64(int(n)) == n
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

// connectionWant plans a connection of entities (search, compounds): the
// total when totalCount is selected, and what the nodes' fields want, under
// edges.node or nodes; bare when the nodes' fields are only bare ones,
// unmatched unless an edge's match is selected, uncursored unless an edge's
// cursor or the page's start or end cursor is.
func connectionWant(ctx context.Context, conn, edge string) graph.Want {
	var w graph.Want
	bare, matched, cursored := true, false, false
	node := func(sel ast.SelectionSet) {
		w = merge(w, entityWant(ctx, sel, ""))
		bare = bare && onlyBare(ctx, sel)
	}
	for _, f := range collect(ctx, current(ctx), conn) {
		switch f.Name {
		case "totalCount":
			w.TotalCount = true
		case "pageInfo":
			for _, p := range collect(ctx, f.Selections, "PageInfo") {
				cursored = cursored || p.Name == "startCursor" || p.Name == "endCursor"
			}
		case "nodes":
			node(f.Selections)
		case "edges":
			for _, e := range collect(ctx, f.Selections, edge) {
				switch e.Name {
				case "node":
					node(e.Selections)
				case "match":
					matched = true
				case "cursor":
					cursored = true
				}
			}
		}
	}
	w.Neighbours = nil // read per entity by the loaders
	w.Bare, w.Unmatched, w.Uncursored = bare, !matched, !cursored
	return w
}

// bareFields are the entity fields that a bare entity (graph.Want.Bare)
// answers: its id, kind and name (__typename is its kind).
var bareFields = []string{"id", "kind", "name", "__typename"}

// onlyBare reports whether sel selects, on entities of any kind, no field
// but bareFields.
func onlyBare(ctx context.Context, sel ast.SelectionSet) bool {
	for _, f := range collect(ctx, sel, entityTypes...) {
		if !slices.Contains(bareFields, f.Name) {
			return false
		}
	}
	return true
}

func merge(a, b graph.Want) graph.Want {
	a.Raids = a.Raids || b.Raids
	a.Sanctions = a.Sanctions || b.Sanctions
	for _, q := range b.Flags {
		a.Flags = addFlagQuery(a.Flags, q)
	}
	return a
}

// assessmentWant says what an assessment's selection needs: no evidence
// (cellsOnly), and of each row's site and raids only their ids (bare).
func assessmentWant(ctx context.Context) (cellsOnly, bare bool) {
	cellsOnly, bare = true, true
	for _, f := range collect(ctx, current(ctx), "Assessment") {
		switch f.Name {
		case "raidedConnected", "raidedUnconnected", "unraidedConnected", "unraidedUnconnected", "sites":
			for _, r := range collect(ctx, f.Selections, "SiteAssessment") {
				switch r.Name {
				case "evidence":
					cellsOnly, bare = false, false
				case "raids":
					bare = false
				case "site":
					for _, sf := range collect(ctx, r.Selections, entityTypes...) {
						if sf.Name != "id" && sf.Name != "__typename" && sf.Name != "kind" {
							bare = false
						}
					}
				}
			}
		}
	}
	return cellsOnly, cellsOnly && bare
}

// placeWant says what a places or place selection needs of the assessment
// and the raids: a site's evidence (else the cells only), and the raids.
func placeWant(ctx context.Context) (evidence, raids bool) {
	for _, f := range collect(ctx, current(ctx), "PlaceAssessment") {
		switch f.Name {
		case "raids":
			raids = true
		case "sites":
			evidence = evidence || selects(ctx, f.Selections, "evidence", "SiteAssessment")
		}
	}
	return evidence, raids
}
