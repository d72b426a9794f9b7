package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/patronage/patronage/graph"
)

// testCancelled calls every method, and every root question of the
// store's Answerer, with a context already cancelled: each returns an
// error wrapping context.Canceled (not ErrUnavailable: the caller left, the
// store is fine), and the store answers as before afterwards.
func testCancelled(t *testing.T, live context.Context, s graph.Store) {
	ctx, cancel := context.WithCancel(live)
	cancel()
	a := graph.Answer(s)
	ids := []string{"P_SEN", "C_A"}
	for name, err := range map[string]error{
		"Entities":           second(s.Entities(ctx, ids)),
		"Search":             second(s.Search(ctx, graph.SearchQuery{Text: "alpha"})),
		"EdgesOf":            second(s.EdgesOf(ctx, ids, graph.ClaimFilter{})),
		"Paths":              second(s.Paths(ctx, graph.PathQuery{From: "P_KID", To: "C_A"})),
		"Flags":              second(s.Flags(ctx, ids, graph.FlagQuery{})),
		"Designations":       second(s.Designations(ctx, ids)),
		"Compounds":          second(s.Compounds(ctx, graph.CompoundFilter{})),
		"Raids":              second(s.Raids(ctx, graph.RaidFilter{})),
		"RaidsOn":            second(s.RaidsOn(ctx, ids)),
		"SiteAssessment":     second(s.SiteAssessment(ctx, graph.AssessmentQuery{})),
		"Sources":            second(s.Sources(ctx, []string{"S_FX_NEWS"})),
		"ListSources":        second(s.ListSources(ctx, graph.PageArgs{})),
		"Statements":         second(s.Statements(ctx)),
		"Version":            second(s.Version(ctx)),
		"Stats":              second(s.Stats(ctx)),
		"EntityWith":         extrasErr(a.EntityWith(ctx, "P_SEN", graph.Want{Neighbours: &graph.NeighboursWant{Page: graph.PageArgs{First: 3}}})),
		"SearchWith":         extrasErr(a.SearchWith(ctx, graph.SearchQuery{Text: "alpha"}, graph.Want{TotalCount: true})),
		"CompoundsWith":      extrasErr(a.CompoundsWith(ctx, graph.CompoundFilter{}, graph.Want{TotalCount: true, Raids: true})),
		"SiteAssessmentWith": extrasErr(a.SiteAssessmentWith(ctx, graph.AssessmentQuery{})),
	} {
		if !errors.Is(err, context.Canceled) || errors.Is(err, graph.ErrUnavailable) {
			t.Errorf("%s with a cancelled context: error = %v, want one wrapping context.Canceled and not ErrUnavailable", name, err)
		}
	}
	if l, ok := s.(graph.EntityLister); ok {
		if err := second(l.AllEntities(ctx)); !errors.Is(err, context.Canceled) {
			t.Errorf("AllEntities with a cancelled context: error = %v, want one wrapping context.Canceled", err)
		}
	}
	if e := must(graph.EntityByID(live, s, "C_A"))(t); e.Name != "Alpha Park" {
		t.Errorf("after the cancelled calls, Entity(C_A) = %+v", e)
	}
}
