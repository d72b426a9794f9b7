package graph

import (
	"encoding/base64"
	"fmt"
)

// EncodeCursor makes an opaque cursor from a listing's sort key.
func EncodeCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// DecodeCursor reads a cursor made by EncodeCursor; "" decodes to "".
func DecodeCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) == 0 {
		return "", fmt.Errorf("%w: cursor %s was not issued by this service", ErrInvalid, Quote(c))
	}
	return string(b), nil
}

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

// Paginate slices an ordered listing by keyset: items whose key sorts after
// the cursor, at most the page size. keys must be sorted ascending and
// unique. It returns the indexes [lo, hi) of the page and its info.
func Paginate(keys []string, p PageArgs) (lo, hi int, info PageInfo, err error) {
	size, err := p.Size()
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	after, err := DecodeCursor(p.After)
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	lo = 0
	if after != "" {
		lo = searchAfter(keys, after)
	}
	hi = min(lo+size, len(keys))
	info = PageInfo{TotalCount: len(keys), HasNextPage: hi < len(keys)}
	if hi > lo {
		info.StartCursor = EncodeCursor(keys[lo])
		info.EndCursor = EncodeCursor(keys[hi-1])
	}
	return lo, hi, info, nil
}

func searchAfter(keys []string, after string) int {
	lo, hi := 0, len(keys)
	for lo < hi {
		m := (lo + hi) / 2
		if keys[m] <= after {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
