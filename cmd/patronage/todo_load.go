package main

import (
	"context"
	"errors"
	"io"
)

// Placeholder until the Neo4j loader lands (issue 4); replaced by load.go.
func runLoad(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	return errors.New("load: not built yet")
}
