package httpapi_test

import (
	"fmt"
	"net/http"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/httpapi"
)

// cpuTime is the CPU time the process has used so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// assessments is a query of n site assessments (cells only, at 4 to 6
// hops, some from reported claims up), each tens of milliseconds on the
// embedded store: n of them outlast the test's deadline.
func assessments(n int) string {
	q := "{ "
	for i := range n {
		status := ""
		if i%2 == 1 {
			status = ", minClaimStatus: REPORTED"
		}
		q += fmt.Sprintf("a%d: siteAssessment(maxHops: %d%s) { sites { site { id name } connected } } ", i, 4+i%3, status)
	}
	return q + "}"
}

// TestDeadlineStopsWork: a request that runs past its deadline gets its
// TIMEOUT, and its work stops with it: in the second after the answer the
// server's CPU is back to idle. The query asks for every site's evidence
// paths at six hops on a synthetic graph of 50,000 entities, seconds of
// work (the cost limit is lifted for it).
func TestDeadlineStopsWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a graph of 50,000 entities")
	}
	store, err := memory.New(synthetic.Dataset(50000, 1))
	if err != nil {
		t.Fatal(err)
	}
	h, _ := observedHandler(t, store, func(c *httpapi.Config) {
		c.RequestTimeout = 100 * time.Millisecond
		c.MaxComplexity = 1 << 30
	})
	evidence := func(alias string, hops int) string {
		return fmt.Sprintf(`%s: siteAssessment(maxHops: %d, pathsPerSite: 100) { sites { site { id name } evidence { path { length hops { claim { id } } } } } } `, alias, hops)
	}
	for _, q := range []struct{ name, query string }{
		// each seconds of work on a busy machine, a fraction of it here
		{"evidence paths", "{ " + evidence("a", 6) + evidence("b", 6) + evidence("c", 5) + evidence("d", 6) + " }"},
		{"assessments", assessments(16)},
	} {
		t.Run(q.name, func(t *testing.T) {
			runtime.GC()
			start := time.Now()
			w := sendQuery(h, q.query, nil)
			if w.Code != http.StatusServiceUnavailable {
				t.Fatalf("status %d after %v, want a 503 TIMEOUT: %.300s", w.Code, time.Since(start), w.Body.String())
			}
			wantError(t, decode(t, w), httpapi.CodeTimeout, "took longer than the server allows")
			time.Sleep(time.Second)
			before := cpuTime(t)
			time.Sleep(time.Second)
			if used := cpuTime(t) - before; used > 100*time.Millisecond {
				t.Errorf("from 1 s to 2 s after the TIMEOUT the server used %v of CPU: the request's work went on", used)
			}
		})
	}
}
