// Package neo4jtest gives tests a real Neo4j: the server named by
// PATRONAGE_NEO4J_URI (scripts/neo4j/neo4j start; eval "$(scripts/neo4j/neo4j env)").
//
// Tests skip, saying so, when PATRONAGE_NEO4J_URI is unset, and fail when
// PATRONAGE_REQUIRE_NEO4J=1 (CI) and no server answers. A test package that
// uses the database holds an exclusive lock on it (a lock file next to the
// system's temporary files) until the test binary exits, since `go test ./...`
// runs packages in parallel and they would otherwise clear each other's data.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/patronage/patronage/graph/neo4j"
)

// Config returns the configuration of the test server, or skips (fails in
// CI) when there is none. It does not contact the server.
func Config(t testing.TB) neo4j.Config {
	t.Helper()
	uri := strings.TrimSpace(os.Getenv("PATRONAGE_NEO4J_URI"))
	required := os.Getenv("PATRONAGE_REQUIRE_NEO4J") == "1"
	if uri == "" {
		if required {
			t.Fatal("PATRONAGE_REQUIRE_NEO4J=1 but PATRONAGE_NEO4J_URI is unset: start a server with scripts/neo4j/neo4j start and eval \"$(scripts/neo4j/neo4j env)\"")
		}
		t.Skip("no Neo4j: set PATRONAGE_NEO4J_URI (scripts/neo4j/neo4j start; eval \"$(scripts/neo4j/neo4j env)\") to run the Neo4j tests")
	}
	db := os.Getenv("PATRONAGE_NEO4J_DATABASE")
	return neo4j.Config{URI: uri, User: os.Getenv("PATRONAGE_NEO4J_USER"), Password: os.Getenv("PATRONAGE_NEO4J_PASSWORD"), Database: db}
}

var lock struct {
	sync.Mutex
	held map[string]bool
}

// Lock takes the database for this test binary (blocking while another
// package's tests hold it); it is released when the process exits.
func Lock(t testing.TB, c neo4j.Config) {
	t.Helper()
	lock.Lock()
	defer lock.Unlock()
	key := c.URI + "|" + c.Database
	if lock.held[key] {
		return
	}
	sum := sha256.Sum256([]byte(key))
	path := filepath.Join(os.TempDir(), "patronage-neo4j-"+hex.EncodeToString(sum[:6])+".lock")
	start := time.Now()
	if err := lockFile(path); err != nil {
		t.Fatalf("locking the test database (%s): %v", path, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Logf("waited %s for the test database (held by another test package)", d.Round(time.Second))
	}
	if lock.held == nil {
		lock.held = map[string]bool{}
	}
	lock.held[key] = true
}

// Open locks the database, checks that the server answers and returns a
// store on it; the store is closed when the test ends. The data is left
// as it is: call Clear for an empty database.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	c := Config(t)
	Lock(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := neo4j.Open(ctx, c)
	if err != nil {
		t.Fatalf("no Neo4j answers at %s: %v (start one with scripts/neo4j/neo4j start)", c.URI, err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// withDriver runs fn with a driver of its own on the test server.
func withDriver(t testing.TB, fn func(ctx context.Context, drv driver.DriverWithContext, db string)) {
	t.Helper()
	c := Config(t)
	auth := driver.NoAuth()
	if c.User != "" {
		auth = driver.BasicAuth(c.User, c.Password, "")
	}
	drv, err := driver.NewDriverWithContext(c.URI, auth)
	if err != nil {
		t.Fatalf("driver: %v", err)
	}
	ctx := context.Background()
	defer drv.Close(ctx)
	db := c.Database
	if db == "" {
		db = "neo4j"
	}
	fn(ctx, drv, db)
}

// Query runs one statement on the test database and returns its records
// as maps. For test set-up and inspection only.
func Query(t testing.TB, query string, params map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	withDriver(t, func(ctx context.Context, drv driver.DriverWithContext, db string) {
		res, err := driver.ExecuteQuery(ctx, drv, query, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(db))
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		for _, r := range res.Records {
			out = append(out, r.AsMap())
		}
	})
	return out
}

// clearQuery deletes up to 10000 nodes with their relationships; returns how many.
const clearQuery = `MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n`

// Clear deletes every node and relationship (the schema stays).
func Clear(t testing.TB) {
	t.Helper()
	for {
		r := Query(t, clearQuery, nil)
		if r[0]["n"].(int64) == 0 {
			return
		}
	}
}

// dumpQueries return every node (labels, properties) and every
// relationship (its ends' ids, keys or codes, type, properties).
const (
	dumpNodesQuery = `MATCH (n) RETURN labels(n) AS labels, properties(n) AS props`
	dumpRelsQuery  = `MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key, a.code) AS from, type(r) AS type, properties(r) AS props, coalesce(b.id, b.key, b.code) AS to`
)

// Dump renders the whole database canonically: one line per node and per
// relationship, sorted, labels sorted, properties as JSON (keys sorted).
// Two databases holding the same graph dump alike.
func Dump(t testing.TB) string {
	t.Helper()
	var lines []string
	for _, r := range Query(t, dumpNodesQuery, nil) {
		var labels []string
		for _, l := range r["labels"].([]any) {
			labels = append(labels, l.(string))
		}
		slices.Sort(labels)
		lines = append(lines, fmt.Sprintf("(:%s %s)", strings.Join(labels, ":"), canonical(t, r["props"])))
	}
	for _, r := range Query(t, dumpRelsQuery, nil) {
		lines = append(lines, fmt.Sprintf("(%v)-[:%s %s]->(%v)", r["from"], r["type"], canonical(t, r["props"]), r["to"]))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func canonical(t testing.TB, v any) string {
	b, err := json.Marshal(v) // map keys come out sorted
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	return string(b)
}

// Counts returns the number of nodes and of relationships.
func Counts(t testing.TB) (nodes, rels int64) {
	t.Helper()
	r := Query(t, `RETURN COUNT { (n) } AS nodes, COUNT { ()-[r]->() } AS rels`, nil)
	return r[0]["nodes"].(int64), r[0]["rels"].(int64)
}
