// Command patronage serves, checks, loads, imports and exports the sourced
// patronage graph of Cambodia's scam-compound economy.
//
//	patronage validate [DIR]      check a dataset; print every problem as file:line
//	patronage serve               serve the GraphQL API (embedded store or Neo4j)
//	patronage load [DIR]          load a dataset into Neo4j
//	patronage import FORMAT FILE  read FollowTheMoney or OFAC data
//	patronage export FORMAT       write FtM, CSV or GeoJSON
//	patronage synthetic DIR       write a labelled synthetic dataset (benchmarks)
//	patronage version             print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) && !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "patronage:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(1)
	}
}

// errReported is returned by a command that has already printed its
// problems and only needs a non-zero exit.
var errReported = errors.New("problems reported")

// env reads the environment; tests pass a map's lookup.
type env func(string) string

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"validate":  {"check a dataset and print every problem as file:line: what is wrong", runValidate},
		"serve":     {"serve the GraphQL API over HTTP (embedded store, or Neo4j with --neo4j-uri)", runServe},
		"load":      {"load a dataset into Neo4j (idempotent)", runLoad},
		"import":    {"import FollowTheMoney JSON lines (ftm FILE) or the OFAC SDN list (ofac DIR)", runImport},
		"export":    {"export the graph as FollowTheMoney JSON lines, CSV tables or GeoJSON", runExport},
		"version":   {"print the version", runVersion},
		"synthetic": {"write a labelled SYNTHETIC dataset of N entities (scale tests, benchmarks)", runSynthetic},
	}
}

func run(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return fmt.Errorf("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, args[1:], getenv, stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "patronage: the sourced patronage graph of Cambodia's scam-compound economy")
	fmt.Fprintln(w, "\nUsage: patronage COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'patronage COMMAND --help' for a command's flags. Every flag but import's --into")
	fmt.Fprintln(w, "has an environment variable as fallback (PATRONAGE_...), named in its help; a flag")
	fmt.Fprintln(w, "given on the command line wins.")
}

// flagSet is a command's flags, each (but a few that must be given on
// the command line) with an environment variable as its fallback: a flag
// not on the command line takes the variable's value when it is set.
type flagSet struct {
	*flag.FlagSet
	env map[string]string // flag name → environment variable
}

// newFlags makes a command's flag set with a usage text that names the
// command and what it does.
func newFlags(name, argsUsage, about string, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), env: map[string]string{}}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: patronage %s [flags] %s\n\n%s\n", name, argsUsage, about)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			fmt.Fprintf(stderr, "\nIt takes no flags.\n")
			return
		}
		fmt.Fprintf(stderr, "\nFlags (a flag given wins over its environment variable):\n")
		fs.PrintDefaults()
	}
	return fs
}

// fromEnv makes each variable the fallback of its flag (by flag name) and
// names it in the flag's usage.
func (fs *flagSet) fromEnv(vars map[string]string) {
	for name, v := range vars {
		f := fs.Lookup(name)
		if f == nil {
			panic("fromEnv: no flag --" + name)
		}
		f.Usage += " (env " + v + ")"
		fs.env[name] = v
	}
}

// parse parses the command line, then sets every flag that was not on it
// from its environment variable, when that is set (and not blank); a value
// the flag refuses is an error naming the variable.
func (fs *flagSet) parse(args []string, getenv env) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	names := make([]string, 0, len(fs.env))
	for name := range fs.env {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		v := strings.TrimSpace(getenv(fs.env[name]))
		if given[name] || v == "" {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			errs = append(errs, fmt.Errorf("environment variable %s=%q: %v", fs.env[name], v, err))
		}
	}
	return errors.Join(errs...)
}

// envDefault returns the environment variable's value, or def.
func envDefault(getenv env, name, def string) string {
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v
	}
	return def
}

// newLogger makes the process logger: text to stderr at the given level.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func versionFlags(stderr io.Writer) *flagSet {
	return newFlags("version", "", "Print the version of this build.", stderr)
}

func runVersion(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	if err := versionFlags(stderr).parse(args, getenv); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "patronage", version)
	return nil
}
