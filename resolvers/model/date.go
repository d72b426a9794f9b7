package model

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/patronage/patronage/graph"
)

// MarshalDate writes a date at its own precision ("2025", "2025-07",
// "2025-07-14"); the unknown date is null.
func MarshalDate(d graph.Date) graphql.Marshaler {
	if d.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads YYYY, YYYY-MM or YYYY-MM-DD. Anything else is an error
// wrapping graph.ErrInvalid.
func UnmarshalDate(v any) (graph.Date, error) {
	s, ok := v.(string)
	if !ok {
		return graph.Date{}, fmt.Errorf("%w: a date is a string YYYY, YYYY-MM or YYYY-MM-DD, not %T", graph.ErrInvalid, v)
	}
	if s == "" {
		return graph.Date{}, fmt.Errorf("%w: a date is YYYY, YYYY-MM or YYYY-MM-DD, not empty (leave the argument out instead)", graph.ErrInvalid)
	}
	return graph.ParseDate(s)
}
