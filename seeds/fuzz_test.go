package seeds_test

import (
	"errors"
	"io/fs"
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/seeds"
)

// FuzzLoad feeds whole file contents through Load, the loader behind
// `patronage validate` and `serve --data`: file picks the table (a seed
// file, or the optional external_ids.csv) whose contents replace those of
// the small valid dataset of the tests (the curated one would make every
// input several times slower to check). Load must not panic, and must
// return either a dataset or problems that each name a file of the dataset
// and a line within it. The corpus starts from the files of both datasets
// and, for each, the stray quotes that once made Load panic.
func FuzzLoad(f *testing.F) {
	base := valid()
	base[seeds.ExternalIDsFile] = "id,external_id\nP_A,ftm:fx-1\n"
	names := append(seeds.Files(), seeds.ExternalIDsFile)
	for i, name := range names {
		bodies := []string{base[name]}
		switch curated, err := fs.ReadFile(seeds.Embedded(), name); {
		case err == nil:
			bodies = append(bodies, string(curated))
		case !errors.Is(err, fs.ErrNotExist): // external_ids.csv is not curated
			f.Fatal(err)
		}
		for _, body := range bodies {
			header, rows, _ := strings.Cut(body, "\n")
			f.Add(uint8(i), []byte(body))
			f.Add(uint8(i), []byte(header+"\n"+`"`+rows))              // the first column of a row opens a quote
			f.Add(uint8(i), []byte(header+"\n"+rows[:1]+`"`+rows[1:])) // a bare quote in it
			f.Add(uint8(i), []byte(`"`+body))                          // a quote in the header
		}
	}
	f.Add(uint8(0), []byte(""))
	f.Fuzz(func(t *testing.T, file uint8, body []byte) {
		files := maps.Clone(base)
		name := names[int(file)%len(names)]
		files[name] = string(body)
		d, err := load(files)
		switch {
		case err == nil && (d == nil || d.Version == ""):
			t.Fatalf("Load returned no error and dataset %v", d)
		case err == nil:
			return
		case d != nil:
			t.Errorf("Load returned a dataset with errors %v", err)
		case !errors.Is(err, graph.ErrInvalid):
			t.Fatalf("Load: %v, want problems wrapping ErrInvalid", err)
		}
		var joined interface{ Unwrap() []error }
		if !errors.As(err, &joined) {
			t.Fatalf("Load: %v, want a list of problems", err)
		}
		for _, e := range joined.Unwrap() {
			var p graph.Problem
			if !errors.As(e, &p) {
				t.Errorf("problem %q is not a graph.Problem", e)
				continue
			}
			where, lineStr, _ := strings.Cut(p.Where, ":")
			file, ok := strings.CutPrefix(where, "data/")
			content, known := files[file]
			line, err := strconv.Atoi(lineStr)
			if !ok || !known || err != nil || line < 1 || line > strings.Count(content, "\n")+1 || p.Msg == "" {
				t.Errorf("problem %q does not name a file of the dataset and a line in it, and what is wrong", e)
			}
		}
	})
}
