package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/seeds"
)

func validateFlags(stderr io.Writer) *flagSet {
	return newFlags("validate", "[DIR]", "Check a dataset directory (default: seeds, or $PATRONAGE_DATA) and print every\nproblem at once as file:line: what is wrong. Exit status 1 on any problem.", stderr)
}

func runValidate(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := validateFlags(stderr)
	if err := fs.parse(args, getenv); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return fmt.Errorf("validate takes at most one directory")
	}
	dir := envDefault(getenv, "PATRONAGE_DATA", "seeds")
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	d, err := loadDir(dir)
	if err != nil {
		return printProblems(stderr, err)
	}
	st := fmt.Sprintf("%d sources, %d entities, %d claims, %d raids, %d designations, %d statements",
		len(d.Sources), len(d.Entities), len(d.Claims), len(d.Raids), len(d.Designations), len(d.Statements))
	fmt.Fprintf(stdout, "%s: ok (%s; version %s)\n", dir, st, d.Version)
	return nil
}

// loadDir reads a dataset directory.
func loadDir(dir string) (*graph.Dataset, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("dataset directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("dataset directory: %s is not a directory", dir)
	}
	return seeds.Load(os.DirFS(dir), dir)
}

// printProblems prints each joined problem on its own line and returns
// errReported, or returns err itself when it is not a list of problems.
func printProblems(w io.Writer, err error) error {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return err
	}
	var n int
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		n++
		fmt.Fprintln(w, e)
	}
	walk(err)
	fmt.Fprintf(w, "%d problem(s)\n", n)
	return errReported
}
