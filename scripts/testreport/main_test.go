package main

import (
	"strings"
	"testing"
)

// stream is `go test -json` output, cut down: a package whose passing test
// logs and whose failing subtest says why, a skipped test, a package that
// panics in a running test, a build error and a line of the go command.
const stream = `{"Action":"start","Package":"a"}
{"Action":"run","Package":"a","Test":"TestQuiet"}
{"Action":"output","Package":"a","Test":"TestQuiet","Output":"=== RUN   TestQuiet\n"}
{"Action":"output","Package":"a","Test":"TestQuiet","Output":"    a_test.go:9: missed at 0.70: noise\n"}
{"Action":"output","Package":"a","Test":"TestQuiet","Output":"--- PASS: TestQuiet (0.00s)\n"}
{"Action":"pass","Package":"a","Test":"TestQuiet","Elapsed":0}
{"Action":"run","Package":"a","Test":"TestBroken"}
{"Action":"output","Package":"a","Test":"TestBroken","Output":"=== RUN   TestBroken\n"}
{"Action":"run","Package":"a","Test":"TestBroken/case"}
{"Action":"output","Package":"a","Test":"TestBroken/case","Output":"    a_test.go:20: got 1, want 2\n"}
{"Action":"output","Package":"a","Test":"TestBroken/case","Output":"    --- FAIL: TestBroken/case (0.00s)\n"}
{"Action":"fail","Package":"a","Test":"TestBroken/case","Elapsed":0}
{"Action":"output","Package":"a","Test":"TestBroken","Output":"--- FAIL: TestBroken (0.00s)\n"}
{"Action":"fail","Package":"a","Test":"TestBroken","Elapsed":0}
{"Action":"run","Package":"a","Test":"TestNeo4j"}
{"Action":"output","Package":"a","Test":"TestNeo4j","Output":"--- SKIP: TestNeo4j (0.00s)\n"}
{"Action":"skip","Package":"a","Test":"TestNeo4j","Elapsed":0}
{"Action":"output","Package":"a","Output":"FAIL\n"}
{"Action":"fail","Package":"a","Elapsed":0.5}
{"Action":"start","Package":"b"}
{"Action":"run","Package":"b","Test":"TestOK"}
{"Action":"output","Package":"b","Test":"TestOK","Output":"time=... level=DEBUG msg=request\n"}
{"Action":"pass","Package":"b","Test":"TestOK","Elapsed":0}
{"Action":"output","Package":"b","Output":"ok  \tb\t0.1s\n"}
{"Action":"pass","Package":"b","Elapsed":0.1}
{"Action":"start","Package":"c"}
{"Action":"run","Package":"c","Test":"TestHangs"}
{"Action":"output","Package":"c","Test":"TestHangs","Output":"started\n"}
{"Action":"output","Package":"c","Output":"panic: test timed out after 1s\n"}
{"Action":"fail","Package":"c","Elapsed":1}
{"ImportPath":"d","Action":"build-output","Output":"d/d.go:3:1: syntax error\n"}
{"ImportPath":"d","Action":"build-fail"}
go: warning: a line that is not JSON
`

func TestReport(t *testing.T) {
	for _, tc := range []struct {
		name      string
		verbose   bool
		want, not []string
	}{
		{"quiet", false,
			[]string{"got 1, want 2", "--- FAIL: TestBroken/case", "--- FAIL: TestBroken (", "ok  \tb\t0.100s", "started", "panic: test timed out", "syntax error", "a line that is not JSON",
				// the closing list, after everything else
				"failed:\n  a TestBroken/case: a_test.go:20: got 1, want 2\n  a TestBroken\n  c: panic: test timed out after 1s\n  d: build failed\n"},
			[]string{"missed at 0.70", "level=DEBUG", "=== RUN", "--- PASS", "--- SKIP"}},
		{"verbose", true,
			[]string{"missed at 0.70", "level=DEBUG", "=== RUN   TestQuiet", "--- PASS: TestQuiet", "--- SKIP: TestNeo4j", "got 1, want 2", "panic: test timed out"},
			nil},
	} {
		var b strings.Builder
		c, err := report(strings.NewReader(stream), &b, tc.verbose)
		if err != nil {
			t.Fatal(err)
		}
		if c != (counts{passed: 2, failed: 2, skipped: 1}) {
			t.Errorf("%s: counts = %+v, want 2 passed, 2 failed, 1 skipped", tc.name, c)
		}
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: the report lacks %q:\n%s", tc.name, w, b.String())
			}
		}
		if !strings.HasSuffix(b.String(), "\n  d: build failed\n") {
			t.Errorf("%s: the report does not end with the list of failures:\n%s", tc.name, b.String())
		}
		for _, n := range tc.not {
			if strings.Contains(b.String(), n) {
				t.Errorf("%s: the report shows %q:\n%s", tc.name, n, b.String())
			}
		}
	}
}
