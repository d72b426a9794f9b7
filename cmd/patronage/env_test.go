package main

import (
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// flagSets builds every command's flag set afresh, by command line.
func flagSets() map[string]*flagSet {
	first := func(fs *flagSet, _ any) *flagSet { return fs }
	sets := map[string]*flagSet{
		"validate":  validateFlags(io.Discard),
		"version":   versionFlags(io.Discard),
		"serve":     first(serveFlags(io.Discard)),
		"load":      first(loadFlags(io.Discard)),
		"synthetic": first(syntheticFlags(io.Discard)),
	}
	for _, f := range []string{"ftm", "ofac"} {
		sets["import "+f] = first(importFlags(f, io.Discard))
	}
	for _, f := range []string{"ftm", "csv", "geojson"} {
		sets["export "+f] = first(exportFlags(f, io.Discard))
	}
	return sets
}

// commandLineOnly are the flags with no environment variable, and why.
var commandLineOnly = map[string]string{
	"import ftm --into":  "writing into a dataset (the curated seeds/ included) must be asked for on the command line",
	"import ofac --into": "writing into a dataset (the curated seeds/ included) must be asked for on the command line",
}

// sample is a valid value for the flag other than its default.
func sample(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok { // a score
		return "0.5"
	}
	switch v := g.Get().(type) {
	case bool:
		return strconv.FormatBool(!v)
	case int:
		return strconv.Itoa(v + 7)
	case uint64:
		return strconv.FormatUint(v+7, 10)
	case time.Duration:
		return (v + 7*time.Second).String()
	}
	return f.DefValue + "from-env"
}

// TestEveryFlagFromTheEnvironment walks every command's flags: each has an
// environment variable named in its help (but those of commandLineOnly),
// the variable sets the flag when the flag is not on the command line, and
// the command line wins over it.
func TestEveryFlagFromTheEnvironment(t *testing.T) {
	sets := flagSets()
	for name := range commands() {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(sets)), func(k string) bool { return k == name || strings.HasPrefix(k, name+" ") }) {
			t.Errorf("command %s: no flag set in flagSets, so its flags are not checked", name)
		}
	}
	n := 0
	for cmd, fs := range sets {
		fs.VisitAll(func(f *flag.Flag) {
			n++
			what := cmd + " --" + f.Name
			variable, ok := fs.env[f.Name]
			if why, only := commandLineOnly[what]; only {
				if ok || !strings.Contains(f.Usage, "never from the environment") {
					t.Errorf("%s: on the command line only (%s), but its variable is %q and its help %q", what, why, variable, f.Usage)
				}
				return
			}
			if !ok || !strings.HasPrefix(variable, "PATRONAGE_") || !strings.HasSuffix(f.Usage, "(env "+variable+")") {
				t.Errorf("%s: environment variable %q, help %q; want a PATRONAGE_ variable named at the end of its help", what, variable, f.Usage)
				return
			}
			value := sample(f)
			getenv := func(k string) string {
				if k == variable {
					return value
				}
				return ""
			}
			fresh := flagSets()[cmd]
			if err := fresh.parse(nil, getenv); err != nil {
				t.Errorf("%s: %s=%s: %v", what, variable, value, err)
				return
			}
			want := flagSets()[cmd]
			if err := want.Set(f.Name, value); err != nil {
				t.Fatalf("%s: sample %q: %v", what, value, err)
			}
			got, wantValue := fresh.Lookup(f.Name).Value.String(), want.Lookup(f.Name).Value.String()
			if got != wantValue || got == f.DefValue {
				t.Errorf("%s with %s=%s: the flag is %q, want %q (default %q)", what, variable, value, got, wantValue, f.DefValue)
			}
			given := flagSets()[cmd]
			if err := given.parse([]string{"--" + f.Name + "=" + f.DefValue}, getenv); err != nil || given.Lookup(f.Name).Value.String() != f.DefValue {
				t.Errorf("%s=%s %s=%s: the flag is %q (%v), want the command line's %q", variable, value, what, f.DefValue, given.Lookup(f.Name).Value, err, f.DefValue)
			}
		})
	}
	if n < 40 {
		t.Errorf("walked %d flags, want every command's (more than 40)", n)
	}
}

// otherVariables are the PATRONAGE_ variables the documentation names that
// are no flag's: read by the test scripts and tests, each by the file given.
var otherVariables = map[string]string{
	"PATRONAGE_REQUIRE_NEO4J":   "../../graph/neo4j/neo4jtest/neo4jtest.go",
	"PATRONAGE_REQUIRE_BROWSER": "browser_test.go",
	"PATRONAGE_ARTIFACTS":       "browser_test.go",
	"PATRONAGE_CHROMIUM":        "../../scripts/chromium",
	"PATRONAGE_NEO4J_STATE":     "../../scripts/neo4j/neo4j",
	"PATRONAGE_NEO4J_BUILD":     "../../scripts/neo4j/neo4j",
	"PATRONAGE_BIN":             "../../scripts/neo4j/neo4j",
	"PATRONAGE_BROWSER_LOAD":    "../../scripts/neo4j/neo4j",
	"PATRONAGE_URL":             "../../examples/notebooks/site_assessment.ipynb",
	"PATRONAGE_NOTEBOOK_OUT":    "../../examples/notebooks/site_assessment.ipynb",
}

// TestDocumentedVariables reads the README and docs/: every PATRONAGE_
// variable they name is a flag's (and then TestEveryFlagFromTheEnvironment
// proves it works) or one of otherVariables, read where that says.
func TestDocumentedVariables(t *testing.T) {
	flagVars := map[string]bool{}
	for _, fs := range flagSets() {
		for _, v := range fs.env {
			flagVars[v] = true
		}
	}
	docs, _ := filepath.Glob("../../docs/*.md")
	docs = append(docs, "../../README.md")
	variable := regexp.MustCompile(`PATRONAGE_[A-Z0-9_]*[A-Z0-9]`)
	found := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range variable.FindAllString(string(b), -1) {
			found++
			if flagVars[v] {
				continue
			}
			reader, ok := otherVariables[v]
			if !ok {
				t.Errorf("%s names %s, which no flag reads and no script is known to", doc, v)
				continue
			}
			if src, err := os.ReadFile(reader); err != nil || !strings.Contains(string(src), v) {
				t.Errorf("%s names %s, said to be read by %s, which does not mention it (%v)", doc, v, reader, err)
			}
		}
	}
	if found == 0 {
		t.Error("no PATRONAGE_ variable found in the documentation")
	}
}

// TestNewVariablesEndToEnd runs commands whose flags are given only by
// their environment variables.
func TestNewVariablesEndToEnd(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "tables")
	_, stderr, err := runCmd(t, map[string]string{"PATRONAGE_EXPORT_OUT": dir + "/", "PATRONAGE_EXPORT_KINDS": "compound"}, "export", "csv")
	if err != nil {
		t.Fatalf("export csv with PATRONAGE_EXPORT_OUT: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "entities.csv")); err != nil {
		t.Errorf("PATRONAGE_EXPORT_OUT=%s/: %v", dir, err)
	}
	if want := "wrote " + dir + "/{entities.csv,"; !strings.Contains(stderr, want) || strings.Contains(stderr, "//") {
		t.Errorf("export csv --out %s/ reports %q, want %q and no //", dir, stderr, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "entities.csv"))
	if strings.Contains(string(b), ",person,") || !strings.Contains(string(b), ",compound,") {
		t.Errorf("PATRONAGE_EXPORT_KINDS=compound: entities.csv holds other kinds or no compound")
	}

	into := filepath.Join(tmp, "merged")
	stdout, stderr, err := runCmd(t, map[string]string{"PATRONAGE_IMPORT_DRY_RUN": "true", "PATRONAGE_IMPORT_EMPTY": "1"}, "import", "ftm", "--into", into, ftmFixture)
	if err != nil || !strings.Contains(stdout, "dry run: "+into+" not written") {
		t.Errorf("import with PATRONAGE_IMPORT_DRY_RUN: %v, stdout %q stderr %q", err, stdout, stderr)
	}
	if _, err := os.Stat(into); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote %s (%v)", into, err)
	}

	if _, _, err := runCmd(t, map[string]string{"PATRONAGE_MERGE_THRESHOLD": "1.5"}, "import", "ftm", "--dry-run", ftmFixture); err == nil || !strings.Contains(err.Error(), "PATRONAGE_MERGE_THRESHOLD") {
		t.Errorf("PATRONAGE_MERGE_THRESHOLD=1.5: err = %v, want one naming the variable", err)
	}
	if _, _, err := runCmd(t, nil, "import", "ftm", "--dry-run", "--review-threshold", "-1", ftmFixture); err == nil || !strings.Contains(err.Error(), "between 0 and 1") {
		t.Errorf("--review-threshold -1: err = %v, want a score between 0 and 1", err)
	}
}

// TestHelp: each command's help describes its own flags, and a command
// without flags says so.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"validate", "--help"}, []string{"file:line", "It takes no flags."}, []string{"Flags"}},
		{[]string{"version", "--help"}, []string{"It takes no flags."}, []string{"Flags"}},
		{[]string{"load", "--help"}, []string{"dataset directory to load", "the Neo4j to load into", "(env PATRONAGE_LOAD_FORCE)"}, []string{"serve from", "embedded store"}},
		{[]string{"serve", "--help"}, []string{"serve from Neo4j at this URI", "(env PATRONAGE_LISTEN)"}, nil},
		{[]string{"export", "geojson", "--help"}, []string{"(env PATRONAGE_EXPORT_PROVINCE)", "(env PATRONAGE_EXPORT_HOPS)"}, nil},
		{[]string{"import", "ofac", "--help"}, []string{"(env PATRONAGE_IMPORT_LIST_DATE)", "(env PATRONAGE_IMPORT_COUNTRIES)", "never from the environment"}, nil},
	} {
		_, stderr, err := runCmd(t, nil, tc.args...)
		if err != flag.ErrHelp {
			t.Errorf("%v: err = %v, want flag.ErrHelp", tc.args, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: help lacks %q:\n%s", tc.args, w, stderr)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(stderr, n) {
				t.Errorf("%v: help says %q:\n%s", tc.args, n, stderr)
			}
		}
	}
}
