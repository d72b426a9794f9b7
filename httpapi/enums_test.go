package httpapi_test

import (
	"strings"
	"testing"

	"github.com/patronage/patronage/httpapi"
)

// TestEnumsAreExact: an enum value in the wrong case, or unknown, is an
// error naming the argument and the valid values, never a silent default.
// One case per enum that an argument takes, as a variable and as a literal.
func TestEnumsAreExact(t *testing.T) {
	h := newHandler(t, fixtureStore(t))
	for _, tc := range []struct {
		enum, query string
		vars        map[string]any
		where       string // the argument the message must name
		valid       string // part of the valid-values list
	}{
		{"ClaimStatus", `query($m: ClaimStatus) { siteAssessment(minClaimStatus: $m) { sites { connected } } }`,
			map[string]any{"m": "official_record"}, `argument "minClaimStatus" of siteAssessment`, "DENIED, DISPUTED, ALLEGED, REPORTED, OFFICIAL_RECORD"},
		{"ClaimStatus in an input object", `query($f: CompoundFilter) { compounds(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"connected": true, "minClaimStatus": "Reported"}}, "at minClaimStatus", "OFFICIAL_RECORD"},
		{"Direction", `query($d: Direction) { entity(id: "C_A") { relationships(direction: $d) { totalCount } } }`,
			map[string]any{"d": "in"}, `argument "direction" of relationships`, "BOTH, OUT, IN"},
		{"SiteState", `query($f: CompoundFilter) { compounds(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"status": "closed"}}, `variable $f (argument "filter" of compounds) at status`, "UNKNOWN, OPERATING, CLOSED"},
		{"EntityKind", `query($k: EntityKind) { match(name: "Senator", kind: $k) { score } }`,
			map[string]any{"k": "person"}, `argument "kind" of match`, "PERSON, ORGANIZATION, COMPOUND"},
		{"EntityKind in a list", `query($k: [EntityKind!]) { search(query: "a", kinds: $k) { totalCount } }`,
			map[string]any{"k": []any{"PERSON", "compound"}}, `argument "kinds" of search`, "PERSON"},
		{"RelationshipType", `query($t: [RelationshipType!]) { entity(id: "C_A") { relationships(types: $t) { totalCount } } }`,
			map[string]any{"t": []any{"owns"}}, `at [0]`, "OWNS, CONTROLS"},
		{"RelationshipType, a single value for a list", `query($t: [RelationshipType!]) { paths(from: "C_A", to: "P_SEN", relationshipTypes: $t) { length } }`,
			map[string]any{"t": "Family_Of"}, `argument "relationshipTypes" of paths`, "FAMILY_OF"},
	} {
		t.Run(tc.enum+" variable", func(t *testing.T) {
			resp := post(t, h, tc.query, tc.vars)
			if resp.Data != nil && string(resp.Data) != "null" {
				t.Errorf("data = %s, want none: nothing may run on a wrong value", resp.Data)
			}
			wantError(t, resp, httpapi.CodeBadUserInput, tc.where)
			if len(resp.Errors) == 1 {
				if m := resp.Errors[0].Message; !strings.Contains(m, tc.valid) || !strings.Contains(m, "valid values") {
					t.Errorf("message %q does not list the valid values (%s)", m, tc.valid)
				}
			}
		})
	}

	for _, tc := range []struct{ name, query, where, valid string }{
		{"ClaimStatus", `{ siteAssessment(minClaimStatus: official_record) { sites { connected } } }`, `argument "minClaimStatus" of siteAssessment`, "did you mean OFFICIAL_RECORD?"},
		{"Direction", `{ entity(id: "C_A") { relationships(direction: in) { totalCount } } }`, `argument "direction" of relationships`, "did you mean IN?"},
		{"SiteState", `{ compounds(filter: {status: Closed}) { totalCount } }`, `argument "filter" of compounds at status`, "did you mean CLOSED?"},
		{"EntityKind", `{ search(query: "a", kinds: [PERSON, person]) { totalCount } }`, `argument "kinds" of search at [1]`, "did you mean PERSON?"},
		{"RelationshipType", `{ entity(id: "C_A") { relationships(types: [OWNED_BY]) { totalCount } } }`, `argument "types" of relationships`, "valid values: OWNS, CONTROLS"},
		{"a variable's default", `query($m: ClaimStatus = reported) { siteAssessment(minClaimStatus: $m) { sites { connected } } }`, "default of variable $m", "did you mean REPORTED?"},
	} {
		t.Run(tc.name+" literal", func(t *testing.T) {
			resp := post(t, h, tc.query, nil)
			wantError(t, resp, httpapi.CodeBadUserInput, tc.where)
			if len(resp.Errors) == 1 && !strings.Contains(resp.Errors[0].Message, tc.valid) {
				t.Errorf("message %q does not say %q", resp.Errors[0].Message, tc.valid)
			}
		})
	}

	// The exact values still answer, and answer differently: the wrong case
	// used to fall back to the default silently.
	type table struct {
		SiteAssessment struct {
			UnraidedConnected []struct{ Site struct{ ID string } }
		}
	}
	q := `query($m: ClaimStatus) { siteAssessment(minClaimStatus: $m) { unraidedConnected { site { id } } } }`
	strict := must[table](t, post(t, h, q, map[string]any{"m": "REPORTED"}))
	loose := must[table](t, post(t, h, q, nil))
	if len(strict.SiteAssessment.UnraidedConnected) == len(loose.SiteAssessment.UnraidedConnected) {
		t.Errorf("REPORTED and the default ALLEGED give the same cell (%d sites): the variable was not applied",
			len(strict.SiteAssessment.UnraidedConnected))
	}
	dir := `query($d: Direction) { entity(id: "P_KID") { relationships(direction: $d) { totalCount } } }`
	type rels struct {
		Entity struct{ Relationships struct{ TotalCount int } }
	}
	in := must[rels](t, post(t, h, dir, map[string]any{"d": "IN"}))
	both := must[rels](t, post(t, h, dir, map[string]any{"d": "BOTH"}))
	if in.Entity.Relationships.TotalCount >= both.Entity.Relationships.TotalCount {
		t.Errorf("direction IN gives %d relationships, BOTH %d: want fewer for IN", in.Entity.Relationships.TotalCount, both.Entity.Relationships.TotalCount)
	}
}
