package main

import (
	"context"
	"errors"
	"io"
)

// Placeholders until import/export land (issue 5); replaced by interop.go.
func runImport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	return errors.New("import: not built yet")
}

func runExport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	return errors.New("export: not built yet")
}
