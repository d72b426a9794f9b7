package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCmd runs the CLI as main would, with an empty environment.
func runCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	return out.String(), errb.String(), err
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestValidateSeeds(t *testing.T) {
	out, errOut, err := runCmd(t, nil, "validate", "../../seeds")
	if err != nil || errOut != "" || !strings.HasPrefix(out, "../../seeds: ok (") {
		t.Fatalf("validate seeds: err=%v stderr=%q stdout=%q", err, errOut, out)
	}
}

func TestValidateBroken(t *testing.T) {
	out, errOut, err := runCmd(t, nil, "validate", "testdata/broken")
	if !errors.Is(err, errReported) || out != "" {
		t.Fatalf("validate broken: err=%v stdout=%q, want errReported and no stdout", err, out)
	}
	golden(t, "broken.golden", errOut)
}

// TestValidateMalformed: a stray quote in a row's first column and an
// unclosed one are reported where their records start, without a panic,
// next to every problem of the other files; serve --data refuses the
// directory with the same problems.
func TestValidateMalformed(t *testing.T) {
	out, errOut, err := runCmd(t, nil, "validate", "testdata/malformed")
	if !errors.Is(err, errReported) || out != "" {
		t.Fatalf("validate malformed: err=%v stdout=%q, want errReported and no stdout", err, out)
	}
	golden(t, "malformed.golden", errOut)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err = run(ctx, []string{"serve", "--data", "testdata/malformed", "--listen", "127.0.0.1:0"}, func(string) string { return "" }, &stdout, &stderr)
	if want := "testdata/malformed/people.csv:2: malformed CSV"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("serve --data testdata/malformed: %v, want an error with %q", err, want)
	}
}

func TestValidateFromEnv(t *testing.T) {
	_, _, err := runCmd(t, map[string]string{"PATRONAGE_DATA": "testdata/broken"}, "validate")
	if !errors.Is(err, errReported) {
		t.Errorf("validate with PATRONAGE_DATA=testdata/broken: err=%v, want errReported", err)
	}
	if _, _, err := runCmd(t, nil, "validate", "testdata/nope"); err == nil || !strings.Contains(err.Error(), "testdata/nope") {
		t.Errorf("validate of a missing directory: err=%v", err)
	}
}

func TestUsage(t *testing.T) {
	out, _, err := runCmd(t, nil, "--help")
	if err != nil || !strings.Contains(out, "validate") || !strings.Contains(out, "serve") || !strings.Contains(out, "PATRONAGE_") {
		t.Errorf("--help: err=%v out=%q", err, out)
	}
	if _, _, err := runCmd(t, nil, "frobnicate"); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: err=%v", err)
	}
	if _, errOut, err := runCmd(t, nil, "validate", "--help"); !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "file:line") {
		t.Errorf("validate --help: err=%v stderr=%q", err, errOut)
	}
	if out, _, err := runCmd(t, nil, "version"); err != nil || !strings.HasPrefix(out, "patronage ") {
		t.Errorf("version: %q %v", out, err)
	}
}
