package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
)

// recorder is a testing.TB that keeps the failures reported to it instead
// of failing the test, so that a test can show that Compare fails.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// compare runs storetest.Compare(want, got) on a recorder and returns what
// it reported.
func compare(t *testing.T, d *graph.Dataset, want, got graph.Store) []string {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		storetest.Compare(r, d, want, got)
	}()
	<-done
	return r.failures
}

func mustOpen(t *testing.T, d *graph.Dataset) graph.Store {
	t.Helper()
	s, err := memory.New(d)
	if err != nil {
		t.Fatalf("memory.New: %v", err)
	}
	return s
}

// nilEdges answers EdgesOf with a nil list for an entity with no claims,
// as a careless backend might.
type nilEdges struct{ graph.Store }

func (s nilEdges) EdgesOf(ctx context.Context, ids []string, f graph.ClaimFilter) (map[string][]graph.Edge, error) {
	m, err := s.Store.EdgesOf(ctx, ids, f)
	for id, es := range m {
		if len(es) == 0 {
			m[id] = nil
		}
	}
	return m, err
}

// failingStats fails where the other store answers.
type failingStats struct{ graph.Store }

func (failingStats) Stats(context.Context) (graph.Stats, error) {
	return graph.Stats{}, errors.New("stats: broken")
}

// TestCompareFails shows that Compare finds what it is there to find: two
// stores whose answers differ, a nil list hidden by Canonical, an error on
// one side only. Each case must be reported, naming the question.
func TestCompareFails(t *testing.T) {
	d := storetest.Fixture()
	base := mustOpen(t, d)
	if got := compare(t, d, base, mustOpen(t, storetest.Fixture())); len(got) != 0 {
		t.Fatalf("the same dataset twice: %d failures, want none:\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, tc := range []struct {
		name   string
		change func(*graph.Dataset)
		wrap   func(graph.Store) graph.Store
		want   []string // substrings of reported failures, each found at least once
	}{
		{name: "a claim's status differs", change: func(d *graph.Dataset) { d.Claims[3].Status = graph.StatusAlleged }, // CL_04
			want: []string{"EdgesOf differs", "SiteAssessment differs", "Neighbours(O_HOLD) differs"}},
		{name: "an entity renamed", change: func(d *graph.Dataset) { d.Entities[1].Name = "Beta Kid" }, // P_KID
			want: []string{"Entities differs", "Search(Beta Child) differs"}},
		{name: "a claim missing", change: func(d *graph.Dataset) { d.Claims = d.Claims[1:] }, // CL_01: P_SEN no longer exposed
			want: []string{"Flags differs", "SiteAssessment differs", "Stats differs"}},
		{name: "a raid's count differs", change: func(d *graph.Dataset) { d.Raids[0].Accounts[1].Detained = &graph.Count{Value: 231} },
			want: []string{"RaidsOn differs", "Raids differs"}},
		{name: "nil lists", wrap: func(s graph.Store) graph.Store { return nilEdges{s} },
			want: []string{"EdgesOf: the second store answers nil lists"}},
		{name: "an error on one side", wrap: func(s graph.Store) graph.Store { return failingStats{s} },
			want: []string{"Stats: errors differ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := storetest.Fixture()
			if tc.change != nil {
				tc.change(other)
			}
			got := mustOpen(t, other)
			if tc.wrap != nil {
				got = tc.wrap(got)
			}
			failures := compare(t, d, base, got)
			all := strings.Join(failures, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("Compare reported %d failures, none with %q:\n%s", len(failures), w, all)
				}
			}
		})
	}
}
