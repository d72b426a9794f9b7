package ofac_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop/ofac"
)

// TestReadRejectsEmptyInput: three empty files (or only blank lines and
// the end-of-file mark) are an error, not an import of the list's source
// and authority alone.
func TestReadRejectsEmptyInput(t *testing.T) {
	files := func(sdn, alt, add string) fstest.MapFS {
		return fstest.MapFS{"sdn.csv": {Data: []byte(sdn)}, "alt.csv": {Data: []byte(alt)}, "add.csv": {Data: []byte(add)}}
	}
	vessel := `900003,"FICTIONAL STAR",vessel,"FXTCO",-0- ,"FX123","Cargo",-0- ,-0- ,"Fixtureland",-0- ,-0- ` + "\r\n"
	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
		keep func(ofac.Entry) bool
		want string
	}{
		{"three empty files", files("", "", ""), nil, "sdn.csv: holds no entry"},
		{"blank lines and EOF mark", files("\r\n\r\n\x1a", "\x1a", ""), nil, "sdn.csv: holds no entry"},
		{"nothing selected", files(vessel, "", ""), func(ofac.Entry) bool { return false }, "none of its 1 entries is selected"},
		{"only a vessel", files(vessel, "", ""), nil, "none of the 1 entries selected is a person or an organization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frag, err := ofac.Read(tc.fs, "sdn", ofac.Options{ListDate: graph.MustDate("2025-01-15"), Keep: tc.keep})
			if err == nil {
				t.Fatalf("Read succeeded: %d sources, %d entities", len(frag.Sources), len(frag.Entities))
			}
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
