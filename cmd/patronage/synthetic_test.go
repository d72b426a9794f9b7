package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patronage/patronage/seeds"
)

func TestSynthetic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "syn")
	out, _, err := runCmd(t, nil, "synthetic", "--entities", "300", "--seed", "7", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "wrote SYNTHETIC dataset synthetic-300-7") {
		t.Errorf("output %q", out)
	}
	// a dataset directory that validates, labelled synthetic throughout
	d, err := seeds.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatalf("the written directory does not load: %v", err)
	}
	if len(d.Entities) < 300 || len(d.Claims) == 0 {
		t.Errorf("%d entities, %d claims", len(d.Entities), len(d.Claims))
	}
	for _, e := range d.Entities {
		if !strings.HasPrefix(e.ID, "SYN_") {
			t.Fatalf("entity %s is not labelled synthetic", e.ID)
		}
	}
	if _, _, err := runCmd(t, nil, "validate", dir); err != nil {
		t.Errorf("validate %s: %v", dir, err)
	}
	// the same seed and size: the same dataset, rewritten in place
	if _, _, err := runCmd(t, nil, "synthetic", "--entities", "300", "--seed", "7", dir); err != nil {
		t.Errorf("rewriting a synthetic directory: %v", err)
	}

	for _, tc := range []struct {
		name string
		dir  func() string
		args []string
		want string
	}{
		{"a seeds directory", func() string { return filepath.Join(t.TempDir(), "seeds") }, nil, "seeds directory"},
		{"a directory holding other data", func() string {
			d := t.TempDir()
			if err := os.WriteFile(filepath.Join(d, "sources.csv"), []byte("id,kind\nS_REAL,news\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return d
		}, nil, "not a synthetic dataset"},
		{"no entities", func() string { return t.TempDir() }, []string{"--entities", "0"}, "--entities must be between"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.dir()
			_, _, err := runCmd(t, nil, append(append([]string{"synthetic"}, tc.args...), d)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
