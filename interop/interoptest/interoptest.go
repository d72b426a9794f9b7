// Package interoptest holds test helpers shared by the interop packages:
// comparing two graphs record by record after normalising order.
package interoptest

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

// SameGraph fails the test for every entity, claim, designation and source
// that differs between want and got, ignoring the order of records (but
// not the order of names or sources within a record). Nil and empty lists
// are the same. Raids and statements are compared too when compareAll.
func SameGraph(t testing.TB, want, got *graph.Dataset, compareAll bool) {
	t.Helper()
	same(t, "source", want.Sources, got.Sources, func(s graph.Source) string { return s.ID })
	same(t, "entity", want.Entities, got.Entities, func(e graph.Entity) string { return e.ID })
	same(t, "claim", want.Claims, got.Claims, func(c graph.Claim) string { return c.ID })
	same(t, "designation", want.Designations, got.Designations, func(d graph.Designation) string { return d.ID })
	if compareAll {
		same(t, "raid", want.Raids, got.Raids, func(r graph.Raid) string { return r.ID })
		same(t, "statement", want.Statements, got.Statements, func(s graph.Statement) string { return s.ID })
	}
}

func same[T any](t testing.TB, what string, want, got []T, id func(T) string) {
	t.Helper()
	w, g := index(want, id), index(got, id)
	for _, k := range keys(w, g) {
		wv, inW := w[k]
		gv, inG := g[k]
		switch {
		case !inG:
			t.Errorf("%s %s: missing, want %s", what, k, canonical(wv))
		case !inW:
			t.Errorf("%s %s: unexpected %s", what, k, canonical(gv))
		case canonical(wv) != canonical(gv):
			t.Errorf("%s %s differs:\nwant %s\n got %s", what, k, canonical(wv), canonical(gv))
		}
	}
}

func index[T any](xs []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(xs))
	for _, x := range xs {
		m[id(x)] = x
	}
	return m
}

func keys[T any](a, b map[string]T) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(x, y string) int { return cmp.Compare(x, y) })
	return out
}

func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unmarshalable: " + err.Error()
	}
	return strings.ReplaceAll(string(b), "null", "[]")
}
