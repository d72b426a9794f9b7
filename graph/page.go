package graph

import (
	"fmt"
	"sort"
)

// Size checks the page size: negative is invalid, 0 is the default, and
// sizes above MaxPageSize are invalid. A page of None has size 0.
func (p PageArgs) Size() (int, error) {
	switch {
	case p.None:
		return 0, nil
	case p.First < 0:
		return 0, fmt.Errorf("%w: first must not be negative (got %d)", ErrInvalid, p.First)
	case p.First > MaxPageSize:
		return 0, fmt.Errorf("%w: first must be at most %d (got %d)", ErrInvalid, MaxPageSize, p.First)
	case p.First == 0:
		return DefaultPageSize, nil
	}
	return p.First, nil
}

// Paginate slices the ordered listing l by keyset: items whose key sorts
// after the cursor (one of l's), at most the page size. keys must be sorted
// ascending and unique. It returns the indexes [lo, hi) of the page and its
// info, with l's cursors.
func Paginate(l Listing, keys []string, p PageArgs) (lo, hi int, info PageInfo, err error) {
	return PaginateFunc(l, len(keys), func(i int) string { return keys[i] }, p)
}

// PaginateFunc is Paginate over n items whose keys key(i) gives, for
// listings whose keys cost something to build: it asks for the keys of a
// binary search and of the page's two ends only.
func PaginateFunc(l Listing, n int, key func(i int) string, p PageArgs) (lo, hi int, info PageInfo, err error) {
	size, err := p.Size()
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	after, err := l.After(p.After)
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	lo = 0
	if after != "" {
		lo = sort.Search(n, func(i int) bool { return key(i) > after })
	}
	hi = min(lo+size, n)
	info = PageInfo{TotalCount: n, HasNextPage: hi < n}
	if hi > lo {
		info.StartCursor = l.Cursor(key(lo))
		info.EndCursor = l.Cursor(key(hi - 1))
	}
	return lo, hi, info, nil
}
