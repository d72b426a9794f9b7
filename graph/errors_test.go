package graph_test

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

// TestQuote: an error message repeats at most graph.MaxEcho characters of
// what it was sent.
func TestQuote(t *testing.T) {
	long := strings.Repeat("x", graph.MaxEcho)
	for _, tc := range []struct{ in, want string }{
		{"NOPE", `"NOPE"`},
		{"", `""`},
		{`a"b`, `"a\"b"`},
		{long, `"` + long + `"`},
		{long + "y", `"` + long + `…"`},
		{strings.Repeat("é", 900), `"` + strings.Repeat("é", graph.MaxEcho) + `…"`}, // characters, not bytes
		{strings.Repeat("x", 1<<20), `"` + long + `…"`},
	} {
		if got := graph.Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%.80q) = %.100s, want %.100s", tc.in, got, tc.want)
		}
	}
}
