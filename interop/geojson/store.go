package geojson

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
)

// Export writes one layer (see Layers) of part, a selection of the dataset
// full (such as interop.Subset makes), to w, with the default site
// assessment of full: what `patronage export geojson` writes. The
// assessment is made before anything is written.
func Export(ctx context.Context, w io.Writer, layer string, full, part *graph.Dataset) (Report, error) {
	s, err := memory.New(full)
	if err != nil {
		return Report{}, err
	}
	a, err := s.SiteAssessment(ctx, graph.AssessmentQuery{})
	if err != nil {
		return Report{}, err
	}
	return Write(w, layer, part, &a)
}

// FromStore reads from a store what the layers need — every compound and
// raid, the claims and designations about the compounds, the sources they
// cite — with the default site assessment, so that a server writes the
// same layers as `patronage export geojson` on the same dataset, whichever
// store it reads. The dataset returned holds only those records. Returns
// an error wrapping graph.ErrUnavailable when the dataset changed while it
// was read.
func FromStore(ctx context.Context, s graph.Store) (*graph.Dataset, *graph.Assessment, error) {
	version, err := s.Version(ctx)
	if err != nil {
		return nil, nil, err
	}
	d := &graph.Dataset{Version: version}
	d.Entities, err = every(func(p graph.PageArgs) (graph.CompoundPage, error) {
		return s.Compounds(ctx, graph.CompoundFilter{PageArgs: p})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list compounds: %w", err)
	}
	d.Raids, err = every(func(p graph.PageArgs) (graph.RaidPage, error) { return s.Raids(ctx, graph.RaidFilter{PageArgs: p}) })
	if err != nil {
		return nil, nil, fmt.Errorf("list raids: %w", err)
	}
	if err := readAboutCompounds(ctx, s, d); err != nil {
		return nil, nil, err
	}
	// the raids' targets are compounds, already read
	cited := slices.Compact(slices.Sorted(d.Cited()))
	srcs, err := s.Sources(ctx, cited)
	if err != nil {
		return nil, nil, fmt.Errorf("sources: %w", err)
	}
	for _, id := range cited {
		if src, ok := srcs[id]; ok {
			d.Sources = append(d.Sources, src)
		}
	}
	a, err := s.SiteAssessment(ctx, graph.AssessmentQuery{})
	if err != nil {
		return nil, nil, fmt.Errorf("site assessment: %w", err)
	}
	after, err := s.Version(ctx)
	if err != nil {
		return nil, nil, err
	}
	if after != version {
		return nil, nil, fmt.Errorf("%w: the dataset changed from %s to %s while the map layers were read", graph.ErrUnavailable, version, after)
	}
	return d, &a, nil
}

// every reads all the pages of a listing.
func every[T any](page func(graph.PageArgs) (graph.Page[T], error)) ([]T, error) {
	var out []T
	for after := ""; ; {
		p, err := page(graph.PageArgs{First: graph.MaxPageSize, After: after})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if !p.PageInfo.HasNextPage {
			return out, nil
		}
		after = p.PageInfo.EndCursor
	}
}

// readAboutCompounds adds to d the designations of its compounds and every
// claim about them, denied ones included (its sources are the site's
// sources), compound by compound.
func readAboutCompounds(ctx context.Context, s graph.Store, d *graph.Dataset) error {
	ids := make([]string, len(d.Entities))
	for i, e := range d.Entities {
		ids[i] = e.ID
	}
	ds, err := s.Designations(ctx, ids)
	if err != nil {
		return fmt.Errorf("designations: %w", err)
	}
	edges, err := s.EdgesOf(ctx, ids, graph.ClaimFilter{MinStatus: graph.StatusDenied})
	if err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		d.Designations = append(d.Designations, ds[id]...)
		for _, e := range edges[id] {
			if !seen[e.Claim.ID] {
				seen[e.Claim.ID] = true
				d.Claims = append(d.Claims, e.Claim)
			}
		}
	}
	return nil
}
