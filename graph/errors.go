package graph

import "errors"

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
