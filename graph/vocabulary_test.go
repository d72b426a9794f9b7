package graph_test

import (
	"slices"
	"testing"

	"github.com/patronage/patronage/graph"
)

// The words added for the November 2026 leads (issue #14): official
// measures, each ending at a government body, none a connection.
func TestMeasureWords(t *testing.T) {
	for _, tc := range []struct {
		t    graph.RelType
		from []graph.Kind
	}{
		{graph.RelForfeitureSought, []graph.Kind{graph.KindPerson, graph.KindOrganization}},
		{graph.RelDetentionOrdered, []graph.Kind{graph.KindPerson}},
		{graph.RelCitizenshipRevoked, []graph.Kind{graph.KindPerson}},
		{graph.RelClosedBy, []graph.Kind{graph.KindOrganization, graph.KindCompound}},
		{graph.RelStruckBy, []graph.Kind{graph.KindCompound}},
		{graph.RelGeneralLicenceBy, []graph.Kind{graph.KindPerson, graph.KindOrganization, graph.KindCompound}},
	} {
		spec, ok := graph.LookupRel(tc.t)
		if !ok {
			t.Fatalf("%s is not in the vocabulary", tc.t)
		}
		if !spec.ToGovBody || !slices.Equal(spec.To, []graph.Kind{graph.KindOrganization}) || spec.Symmetric {
			t.Errorf("%s: to %v gov body %v symmetric %v, want a government body, one way", tc.t, spec.To, spec.ToGovBody, spec.Symmetric)
		}
		if !slices.Equal(spec.From, tc.from) {
			t.Errorf("%s: from %v, want %v", tc.t, spec.From, tc.from)
		}
		if slices.Contains(graph.ConnectionTypes(), tc.t) {
			t.Errorf("%s is a connection type; official measures must not be", tc.t)
		}
		if got, err := graph.ParseRelType(string(tc.t)); err != nil || got != tc.t {
			t.Errorf("ParseRelType(%q) = %v, %v", tc.t, got, err)
		}
	}
	// No official measure is a connection, old or new.
	for _, spec := range graph.Vocabulary() {
		if spec.ToGovBody && slices.Contains(graph.ConnectionTypes(), spec.Type) {
			t.Errorf("%s ends at a government body and is a connection type", spec.Type)
		}
	}
}
