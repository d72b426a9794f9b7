package graph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
)

func TestCheckQueryText(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"O'Smach  Resort", "o smach resort", ""},
		{"Lý", "ly", ""},
		{"  ,; ", "", "search text is empty"},
		{"\xff", "", "search text is not valid UTF-8"},
		{"alpha\xffpark", "", "search text is not valid UTF-8"}, // would fold to "alpha park"
		{"\xc3", "", "search text is not valid UTF-8"},          // a sequence cut short
		{"alpha\uFFFDpark", "", "search text is not valid UTF-8"},
		{strings.Repeat("a", graph.MaxQueryText+1), "", "at most 200"},
	} {
		got, err := graph.CheckQueryText("search text", tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("CheckQueryText(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, graph.ErrInvalid)):
			t.Errorf("CheckQueryText(%q) = %q, %v; want an ErrInvalid saying %q", tc.in, got, err, tc.err)
		}
	}
}
