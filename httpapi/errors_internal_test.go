package httpapi

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/resolvers"
)

func TestClipMessage(t *testing.T) {
	x64, x65 := strings.Repeat("x", 64), strings.Repeat("x", 65)
	words := strings.Repeat("ab ", 2000)
	for _, tc := range []struct{ name, in, want string }{
		{"short", `entity "NOPE": not found`, `entity "NOPE": not found`},
		{"a quoted part at the limit", `field "` + x64 + `" unknown`, `field "` + x64 + `" unknown`},
		{"a long quoted part", `Cannot query field "` + x65 + `" on type "Query".`, `Cannot query field "` + x64 + `…" on type "Query".`},
		{"a quoted part with spaces", `value: "` + strings.Repeat("x ", 100) + `"`, `value: "` + strings.Repeat("x ", 32) + `…"`},
		{"an escaped quote inside", `value "a\"` + x65 + `" end`, `value "a\"` + strings.Repeat("x", 61) + `…" end`},
		{"an unterminated quote", `value "` + x65, `value "` + x64 + `…`},
		{"a long word", `Int cannot represent non-integer value: 1` + strings.Repeat("0", 100) + ` here`, `Int cannot represent non-integer value: 1` + strings.Repeat("0", 63) + `… here`},
		{"characters, not bytes", `"` + strings.Repeat("é", 65) + `"`, `"` + strings.Repeat("é", 64) + `…"`},
		{"many short words", words, string([]rune(words)[:maxMessage]) + "…"},
	} {
		if got := clipMessage(tc.in); got != tc.want {
			t.Errorf("%s: clipMessage(%.80q) = %.200q, want %.200q", tc.name, tc.in, got, tc.want)
		}
	}

	// The messages written here pass whole: the longest is an enum's.
	store, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	schema := resolvers.NewSchema(store, nil, testGazetteer(t)).Schema()
	longest := ""
	for _, def := range schema.Types {
		if def.Kind == ast.Enum {
			msg := enumMessage(`variable $relationshipTypes (argument "relationshipTypes" of siteAssessment)`, "[10]", def, strings.ToLower(def.EnumValues[0].Name))
			if len(msg) > len(longest) {
				longest = msg
			}
		}
	}
	if got := clipMessage(longest); got != longest {
		t.Errorf("the longest enum message (%d characters) is clipped:\n%s\n%s", utf8.RuneCountInString(longest), longest, got)
	}
	if n := utf8.RuneCountInString(longest); n > maxMessage*3/4 {
		t.Errorf("the longest enum message has %d characters: raise maxMessage (%d) to keep room", n, maxMessage)
	}
}
