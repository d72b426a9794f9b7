package graph

import (
	"errors"
	"strconv"
)

// Sentinel errors. Stores and parsers wrap them with context; callers test
// them with errors.Is.
var (
	// ErrNotFound: the entity, source or other record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: an argument or a data record is malformed or out of range.
	ErrInvalid = errors.New("invalid")
	// ErrUnavailable: the backing store cannot be reached.
	ErrUnavailable = errors.New("store unavailable")
)

// MaxEcho is the most of a caller's input, in characters, that an error
// message repeats: enough to recognise the value, never the whole of a
// large one.
const MaxEcho = 64

// Quote quotes s for an error message, as %q does, keeping at most MaxEcho
// characters of it; a longer s is cut, and the cut marked with "…".
func Quote(s string) string {
	n := 0
	for i := range s {
		if n == MaxEcho {
			return strconv.Quote(s[:i] + "…")
		}
		n++
	}
	return strconv.Quote(s)
}
