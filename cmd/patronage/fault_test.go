package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
)

// The fault and load tests: `patronage serve` as a process, on a Neo4j of
// its own (started here with scripts/neo4j, so that killing it disturbs no
// other test), under concurrent clients, while Neo4j is killed, comes back
// empty, is reloaded, and while the server is stopped with SIGTERM. They
// run in `make test` (PATRONAGE_REQUIRE_NEO4J=1) and skip elsewhere.

// outageBound is how soon a request must fail with 503 UNAVAILABLE once
// Neo4j is gone (docs/operations.md): a killed server refuses connections,
// so the store fails at once; the bound leaves room for a loaded machine.
const outageBound = 3 * time.Second

// faultQueries are what the clients ask, over a synthetic dataset; each
// answer must be exactly the reference answer read when the dataset was
// loaded, or a coded error: never a different (partial, empty) answer.
var faultQueries = []string{
	`{ compounds(first: 50) { totalCount edges { node { id name province raids { id start } } } } }`,
	`{ siteAssessment(maxHops: 4) { raidedConnected { site { id } } raidedUnconnected { site { id } } unraidedConnected { site { id } } unraidedUnconnected { site { id } } } }`,
	`query Search { search(query: "synthetic", first: 20) { totalCount edges { node { id name } } } }`,
}

func TestFaults(t *testing.T) {
	if os.Getenv("PATRONAGE_REQUIRE_NEO4J") == "" {
		t.Skip("starts a Neo4j of its own with scripts/neo4j: run by make test (PATRONAGE_REQUIRE_NEO4J=1)")
	}
	// the other packages' Neo4j tests wait while this one runs: on two
	// cores, three busy JVMs starve each other into timeouts
	neo4jtest.Lock(t, neo4jtest.Config(t))
	root, dir, bin := buildBinary(t)
	f := &faults{bin: bin, data: filepath.Join(dir, "synthetic")}
	patronage(t, bin, "synthetic", "--entities", "2000", f.data)

	f.db = startNeo4j(t, root, filepath.Join(dir, "neo4j"))

	// A server started on an empty database starts, is not ready, and
	// answers UNAVAILABLE, not empty 200s.
	f.srv = startServer(t, bin, "--neo4j-uri", f.db.uri, "--shutdown-timeout", "10s")
	waitReady(t, f.srv.base, false)
	for _, q := range faultQueries {
		if st, body := ask(t, f.srv.base, q); st != http.StatusServiceUnavailable || !strings.Contains(body, `"UNAVAILABLE"`) {
			t.Errorf("empty database: %d %.300s; want 503 UNAVAILABLE", st, body)
		}
	}

	patronage(t, bin, "load", "--neo4j-uri", f.db.uri, "--log-level", "warn", f.data)
	waitReady(t, f.srv.base, true)
	f.want = map[string]string{}
	for _, q := range faultQueries {
		st, body := ask(t, f.srv.base, q)
		if st != http.StatusOK || strings.Contains(body, `"errors"`) {
			t.Fatalf("loaded: %d %.300s", st, body)
		}
		f.want[q] = body
	}

	// in order: each starts from where the one before left the server
	t.Run("reload under load", f.reloadUnderLoad)
	t.Run("Neo4j killed under load", f.killedUnderLoad)
	t.Run("Neo4j back empty, then loaded: the server recovers by itself", f.backEmptyThenLoaded)
	t.Run("soak: 32 clients, no errors, memory flat", f.soak)
	t.Run("SIGTERM under load", f.sigtermUnderLoad)
}

// faults is the state TestFaults' steps share: the binary and the dataset
// it loads, the Neo4j and the server under test, the answers of the loaded
// server.
type faults struct {
	bin, data  string
	db         *neo4jServer
	srv        *server
	want       map[string]string
	logsBefore int // of the server's log, when Neo4j is killed
}

// reloadUnderLoad: every answer during a forced reload is the whole
// dataset or 503.
func (f *faults) reloadUnderLoad(t *testing.T) {
	l := startLoad(f.srv.base, 8, f.want)
	time.Sleep(300 * time.Millisecond)
	patronage(t, f.bin, "load", "--force", "--neo4j-uri", f.db.uri, "--log-level", "warn", f.data)
	time.Sleep(300 * time.Millisecond)
	r := l.stop()
	t.Logf("during a reload: %s", r)
	r.check(t, true, false)
}

// killedUnderLoad: when Neo4j is killed, requests fail fast with 503 and
// /readyz says so.
func (f *faults) killedUnderLoad(t *testing.T) {
	f.logsBefore = len(f.srv.stderr.String())
	l := startLoad(f.srv.base, 8, f.want)
	time.Sleep(500 * time.Millisecond)
	f.db.kill(t)
	killed := time.Now()
	waitReady(t, f.srv.base, false)
	notReady := time.Since(killed)
	time.Sleep(2 * time.Second)
	r := l.stop()
	t.Logf("Neo4j killed: /readyz said so after %v; %s", notReady, r)
	r.check(t, true, false)
	if r.unavailable == 0 {
		t.Errorf("no request got 503 UNAVAILABLE after Neo4j was killed")
	}
	if r.slowestAfter(killed) > outageBound {
		t.Errorf("a request took %v to fail after Neo4j was killed, bound %v", r.slowestAfter(killed), outageBound)
	}
	if notReady > outageBound {
		t.Errorf("/readyz took %v to report the outage", notReady)
	}
}

// backEmptyThenLoaded: Neo4j back empty answers UNAVAILABLE; once loaded,
// the server answers as before by itself, having logged one outage and one
// recovery.
func (f *faults) backEmptyThenLoaded(t *testing.T) {
	f.db.restart(t)
	for _, q := range faultQueries {
		if st, body := ask(t, f.srv.base, q); st != http.StatusServiceUnavailable || !strings.Contains(body, `"UNAVAILABLE"`) {
			t.Errorf("Neo4j back empty: %d %.300s; want 503 UNAVAILABLE", st, body)
		}
	}
	patronage(t, f.bin, "load", "--neo4j-uri", f.db.uri, "--log-level", "warn", f.data)
	waitReady(t, f.srv.base, true)
	for _, q := range faultQueries {
		if st, body := ask(t, f.srv.base, q); st != http.StatusOK || body != f.want[q] {
			t.Errorf("after recovery: %d %.300s", st, body)
		}
	}
	// from the kill to the reload: one outage, one recovery
	logs := f.srv.stderr.String()[f.logsBefore:]
	if n := strings.Count(logs, "store unavailable: requests fail"); n != 1 {
		t.Errorf("the outage was logged %d times, want once", n)
	}
	if n := strings.Count(logs, "store answers again"); n != 1 {
		t.Errorf("the recovery was logged %d times, want once", n)
	}
}

// soak: 32 clients, no errors, resident memory flat.
func (f *faults) soak(t *testing.T) {
	l := startLoad(f.srv.base, 32, f.want)
	start := time.Now()
	// warm (pools, caches, the heap at its working size) by requests
	// answered, not by time alone: a slower machine answers fewer a second
	time.Sleep(3 * time.Second)
	for deadline := time.Now().Add(30 * time.Second); l.answered() < soakWarmup && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	warm := time.Since(start)
	var samples []int64
	for range 8 {
		samples = append(samples, rss(t, f.srv.cmd.Process.Pid))
		time.Sleep(time.Second)
	}
	r := l.stop()
	mib := make([]int64, len(samples))
	for i, b := range samples {
		mib[i] = b >> 20
	}
	t.Logf("soak: %s; resident memory after warm-up (%v), each second: %v MiB", r, warm.Round(time.Millisecond), mib)
	r.check(t, false, false)
	if r.ok == 0 {
		t.Fatal("no request answered during the soak")
	}
	// flat: the second half never rises well above the first half's peak
	if first, second := slices.Max(samples[:4]), slices.Max(samples[4:]); second > first*5/4+16<<20 {
		t.Errorf("resident memory kept growing during the soak: %v MiB", mib)
	}
}

// soakWarmup is how many answers the soak waits for before it samples
// memory (about 3 s of answers on an unloaded 2-core machine).
const soakWarmup = 300

// sigtermUnderLoad: SIGTERM finishes in-flight requests whole, refuses new
// ones and exits 0 within the shutdown timeout.
func (f *faults) sigtermUnderLoad(t *testing.T) {
	l := startLoad(f.srv.base, 8, f.want)
	time.Sleep(500 * time.Millisecond)
	term := time.Now()
	if err := f.srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := f.srv.wait(15 * time.Second)
	exited := time.Since(term)
	time.Sleep(200 * time.Millisecond)
	r := l.stop()
	t.Logf("SIGTERM: exit after %v (%v); %s", exited, err, r)
	if err != nil {
		t.Errorf("serve exited with %v after SIGTERM, want exit 0", err)
	}
	if exited > 10*time.Second {
		t.Errorf("serve took %v to exit, more than its shutdown timeout", exited)
	}
	r.check(t, false, true) // in-flight requests finished whole; new ones refused
	if r.refused == 0 {
		t.Errorf("no request was refused after the server stopped")
	}
}

// buildBinary builds this command into a temporary directory and returns
// the repository's root, that directory and the binary.
func buildBinary(t *testing.T) (root, dir, bin string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "patronage")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return root, dir, bin
}

// neo4jServer is a Neo4j of the test's own.
type neo4jServer struct {
	root, state, uri string
	port             int
}

func startNeo4j(t *testing.T, root, state string) *neo4jServer {
	t.Helper()
	if err := os.MkdirAll(state, 0o755); err != nil {
		t.Fatal(err)
	}
	// the launcher built for the shared test server is reused (no Maven run)
	for _, f := range []string{"classpath", "build.stamp"} {
		if b, err := os.ReadFile(filepath.Join(root, ".neo4j", f)); err == nil {
			if err := os.WriteFile(filepath.Join(state, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := &neo4jServer{root: root, state: state, port: freePort(t)}
	s.start(t)
	t.Cleanup(func() { _ = s.script("stop").Run() })
	return s
}

func (s *neo4jServer) script(args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.root, "scripts", "neo4j", "neo4j"), args...)
	cmd.Env = append(os.Environ(), "PATRONAGE_NEO4J_STATE="+s.state, "NEO4J_PORT="+strconv.Itoa(s.port))
	return cmd
}

func (s *neo4jServer) start(t *testing.T) {
	t.Helper()
	out, err := s.script("start").Output()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.state, "server.log"))
		t.Fatalf("scripts/neo4j/neo4j start: %v\n%s", err, log)
	}
	s.uri = strings.TrimSpace(string(out))
	if want := fmt.Sprintf("bolt://127.0.0.1:%d", s.port); s.uri != want {
		t.Fatalf("Neo4j started at %q, want %s", s.uri, want)
	}
}

// kill ends Neo4j with SIGKILL, as a crash would.
func (s *neo4jServer) kill(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.state, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// restart starts it again on the same port, with an empty database.
func (s *neo4jServer) restart(t *testing.T) {
	t.Helper()
	s.start(t)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// patronage runs a command of the binary to its end.
func patronage(t *testing.T, bin string, args ...string) {
	t.Helper()
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("patronage %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// server is `patronage serve` as a process.
type server struct {
	cmd    *exec.Cmd
	base   string
	stderr *syncBuffer
	done   chan error
}

func startServer(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	s := &server{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("serve's log, but for the requests answered 200:\n%s", withoutAnswered(s.stderr.String()))
		}
	})
	select {
	case s.base = <-urls:
		return s
	case err := <-s.done:
		t.Fatalf("serve exited before serving: %v\n%s", err, s.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start\n%s", s.stderr.String())
	}
	return nil
}

// withoutAnswered drops from a server's log the lines of requests that
// were answered (status=200), which under load bury the lines that say
// what went wrong, and says how many it dropped.
func withoutAnswered(log string) string {
	var kept []string
	dropped := 0
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, " msg=request ") && strings.Contains(line, " status=200 ") {
			dropped++
			continue
		}
		kept = append(kept, line)
	}
	return fmt.Sprintf("(%d lines of answered requests left out)\n%s", dropped, strings.Join(kept, "\n"))
}

// wait returns the process's exit error, or fails after d.
func (s *server) wait(d time.Duration) error {
	select {
	case err := <-s.done:
		return err
	case <-time.After(d):
		return fmt.Errorf("still running after %v", d)
	}
}

var client = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// ask posts one query and returns the status and body.
func ask(t *testing.T, base, query string) (int, string) {
	t.Helper()
	st, body, err := post(base, query)
	if err != nil {
		t.Fatalf("POST %s: %v", query, err)
	}
	return st, body
}

func post(base, query string) (int, string, error) {
	b, _ := json.Marshal(map[string]string{"query": query})
	resp, err := client.Post(base+"/graphql", "application/json", bytes.NewReader(b))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", fmt.Errorf("reading the answer: %w", err)
	}
	return resp.StatusCode, withoutRequestID(string(body)), nil
}

// withoutRequestID drops the request ids from error extensions, so that
// answers compare.
var requestIDField = regexp.MustCompile(`,?"requestId":"[^"]*"`)

func withoutRequestID(s string) string { return requestIDField.ReplaceAllString(s, "") }

// waitReady waits until /readyz says ready (or not ready, as wanted).
func waitReady(t *testing.T, base string, want bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if (resp.StatusCode == http.StatusOK) == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: ready is not %v after 30 s", want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rss is the resident memory of a process, in bytes.
func rss(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// load is clients asking faultQueries in a loop.
type load struct {
	stopped atomic.Bool
	wg      sync.WaitGroup
	mu      sync.Mutex
	res     loadResult
}

// loadResult counts what the clients got.
type loadResult struct {
	ok, unavailable, refused int
	wrong                    []string    // answers that are neither the reference nor a coded 503
	ends                     []time.Time // when each 503 came, paired with starts
	starts                   []time.Time
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d answered, %d UNAVAILABLE, %d refused, %d wrong", r.ok, r.unavailable, r.refused, len(r.wrong))
}

func startLoad(base string, clients int, want map[string]string) *load {
	l := &load{}
	for c := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := c; !l.stopped.Load(); i++ {
				q := faultQueries[i%len(faultQueries)]
				start := time.Now()
				st, body, err := post(base, q)
				l.record(q, st, body, err, start, time.Now(), want)
				if st == http.StatusServiceUnavailable {
					time.Sleep(50 * time.Millisecond) // a client backs off
				}
			}
		}()
	}
	return l
}

func (l *load) record(q string, st int, body string, err error, start, end time.Time, want map[string]string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err != nil && refused(err):
		l.res.refused++
	case err != nil:
		l.res.wrong = append(l.res.wrong, fmt.Sprintf("%s: %v", q, err))
	case st == http.StatusOK && body == want[q]:
		l.res.ok++
	case st == http.StatusServiceUnavailable && strings.Contains(body, `"code":"UNAVAILABLE"`) && !strings.Contains(body, `"data":{`):
		l.res.unavailable++
		l.res.starts = append(l.res.starts, start)
		l.res.ends = append(l.res.ends, end)
	default:
		l.res.wrong = append(l.res.wrong, fmt.Sprintf("%s: %d %.300s", q, st, body))
	}
}

// refused reports whether a request failed before the server took it: the
// listener was closed (connection refused, or reset before any answer), or
// the connection was closed with no answer at all (io.EOF), which is what
// net/http does with a request it reads once Shutdown has begun: it never
// reaches a handler (net/http's conn.serve; golang/go#75591). A running
// server doing either fails check.
func refused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)
}

// answered is how many reference answers the clients have had so far.
func (l *load) answered() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.res.ok
}

func (l *load) stop() loadResult {
	l.stopped.Store(true)
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.res
}

// check fails on wrong answers, on UNAVAILABLE unless outage is set, and
// on refused connections unless stopping is.
func (r loadResult) check(t *testing.T, outage, stopping bool) {
	t.Helper()
	if !stopping && r.refused > 0 {
		t.Errorf("%d requests were refused by a running server", r.refused)
	}
	for i, w := range r.wrong {
		if i == 5 {
			t.Errorf("... and %d more", len(r.wrong)-5)
			break
		}
		t.Errorf("wrong answer: %s", w)
	}
	if !outage && r.unavailable > 0 {
		t.Errorf("%d requests got UNAVAILABLE with the store up", r.unavailable)
	}
}

// slowestAfter is the longest time a request that failed with UNAVAILABLE
// and ended after t took to fail, counted from t or from its start if
// later: how long the outage made clients wait.
func (r loadResult) slowestAfter(t time.Time) time.Duration {
	var slowest time.Duration
	for i, end := range r.ends {
		from := r.starts[i]
		if from.Before(t) {
			from = t
		}
		if d := end.Sub(from); end.After(t) && d > slowest {
			slowest = d
		}
	}
	return slowest
}
