package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/seeds"
)

func TestLoadNeedsNeo4j(t *testing.T) {
	_, _, err := runCmd(t, nil, "load")
	if err == nil || !strings.Contains(err.Error(), "--neo4j-uri") {
		t.Errorf("load without a URI: %v, want an error naming --neo4j-uri", err)
	}
	_, _, err = runCmd(t, map[string]string{"PATRONAGE_NEO4J_URI": "bolt://127.0.0.1:1"}, "load", "a", "b")
	if err == nil {
		t.Error("load with two directories: no error")
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestNeo4jDown(t *testing.T) {
	uri := "bolt://" + closedPort(t)
	start := time.Now()
	_, _, err := runCmd(t, nil, "load", "--neo4j-uri", uri)
	if !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("load into a closed port: %v, want ErrUnavailable", err)
	}
	_, _, err = openStore(context.Background(), storeConfig{neo4jURI: uri}, slog.New(slog.DiscardHandler))
	if !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("openStore on a closed port: %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s to fail, want a fast failure", d)
	}
}

// TestLoadAndServe loads the seeds with `patronage load` (twice: the second
// changes nothing), then serves them from Neo4j with `patronage serve`.
func TestLoadAndServe(t *testing.T) {
	c := neo4jtest.Config(t)
	neo4jtest.Open(t)
	neo4jtest.Clear(t)
	env := map[string]string{"PATRONAGE_NEO4J_URI": c.URI, "PATRONAGE_NEO4J_USER": c.User, "PATRONAGE_NEO4J_PASSWORD": c.Password, "PATRONAGE_NEO4J_DATABASE": c.Database}
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatal(err)
	}

	out, errOut, err := runCmd(t, env, "load", "--log-level", "warn")
	if err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	t.Logf("first load:\n%s", out)
	if !strings.Contains(out, "(version "+d.Version+")") || !strings.Contains(out, "nodes created ") || strings.Contains(out, "nodes created 0,") {
		t.Errorf("first load output:\n%s\nwant the version and the nodes created", out)
	}
	out, _, err = runCmd(t, env, "load", "--log-level", "warn", "../../seeds")
	if err != nil {
		t.Fatalf("second load: %v", err)
	}
	if !strings.Contains(out, "changes: none") {
		t.Errorf("second load output:\n%s\nwant no changes", out)
	}
	_, errOut, err = runCmd(t, env, "load", "testdata/broken")
	if !errors.Is(err, errReported) || !strings.Contains(errOut, "problem(s)") {
		t.Errorf("load of a broken dataset: %v\n%s\nwant its problems listed", err, errOut)
	}

	base, stop := startServe(t, env, "--log-level", "warn")
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz: %d %q", resp.StatusCode, body)
	}
	checkGraphQLFromNeo4j(t, base, d.Version)

	// the database goes away (here: emptied): /readyz says not ready at once
	neo4jtest.Clear(t)
	start := time.Now()
	resp, err = http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || time.Since(start) > 3*time.Second {
		t.Errorf("/readyz on an empty database: %d after %s, want 503 at once", resp.StatusCode, time.Since(start))
	}
}

// checkGraphQLFromNeo4j asks the server at base for the dataset version, an
// entity and a name match: all answered from the Neo4j store loaded with
// the seeds of that version.
func checkGraphQLFromNeo4j(t *testing.T, base, version string) {
	t.Helper()
	q := `{"query":"{ datasetVersion entity(id: \"C_OSMACH\") { name flags { sanctioned } } match(name: \"LY, Yong Phat\", kind: PERSON) { entity { id } } }"}`
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Data struct {
			DatasetVersion string
			Entity         struct {
				Name  string
				Flags struct{ Sanctioned bool }
			}
			Match []struct{ Entity struct{ ID string } }
		}
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Data.DatasetVersion != version || got.Data.Entity.Name != "O'Smach Resort" || !got.Data.Entity.Flags.Sanctioned || len(got.Errors) > 0 {
		t.Errorf("GraphQL from Neo4j = %+v, want the seeds' version and O'Smach Resort sanctioned", got)
	}
	if len(got.Data.Match) == 0 || got.Data.Match[0].Entity.ID != "P_LYP" {
		t.Errorf("match from Neo4j = %+v, want P_LYP first (the name index is built from the Neo4j store)", got.Data.Match)
	}
}
