package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/seeds"
)

// syntheticOptions are synthetic's flags.
type syntheticOptions struct {
	entities int
	seed     uint64
}

func syntheticFlags(stderr io.Writer) (*flagSet, *syntheticOptions) {
	fs := newFlags("synthetic", "DIR", `Write a made-up dataset of about N entities into the directory DIR (the
seeds format, read back and checked), for scale tests and benchmarks. Every
record is labelled SYNTHETIC (ids SYN_..., names "Synthetic ...", one source
saying so); it is never mixed with the curated seeds: DIR must not be the
seeds directory, and an existing DIR is only replaced when it already holds
a synthetic dataset (or nothing).`, stderr)
	o := &syntheticOptions{}
	fs.IntVar(&o.entities, "entities", 50000, "about how many entities")
	fs.Uint64Var(&o.seed, "seed", 1, "the generator's seed: the same seed and size give the same dataset")
	fs.fromEnv(map[string]string{"entities": "PATRONAGE_SYNTHETIC_ENTITIES", "seed": "PATRONAGE_SYNTHETIC_SEED"})
	return fs, o
}

// runSynthetic writes the labelled synthetic dataset of graph/synthetic as
// a dataset directory (the seeds format), for scale tests and benchmarks:
// `patronage load DIR` and `patronage serve --data DIR` then use it.
func runSynthetic(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs, o := syntheticFlags(stderr)
	if err := fs.parse(args, getenv); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("synthetic: want one output directory, got %d arguments", fs.NArg())
	}
	if o.entities < 1 || o.entities > 10_000_000 {
		return fmt.Errorf("synthetic: --entities must be between 1 and 10000000 (got %d)", o.entities)
	}
	dir := fs.Arg(0)
	if err := checkSyntheticTarget(dir); err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	d := synthetic.Dataset(o.entities, o.seed)
	if err := seeds.ReplaceDir(dir, d); err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	fmt.Fprintf(stdout, "wrote SYNTHETIC dataset %s into %s: %s\n", d.Version, dir, d.Stats())
	return nil
}

// checkSyntheticTarget refuses a directory that holds anything but a
// synthetic dataset: curated data is never overwritten with made-up data.
func checkSyntheticTarget(dir string) error {
	if filepath.Base(filepath.Clean(dir)) == "seeds" {
		return fmt.Errorf("%s: will not write synthetic data into a seeds directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "sources.csv"))
	if err != nil || !bytes.Contains(b, []byte("SYNTHETIC")) {
		return fmt.Errorf("%s: not empty and not a synthetic dataset; choose another directory", dir)
	}
	return nil
}
