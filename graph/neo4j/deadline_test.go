package neo4j_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
)

// TestDeadlineEndsServerWork: a read whose caller's deadline passes stops
// on the server too, not only in the client: the transaction's timeout is
// the time the caller has left, so Neo4j ends it.
func TestDeadlineEndsServerWork(t *testing.T) {
	s := neo4jtest.Open(t)
	const marker = "deadline-test-7d41"
	slow := `UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7919 = -1 RETURN count(x) AS n, '` + marker + `' AS m`
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := neo4j.RunRead(ctx, s, slow)
	if err == nil {
		t.Fatal("a read of billions of rows finished within 300 ms")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the read returned %v after its deadline", took)
	}
	t.Logf("read ended after %v: %v", time.Since(start), err)
	running := func() int {
		rows := neo4jtest.Query(t, `SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $m AND NOT currentQuery CONTAINS 'SHOW TRANSACTIONS' RETURN count(*) AS n`, map[string]any{"m": marker})
		return int(rows[0]["n"].(int64))
	}
	t.Logf("running after the deadline: %d (at %v)", running(), time.Since(start))
	deadline := time.Now().Add(2 * time.Second)
	for running() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("2 s after its caller's deadline the statement still runs on the server")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("error %v: a deadline, not a cancellation", err)
	}
}
