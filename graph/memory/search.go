package memory

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
)

// nameIndex finds entities by folded name or alias: a sorted list for exact
// and prefix matches, and a trigram index for substrings.
type nameIndex struct {
	keys    []string // folded names, sorted
	entity  []int32  // entity index of keys[i]
	name    []string // the name as written
	trigram map[string][]int32
	fold    []string // each entity's folded name, by entity index (its sort key)
	// ord is each entity's place in (folded name, id) order, by entity
	// index: hits of one rank sort by it with no string compared
	ord []int32
}

// nameEntry is one name or alias of entity e: folded (key) and as written.
type nameEntry struct {
	key, name string
	e         int32
}

func buildNameIndex(es []graph.Entity) nameIndex {
	var entries []nameEntry
	for i, e := range es {
		for _, n := range e.Names() {
			if k := graph.Fold(n); k != "" {
				entries = append(entries, nameEntry{k, n, int32(i)})
			}
		}
	}
	slices.SortFunc(entries, func(a, b nameEntry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.e, b.e))
	})
	ix := nameIndex{trigram: map[string][]int32{}, fold: make([]string, len(es))}
	for i, e := range es {
		ix.fold[i] = graph.Fold(e.Name)
	}
	ix.ord = searchOrder(es, ix.fold, entries)
	for i, en := range entries {
		ix.keys = append(ix.keys, en.key)
		ix.entity = append(ix.entity, en.e)
		ix.name = append(ix.name, en.name)
		for _, g := range trigrams(en.key) {
			p := ix.trigram[g]
			if len(p) == 0 || p[len(p)-1] != int32(i) {
				ix.trigram[g] = append(p, int32(i))
			}
		}
	}
	return ix
}

// searchOrder is each entity's place in (folded name, id) order, read off
// the name entries sorted by folded name: each entity at the entry of its
// own folded name (those whose name folds to nothing first), and the
// entities of one folded name sorted by id.
func searchOrder(es []graph.Entity, fold []string, entries []nameEntry) []int32 {
	byKey := make([]int32, 0, len(es))
	for i := range es {
		if fold[i] == "" {
			byKey = append(byKey, int32(i))
		}
	}
	placed := make([]bool, len(es))
	for _, en := range entries {
		if en.key == fold[en.e] && !placed[en.e] {
			placed[en.e] = true
			byKey = append(byKey, en.e)
		}
	}
	byID := func(a, b int32) int { return strings.Compare(es[a].ID, es[b].ID) }
	for i := 0; i < len(byKey); {
		j := i + 1
		for j < len(byKey) && fold[byKey[j]] == fold[byKey[i]] {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(byKey[i:j], byID)
		}
		i = j
	}
	ord := make([]int32, len(es))
	for at, e := range byKey {
		ord[e] = int32(at)
	}
	return ord
}

func trigrams(s string) []string {
	r := []rune(s)
	if len(r) < 3 {
		return nil
	}
	out := make([]string, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		out = append(out, string(r[i:i+3]))
	}
	return out
}

// candidates returns the entries whose key contains q.
func (ix nameIndex) candidates(q string) []int32 {
	grams := trigrams(q)
	if len(grams) == 0 {
		var out []int32
		for i, k := range ix.keys {
			if strings.Contains(k, q) {
				out = append(out, int32(i))
			}
		}
		return out
	}
	lists := make([][]int32, 0, len(grams))
	for _, g := range grams {
		p := ix.trigram[g]
		if len(p) == 0 {
			return nil
		}
		lists = append(lists, p)
	}
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	cur := lists[0]
	for _, l := range lists[1:] {
		cur = intersect(cur, l)
	}
	out := cur[:0:0]
	for _, i := range cur {
		if strings.Contains(ix.keys[i], q) {
			out = append(out, i)
		}
	}
	return out
}

func intersect(a, b []int32) []int32 {
	var out []int32
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func (s *Store) Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error) {
	if err := ctx.Err(); err != nil {
		return graph.SearchPage{}, err
	}
	text, err := graph.CheckQueryText("search text", q.Text)
	if err != nil {
		return graph.SearchPage{}, err
	}
	for _, k := range q.Kinds {
		if _, err := graph.ParseKind(string(k)); err != nil {
			return graph.SearchPage{}, err
		}
	}
	// the best match of each entity: ranks and names only; entities and
	// cursors are made for the page alone
	type hit struct {
		e     int32
		rank  int
		match string
	}
	cands := s.names.candidates(text)
	at := make(map[int32]int, len(cands))
	hits := make([]hit, 0, len(cands))
	for _, i := range cands {
		key := s.names.keys[i]
		rank := 2
		switch {
		case key == text:
			rank = 0
		case strings.HasPrefix(key, text):
			rank = 1
		}
		e := s.names.entity[i]
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, s.d.Entities[e].Kind) {
			continue
		}
		if k, ok := at[e]; ok {
			if h := hits[k]; h.rank < rank || (h.rank == rank && h.match <= s.names.name[i]) {
				continue
			}
			hits[k].rank, hits[k].match = rank, s.names.name[i]
			continue
		}
		at[e] = len(hits)
		hits = append(hits, hit{e: e, rank: rank, match: s.names.name[i]})
	}
	// in graph.SearchKey's order: rank (one digit), folded name, id; a
	// folded name has no NUL, the keys' separator, so comparing the parts
	// orders as comparing the keys, which are built for the page alone;
	// the index's ord holds the order of the last two
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(s.names.ord[a.e], s.names.ord[b.e]))
	})
	key := func(i int) string {
		// graph.SearchKey, from the index's folded names
		return strconv.Itoa(hits[i].rank) + "\x00" + s.names.fold[hits[i].e] + "\x00" + s.d.Entities[hits[i].e].ID
	}
	lo, hi, info, err := graph.PaginateFunc(graph.ListSearch, len(hits), key, q.PageArgs)
	if err != nil {
		return graph.SearchPage{}, err
	}
	page := graph.SearchPage{Items: make([]graph.SearchHit, 0, hi-lo), Cursors: make([]string, 0, hi-lo), PageInfo: info}
	for i := lo; i < hi; i++ {
		h := hits[i]
		page.Items = append(page.Items, graph.SearchHit{Entity: s.d.Entities[h.e], Match: h.match, Rank: h.rank})
		page.Cursors = append(page.Cursors, graph.ListSearch.Cursor(key(i)))
	}
	return page, nil
}
