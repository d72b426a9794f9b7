package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
)

// TestNeo4jBrowser starts the investigator's Neo4j the way the README says
// (scripts/neo4j/neo4j browser), in a temporary state directory on free
// ports, opens Neo4j Browser in headless Chromium, connects without auth,
// checks that the guide of the README's queries opens on connect, runs one
// query from the editor and reads its answer on the page. It needs Java and
// Maven like the test server, so it runs with the other Neo4j tests (it
// takes the test database's lock so as not to run beside them) and skips
// without PATRONAGE_NEO4J_URI or Chromium unless required.
func TestNeo4jBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Neo4j server")
	}
	chromiumPath(t)
	// on two cores, a fourth JVM beside the other packages' Neo4j tests
	// starves them into timeouts: wait for the test database's lock
	neo4jtest.Lock(t, neo4jtest.Config(t))
	root, dir, bin := buildBinary(t)
	base, boltURI := startInvestigator(t, filepath.Join(root, "scripts", "neo4j", "neo4j"), filepath.Join(dir, "investigator"), bin)
	checkGuide(t, root, base)

	want := cypherCount(t, base, "MATCH (c:Compound) RETURN count(c)")
	if want == "0" {
		t.Fatal("the seeds were not loaded: no compounds")
	}

	b := newBrowser(t, base)
	csp := watchBlocked(t, b)
	runGuideQuery(t, b, base, boltURI, want)
	checkRequests(t, b, boltURI, csp)
}

// startInvestigator starts the investigator's Neo4j (`neo4j browser
// start`) with its state in state, stopped at the end of the test (its
// data kept), and returns Neo4j Browser's base URL and the Bolt URI.
func startInvestigator(t *testing.T, script, state, bin string) (base, boltURI string) {
	t.Helper()
	run := func(timeout time.Duration, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, script, args...)
		cmd.Env = append(os.Environ(), "PATRONAGE_NEO4J_STATE="+state, "NEO4J_PORT=0", "NEO4J_HTTP_PORT=0",
			"PATRONAGE_BIN="+bin, "NEO4J_HEAP=384m")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.WaitDelay = 5 * time.Second
		out, err := cmd.Output()
		t.Logf("scripts/neo4j/neo4j %s:\n%s", strings.Join(args, " "), stderr.String())
		return strings.TrimSpace(string(out)), err
	}
	t.Cleanup(func() {
		if _, err := run(90*time.Second, "browser", "stop"); err != nil {
			t.Errorf("browser stop: %v", err)
		}
		if _, err := os.Stat(filepath.Join(state, "data")); err != nil {
			t.Errorf("stop deleted the investigator's database: %v", err)
		}
	})
	browserURL, err := run(6*time.Minute, "browser", "start")
	if err != nil {
		t.Fatalf("browser start: %v", err)
	}
	base, ok := strings.CutSuffix(browserURL, "/browser/")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("browser start printed %q, want http://127.0.0.1:PORT/browser/", browserURL)
	}
	bolt, err := os.ReadFile(filepath.Join(state, "port"))
	if err != nil {
		t.Fatal(err)
	}
	return base, "bolt://127.0.0.1:" + strings.TrimSpace(string(bolt))
}

// checkGuide: the guide is the README's queries, word for word
// (HTML-escaped).
func checkGuide(t *testing.T, root, base string) {
	guide := httpGet(t, base+"/patronage/guide")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(guide, `class="pre-scrollable code runnable"`); n < 5 {
		t.Errorf("the guide has %d runnable queries, want the README's four and a count", n)
	}
	for _, q := range []string{"MATCH (o:Entity {id: 'O_PRINCEHOLDING'})-[c]-(x:Entity)", "Raided × connected", "Who says so",
		"Sites and raids by province", "OPTIONAL MATCH (p)<-[:WITHIN*0..3]-(:Place)<-[:PLACED_IN]-(r:Raid)"} {
		if !strings.Contains(string(readme), q) {
			t.Errorf("README.md no longer has %q: update this test", q)
		}
		if !strings.Contains(guide, strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(q)) {
			t.Errorf("the guide lacks the README's %q", q)
		}
	}
}

// cspWatch records which requests the page's Content-Security-Policy
// blocked, by URL.
type cspWatch struct {
	mu      sync.Mutex
	urls    map[network.RequestID]string
	blocked map[string]network.BlockedReason
}

func watchBlocked(t *testing.T, b *browser) *cspWatch {
	t.Helper()
	w := &cspWatch{urls: map[network.RequestID]string{}, blocked: map[string]network.BlockedReason{}}
	if err := chromedp.Listen(b.ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.urls[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFailed:
			if u, ok := w.urls[ev.RequestID]; ok && ev.BlockedReason != "" {
				w.blocked[u] = ev.BlockedReason
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// runGuideQuery: Neo4j Browser connects without auth and plays the guide;
// a click on the guide's count query puts it in the editor, and Run shows
// the server's count (want).
func runGuideQuery(t *testing.T, b *browser, base, boltURI, want string) {
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Minute)
	defer cancel()
	const query = "MATCH (c:Compound) RETURN count(c) AS compounds"
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/browser/?dbms="+boltURI+"&preselectAuthMethod=NO_AUTH"),
		// connected without auth: the post-connect command plays the guide
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="carousel"] pre.runnable`)),
	)
	if err != nil {
		b.screenshot("neo4j-browser-failed")
		t.Fatalf("Neo4j Browser did not connect and play the guide: %v", err)
	}
	if got := b.text(`[data-testid="carousel"]`); !strings.Contains(got, "Raided × connected") || !strings.Contains(got, "Who says so") ||
		!strings.Contains(got, "Sites and raids by province") {
		t.Errorf("the guide shows %q, want the README's queries listed", got)
	}
	// a click on the guide's code puts it in the editor; Run runs it
	var inEditor string
	b.eval(fmt.Sprintf(`(async () => {
		const pre = [...document.querySelectorAll('[data-testid="carousel"] pre.runnable')].find(p => p.innerText.includes(%q));
		if (!pre) return "";
		pre.click();
		for (let i = 0; i < 50; i++) {
			const t = (document.querySelector('[data-testid="activeEditor"]') || {innerText: ""}).innerText;
			if (t.includes("count(c)")) return t;
			await new Promise(r => setTimeout(r, 100));
		}
		return "";
	})()`, query), &inEditor)
	if !strings.Contains(inEditor, "count(c)") {
		b.screenshot("neo4j-browser-failed")
		t.Fatalf("clicking the guide's query did not put it in the editor (editor: %q)", inEditor)
	}
	var shown string
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="editor-Run"]`)))
	if err == nil {
		// the result frame: its command is the query, its table the count
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
			b.eval(fmt.Sprintf(`(() => {
				const f = [...document.querySelectorAll('[data-testid="frame"]')].find(f =>
					(f.querySelector('[data-testid="frameCommand"]') || {innerText: ""}).innerText.includes(%q));
				const c = f && f.querySelector('[data-testid="frameContents"]');
				return c ? c.innerText : "";
			})()`, "AS compounds"), &shown)
			if tableShows(shown, want) {
				break
			}
		}
	}
	b.screenshot("neo4j-browser")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if !tableShows(shown, want) {
		t.Fatalf("the result frame shows %q, want the column compounds and %s (the server's count)", shown, want)
	}
	t.Logf("Neo4j Browser ran %q: %s compounds", query, want)
}

// checkRequests: Neo4j Browser 5.24 asks for Google Fonts, Segment, Canny
// and Sentry on the internet; the server's Content-Security-Policy must
// stop them before they leave the machine. It also probes the Bolt port
// over HTTP. Failed requests (those probes) are logged; script errors fail.
func checkRequests(t *testing.T, b *browser, boltURI string, csp *cspWatch) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		if strings.HasPrefix(e, "request failed: ") {
			t.Logf("Neo4j Browser: %s", e)
		} else {
			t.Errorf("Neo4j Browser: %s", e)
		}
	}
	csp.mu.Lock()
	defer csp.mu.Unlock()
	blocked := csp.blocked
	for _, u := range b.foreign {
		switch {
		case strings.HasPrefix(u, strings.Replace(boltURI, "bolt:", "http:", 1)) || strings.HasPrefix(u, strings.Replace(boltURI, "bolt:", "ws:", 1)):
			t.Logf("Neo4j Browser requested %s (Bolt)", u)
		case blocked[u] == network.BlockedReasonCsp:
			t.Logf("Neo4j Browser asked for %s: blocked by the Content-Security-Policy", u)
		default:
			t.Errorf("Neo4j Browser requested %s, beyond this machine (blocked: %q)", u, blocked[u])
		}
	}
	b.errors, b.foreign = nil, nil
}

// tableShows says whether a result frame's text has the column compounds
// and a cell that is exactly want.
func tableShows(frame, want string) bool {
	if !strings.Contains(frame, "compounds") {
		return false
	}
	for _, line := range strings.Split(frame, "\n") {
		if strings.TrimSpace(line) == want {
			return true
		}
	}
	return false
}

// cypherCount runs a one-number query on the server's HTTP API.
func cypherCount(t *testing.T, base, query string) string {
	t.Helper()
	body := fmt.Sprintf(`{"statements":[{"statement":%q}]}`, query)
	resp, err := http.Post(base+"/db/neo4j/tx/commit", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Results []struct{ Data []struct{ Row []json.Number } }
		Errors  []struct{ Message string }
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil || len(r.Errors) > 0 || len(r.Results) != 1 || len(r.Results[0].Data) != 1 || len(r.Results[0].Data[0].Row) != 1 {
		t.Fatalf("%s over HTTP: %v %+v", query, err, r)
	}
	return r.Results[0].Data[0].Row[0].String()
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %s", url, err, resp.Status)
	}
	return string(body)
}
