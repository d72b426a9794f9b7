//go:build !unix

package neo4jtest

// lockFile does nothing where flock is not available: run the Neo4j test
// packages one at a time there (go test -p 1).
func lockFile(path string) error { return nil }
