package ftm_test

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph/storetest"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
)

// FuzzParseLine feeds arbitrary lines to the line parser and to Read: they
// must never panic, and what Read accepts must merge into a dataset
// without breaking it (a malformed line is an error, never a corrupt
// record).
var placed = regexp.MustCompile(`^fuzz:[0-9]+: |^invalid: and [0-9]+ more problem|^fuzz: no FollowTheMoney entity|^fuzz: none of its`)

func FuzzParseLine(f *testing.F) {
	var buf bytes.Buffer
	if _, err := ftm.Write(&buf, storetest.Fixture()); err != nil {
		f.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		f.Add(l)
	}
	if b, err := os.ReadFile("testdata/foreign.ftm.json"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f.Add(l)
		}
	}
	for _, s := range []string{`{}`, `[]`, `{"id":"x","schema":"Person","properties":{"name":[1]}}`, `{"id":"x","schema":"Person","patronage":{"record":"entity","id":"P","kind":"person"}}`,
		`{"id":"x","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"startDate":["2024-02-30"]}}`, "\x00", `{"id":"a b","schema":"Person"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		e, err := ftm.ParseLine([]byte(line))
		if err == nil && (e.ID == "" || e.Schema == "") {
			t.Fatalf("ParseLine(%q) accepted an entity without id or schema", line)
		}
		frag, err := ftm.Read(strings.NewReader(line), ftm.Options{Name: "fuzz"})
		if err != nil {
			// every problem names its line (the input may hold several)
			for _, msg := range strings.Split(err.Error(), "\n") {
				if !placed.MatchString(msg) {
					t.Fatalf("error without its place: %q", msg)
				}
			}
			return
		}
		base := storetest.Fixture()
		before := storetest.Canonical(base)
		merged, _, err := interop.Merge(base, frag, interop.MergeOptions{})
		// Whether it fits the dataset or not (e.g. a claim between the
		// wrong kinds: reported, never written), the base is untouched.
		if after := storetest.Canonical(base); after != before {
			t.Fatalf("merging %q changed the base dataset", line)
		}
		if err != nil {
			return
		}
		if err := merged.Check(nil); err != nil {
			t.Fatalf("merged dataset does not check: %v", err)
		}
	})
}
