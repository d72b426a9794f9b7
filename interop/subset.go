package interop

import (
	"slices"

	"github.com/patronage/patronage/graph"
)

// Filter selects part of a dataset for export. The zero Filter selects
// everything.
type Filter struct {
	// Kinds selects entities of these kinds; empty selects every kind.
	Kinds []graph.Kind
	// Province selects entities located in the province (compounds and
	// organizations with a province) and raids in it, compared after
	// folding case and accents; "" selects every place.
	Province string
	// Hops adds the entities up to this many claims away from those
	// selected (any type, either direction), whatever their kind or place.
	Hops int
}

// IsZero reports whether the filter selects everything.
func (f Filter) IsZero() bool { return len(f.Kinds) == 0 && f.Province == "" }

// Subset returns the part of d the filter selects: the selected entities,
// the claims between them, the designations of selected targets (with
// their authorities), the raids in the province or on selected sites,
// the statements about selected entities, and the sources all of these
// cite. The zero filter returns d itself.
func Subset(d *graph.Dataset, f Filter) *graph.Dataset {
	if f.IsZero() {
		return d
	}
	province := graph.Fold(f.Province)
	sel := f.entities(d, province)
	out := &graph.Dataset{Version: d.Version + "+subset"}
	for _, ds := range d.Designations {
		if sel[ds.Target] {
			out.Designations = append(out.Designations, ds)
		}
	}
	for _, ds := range out.Designations {
		sel[ds.Authority] = true // a designation needs its authority
	}
	for _, e := range d.Entities {
		if sel[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, c := range d.Claims {
		if sel[c.From] && sel[c.To] {
			out.Claims = append(out.Claims, c)
		}
	}
	out.Raids = f.raids(d, sel, province)
	for _, s := range d.Statements {
		if s.Subject != "" && sel[s.Subject] {
			out.Statements = append(out.Statements, s)
		}
	}
	out.Sources = citedSources(d, out)
	return out
}

// inPlace returns whether a place is in the province, folded (any place
// when it is "").
func inPlace(province string) func(string) bool {
	return func(place string) bool { return province == "" || graph.Fold(place) == province }
}

// entities returns the ids of the entities the filter selects: those of
// its kinds located in its province (folded), and their neighbours up to
// Hops claims away.
func (f Filter) entities(d *graph.Dataset, province string) map[string]bool {
	sel := map[string]bool{}
	in := inPlace(province)
	for _, e := range d.Entities {
		if (len(f.Kinds) == 0 || slices.Contains(f.Kinds, e.Kind)) && (province == "" || (e.Province != "" && in(e.Province))) {
			sel[e.ID] = true
		}
	}
	for range f.Hops {
		next := map[string]bool{}
		for _, c := range d.Claims {
			if sel[c.From] && !sel[c.To] {
				next[c.To] = true
			}
			if sel[c.To] && !sel[c.From] {
				next[c.From] = true
			}
		}
		for id := range next {
			sel[id] = true
		}
	}
	return sel
}

// raids returns the raids in the province (folded) on selected sites, and
// those on no known site when compounds are selected.
func (f Filter) raids(d *graph.Dataset, sel map[string]bool, province string) []graph.Raid {
	var out []graph.Raid
	in := inPlace(province)
	compounds := len(f.Kinds) == 0 || slices.Contains(f.Kinds, graph.KindCompound)
	for _, r := range d.Raids {
		here := province == "" || slices.ContainsFunc(r.Provinces, in)
		onSite := (r.Site == "" && compounds) || sel[r.Site]
		if here && onSite {
			out = append(out, r)
		}
	}
	return out
}

// citedSources returns the sources of d that the records of out cite, in
// d's order.
func citedSources(d, out *graph.Dataset) []graph.Source {
	cited := map[string]bool{}
	for id := range out.Cited() {
		cited[id] = true
	}
	var sources []graph.Source
	for _, s := range d.Sources {
		if cited[s.ID] {
			sources = append(sources, s)
		}
	}
	return sources
}
