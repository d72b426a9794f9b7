// Package exec is the GraphQL executor and the models gqlgen generates from
// schema/*.graphqls with schema/gqlgen.yml (exec.go, models.go). Do not edit
// them: change the schema or the configuration and run `go generate ./...`.
package exec
