package resolvers

import (
	"context"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/resolvers/loaders"
	"github.com/patronage/patronage/resolvers/model"
)

// Limits of placeUnits.
const (
	defaultPlaceUnits = 10
	maxPlaceUnits     = 100
)

// placeAssessments answers places and place: the site assessment of q,
// computed once, and the raids of its window with a place in the unit
// within ("" for the whole country), listed once, shared among units (all of
// one level inside within). The store reads the assessment's cells without
// evidence unless a site's evidence is selected, and the raids only when
// they are selected.
func (r *Resolver) placeAssessments(ctx context.Context, q graph.AssessmentQuery, units []gazetteer.Unit, within string) ([]model.PlaceAssessment, error) {
	evidence, raidsWanted := placeWant(ctx)
	q.CellsOnly = !evidence // never Bare: rows are shared out by their sites' places
	a, x, err := r.answer.SiteAssessmentWith(ctx, q)
	if err != nil {
		return nil, err
	}
	ld := loaders.For(ctx)
	ld.Use(x)
	a.Query = q
	ma, err := model.NewAssessment(a)
	if err != nil {
		return nil, err
	}
	for _, row := range a.Sites() {
		ld.Prime(row.Site) // every compound: the raids' sites need no store call
	}
	var raids []graph.Raid
	if raidsWanted {
		if raids, err = r.raidsCounting(ctx, q, within); err != nil {
			return nil, err
		}
	}
	return model.NewPlaceAssessments(units, ma, raids), nil
}

// raidsCounting lists the raids with a place in the unit within ("" for
// any) whose period may overlap q's window (the store filters both), and
// keeps those that count at q's minimum claim status, as the assessment
// counts them (graph.RaidCounts).
func (r *Resolver) raidsCounting(ctx context.Context, q graph.AssessmentQuery, within string) ([]graph.Raid, error) {
	f := graph.RaidFilter{From: q.From, To: q.To, Place: within, PageArgs: graph.PageArgs{First: graph.MaxPageSize}}
	var out []graph.Raid
	for {
		pg, err := r.store.Raids(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, rd := range pg.Items {
			if graph.RaidCounts(rd, q.From, q.To, q.Filter.MinStatus) {
				out = append(out, rd)
			}
		}
		if !pg.HasNextPage || pg.EndCursor == "" {
			return out, nil
		}
		f.After = pg.EndCursor
	}
}

// unitsAt lists the units of level inside the unit within ("" for the
// country), by code; within itself when it is of that level.
func unitsAt(gz *gazetteer.Gazetteer, level gazetteer.Level, within string) []gazetteer.Unit {
	if within != "" {
		if u, ok := gz.Unit(within); ok && u.Level == level {
			return []gazetteer.Unit{u}
		}
	}
	var out []gazetteer.Unit
	var walk func(code string)
	walk = func(code string) {
		for _, u := range gz.Children(code) {
			if u.Level == level {
				out = append(out, u)
			} else if u.Level < level {
				walk(u.Code)
			}
		}
	}
	walk(within)
	return out
}
