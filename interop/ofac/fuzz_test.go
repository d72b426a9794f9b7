package ofac_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop/ofac"
)

func seedRows(f *testing.F, file string) {
	b, err := os.ReadFile("testdata/sdn/" + file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	for _, l := range strings.Split(string(b), "\n") {
		f.Add(l)
	}
	f.Add("")
	f.Add("\x1a")
	f.Add(`1,"unterminated`)
	f.Add("-0-,-0-,-0-")
}

// checkErr fails when a parse error does not say where.
func checkErr(t *testing.T, err error, name string) {
	if err == nil {
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, name+":") {
			t.Fatalf("error without its place: %q", line)
		}
	}
}

func FuzzParseSDN(f *testing.F) {
	seedRows(f, "sdn.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ofac.ParseSDN(strings.NewReader(s), "sdn.csv")
		checkErr(t, err, "sdn.csv")
		seen := map[int]bool{}
		for _, r := range rows {
			if r.EntNum <= 0 || seen[r.EntNum] || r.Line <= 0 {
				t.Fatalf("bad row accepted: %+v", r)
			}
			seen[r.EntNum] = true
		}
		if err != nil {
			return
		}
		// A list that parses must read into a fragment whose records
		// have ids and sources.
		fsys := fstest.MapFS{"sdn.csv": {Data: []byte(s)}, "alt.csv": {}, "add.csv": {}}
		frag, err := ofac.Read(fsys, "fuzz", ofac.Options{ListDate: graph.MustDate("2025-01-15")})
		if err != nil {
			checkErr(t, err, "fuzz/sdn.csv")
			return
		}
		for _, d := range frag.Designations {
			if d.ID == "" || d.Target == "" || len(d.Sources) != 1 || d.Program == "" || d.Date.IsZero() && d.OnOrBefore.String() != "2025-01-15" || !d.Date.IsZero() && !d.OnOrBefore.IsZero() {
				t.Fatalf("bad designation %+v", d)
			}
		}
	})
}

func FuzzParseAlt(f *testing.F) {
	seedRows(f, "alt.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ofac.ParseAlt(strings.NewReader(s), "alt.csv")
		checkErr(t, err, "alt.csv")
		for _, r := range rows {
			if r.EntNum <= 0 || r.AltNum <= 0 || r.Name == "" {
				t.Fatalf("bad row accepted: %+v", r)
			}
		}
	})
}

func FuzzParseAdd(f *testing.F) {
	seedRows(f, "add.csv")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ofac.ParseAdd(strings.NewReader(s), "add.csv")
		checkErr(t, err, "add.csv")
		for _, r := range rows {
			if r.EntNum <= 0 || r.AddNum <= 0 {
				t.Fatalf("bad row accepted: %+v", r)
			}
		}
	})
}
