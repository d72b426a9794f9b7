package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The orderings below are part of the Store contract: every backend sorts
// its answers the same way, so that the same dataset gives the same answer.

// EdgeKey is the sort and cursor key of an edge in Neighbours order.
func EdgeKey(e Edge) string {
	return string(e.Claim.Type) + "\x00" + e.Other + "\x00" + e.Claim.ID
}

// SortEdges puts edges in Neighbours order.
func SortEdges(es []Edge) {
	slices.SortFunc(es, func(a, b Edge) int { return strings.Compare(EdgeKey(a), EdgeKey(b)) })
}

// SearchKey is the sort and cursor key of a search hit.
func SearchKey(h SearchHit) string {
	return strconv.Itoa(h.Rank) + "\x00" + Fold(h.Entity.Name) + "\x00" + h.Entity.ID
}

// SearchOrder is each entity's place (0, 1, ...) in the order of search
// hits of one rank: by folded name (its bytes), then id — SearchKey's order
// without the rank. A backend can keep it to sort hits on one integer.
func SearchOrder(es []Entity) []int32 {
	type key struct {
		name, id string
		i        int32
	}
	keys := make([]key, len(es))
	for i, e := range es {
		keys[i] = key{Fold(e.Name), e.ID, int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.id, b.id))
	})
	ord := make([]int32, len(es))
	for at, k := range keys {
		ord[k.i] = int32(at)
	}
	return ord
}

// RaidKey is the sort and cursor key of a raid: start date, then id.
func RaidKey(r Raid) string {
	return fmt.Sprintf("%08d\x00%s", r.Start.Ordinal(), r.ID)
}

// SortRaids orders raids by start date, then id.
func SortRaids(rs []Raid) {
	slices.SortFunc(rs, func(a, b Raid) int { return strings.Compare(RaidKey(a), RaidKey(b)) })
}

// SortDesignations orders designations by date (the undated first), then
// on-or-before date, then id.
func SortDesignations(ds []Designation) {
	slices.SortFunc(ds, func(a, b Designation) int {
		return cmp.Or(a.Date.Compare(b.Date), a.OnOrBefore.Compare(b.OnOrBefore), strings.Compare(a.ID, b.ID))
	})
}

// PathKey identifies a path by the claim ids along it (and the start).
func PathKey(p Path) string {
	var b strings.Builder
	b.WriteString(p.Start)
	for _, h := range p.Hops {
		b.WriteByte('>')
		b.WriteString(h.Claim.ID)
	}
	return b.String()
}

// ComparePaths orders paths: fewer hops first, then a stronger weakest
// claim, then by the claim ids along the path.
func ComparePaths(a, b Path) int {
	return cmp.Or(
		cmp.Compare(len(a.Hops), len(b.Hops)),
		cmp.Compare(b.Weakest, a.Weakest),
		strings.Compare(PathKey(a), PathKey(b)),
	)
}

// SortPaths orders paths with ComparePaths.
func SortPaths(ps []Path) { slices.SortFunc(ps, ComparePaths) }

// Weakest returns the weakest status among hops (0 for no hops).
func Weakest(hops []Hop) ClaimStatus {
	var w ClaimStatus
	for i, h := range hops {
		if i == 0 || h.Claim.Status < w {
			w = h.Claim.Status
		}
	}
	return w
}

// SortSites orders assessment rows by site id.
func SortSites(s []SiteAssessment) {
	byID := func(a, b *SiteAssessment) int { return strings.Compare(a.Site.ID, b.Site.ID) }
	sorted := true
	for i := 1; i < len(s) && sorted; i++ {
		sorted = byID(&s[i-1], &s[i]) <= 0
	}
	if !sorted { // rows are large: compare them in place, not by copy, when they are in order already
		slices.SortFunc(s, func(a, b SiteAssessment) int { return byID(&a, &b) })
	}
}

// SortEvidence orders evidence by its path.
func SortEvidence(ev []Evidence) {
	slices.SortFunc(ev, func(a, b Evidence) int { return ComparePaths(a.Path, b.Path) })
}
