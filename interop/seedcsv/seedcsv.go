// Package seedcsv is kept so that programs written against it (the
// peerbench's data generator among them) still build: the seed format is
// read and written by package seeds, and these forward to it.
//
// Deprecated: use package seeds (seeds.Load, seeds.Write, seeds.ReplaceDir,
// seeds.Storable).
package seedcsv

import (
	"io/fs"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/seeds"
)

// Load reads a dataset directory.
//
// Deprecated: use seeds.Load.
func Load(fsys fs.FS, prefix string) (*graph.Dataset, error) { return seeds.Load(fsys, prefix) }

// WriteFiles writes the dataset's files into dir.
//
// Deprecated: use seeds.Write.
func WriteFiles(dir string, d *graph.Dataset) error { return seeds.Write(dir, d) }

// ReplaceDir replaces the dataset files in dir, atomically, after checking
// that what is written reads back.
//
// Deprecated: use seeds.ReplaceDir.
func ReplaceDir(dir string, d *graph.Dataset) error { return seeds.ReplaceDir(dir, d) }

// Storable reports what of d the seed files cannot hold.
//
// Deprecated: use seeds.Storable.
func Storable(d *graph.Dataset) error { return seeds.Storable(d) }
