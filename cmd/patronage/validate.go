package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	d, err := loadDataset(dir)
	if err != nil {
		return printProblems(stderr, err)
	}
	fmt.Fprintf(stdout, "%s: ok (%s; version %s)\n", dir, d.Stats(), d.Version)
	return nil
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
