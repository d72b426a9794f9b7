// Command testreport turns the events of `go test -json` (standard input)
// into what a person reads after a test run: the whole output of each
// failing test, of each package that failed outside its tests (a panic, a
// timeout, a build error), one "ok" line per package that passed, a list
// of what failed with the first lines that say why (so the reason stands
// beside the counts however long the output above it), and a closing line
// "tests: N passed, N failed, N skipped". The output of
// passing tests — their logs, what the code under test writes to stderr —
// is not shown; with -v it all is, as `go test -v` prints it.
//
// scripts/gotest runs it; the go command's exit status stays the run's.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output and build-fail
}

// counts are the tests (subtests included) that passed, failed and were
// skipped.
type counts struct{ passed, failed, skipped int }

func main() {
	verbose := flag.Bool("v", false, "print the output of every test, passing ones included")
	flag.Parse()
	c, err := report(os.Stdin, os.Stdout, *verbose)
	fmt.Printf("tests: %d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
}

// report reads events from r and writes the report to w.
func report(r io.Reader, w io.Writer, verbose bool) (counts, error) {
	var c counts
	var failed []string           // the closing list: a line per failure
	held := map[string][]string{} // output not yet shown, by package and test
	key := func(e event) string { return e.Package + "\x00" + e.Test }
	show := func(k string) {
		for _, line := range held[k] {
			if verbose || !strings.HasPrefix(strings.TrimSpace(line), "=== ") {
				io.WriteString(w, line)
			}
		}
		delete(held, k)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(w, sc.Text()) // the go command's own words
			continue
		}
		k := key(e)
		switch e.Action {
		case "output":
			if verbose {
				io.WriteString(w, e.Output)
			} else {
				held[k] = append(held[k], e.Output)
			}
		case "build-output":
			io.WriteString(w, e.Output)
		case "pass", "skip":
			if e.Test == "" {
				if e.Action == "pass" && !verbose {
					fmt.Fprintf(w, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
				}
			} else if e.Action == "pass" {
				c.passed++
			} else {
				c.skipped++
			}
			delete(held, k)
		case "fail":
			if e.Test != "" {
				c.failed++
				failed = append(failed, failure(e.Package+" "+e.Test, held[k], testMessage))
				show(k)
				continue
			}
			// the package failed: what its running tests and the package
			// itself wrote (a panic, a timeout, "FAIL pkg")
			var running []string
			for hk := range held {
				if pkg, test, _ := strings.Cut(hk, "\x00"); pkg == e.Package && test != "" {
					running = append(running, hk)
				}
			}
			sort.Strings(running)
			for _, hk := range running {
				show(hk)
			}
			if f := failure(e.Package, held[k], packageMessage); f != e.Package {
				failed = append(failed, f)
			}
			show(k)
		case "build-fail":
			failed = append(failed, e.ImportPath+": build failed")
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(w, "failed:\n")
		for _, f := range failed {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	return c, sc.Err()
}

// testMessage is a line a test writes with t.Error or t.Log (file.go:N:
// ...); packageMessage a line that ends a package outside its tests.
var (
	testMessage    = regexp.MustCompile(`^\s*[\w.-]+\.go:\d+: `)
	packageMessage = regexp.MustCompile(`^(panic: |fatal error: )`)
)

// failure is the line of the closing list for what failed: its name and
// the first lines of its output that match msg, at most three, shortened.
func failure(name string, output []string, msg *regexp.Regexp) string {
	var why []string
	for _, line := range output {
		if len(why) == 3 {
			break
		}
		if msg.MatchString(line) {
			line = strings.TrimSpace(line)
			if r := []rune(line); len(r) > 200 {
				line = string(r[:200]) + "…"
			}
			why = append(why, line)
		}
	}
	if len(why) == 0 {
		return name
	}
	return name + ": " + strings.Join(why, " | ")
}
