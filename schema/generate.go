// Package schema holds the GraphQL schema of the API, as SDL split by topic
// (*.graphqls), and the gqlgen configuration that turns it into the executor
// in resolvers/exec. Regenerate with `go generate ./...` (or `make generate`).
package schema

//go:generate go run ./gqlgen
