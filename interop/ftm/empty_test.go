package ftm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop/ftm"
)

// TestReadRejectsEmptyInput: an input with nothing to import is an error
// that says so, not an empty import.
func TestReadRejectsEmptyInput(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "no FollowTheMoney entity in the input"},
		{"blank lines", "\n  \n\t\n\r\n", "no FollowTheMoney entity in the input"},
		{"only unmapped schemata", `{"id":"v1","schema":"Vessel","properties":{"name":["X"]}}` + "\n",
			"none of its 1 entities maps to an entity, claim or designation"},
		{"only an uncited document", `{"id":"d1","schema":"Document","properties":{"title":["X"]}}` + "\n",
			"none of its 1 entities maps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frag, err := ftm.Read(strings.NewReader(tc.in), ftm.Options{Name: "in.ftm.json"})
			if err == nil {
				t.Fatalf("Read succeeded with %d entities, %d sources", len(frag.Entities), len(frag.Sources))
			}
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "in.ftm.json") {
				t.Errorf("err = %v, want ErrInvalid naming the input and %q", err, tc.want)
			}
		})
	}
}
