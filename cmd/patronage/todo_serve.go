package main

import (
	"context"
	"errors"
	"io"
)

// Placeholder until the GraphQL server lands (issue 3); replaced by serve.go.
func runServe(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	return errors.New("serve: not built yet")
}
