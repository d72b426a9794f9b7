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
	fmt.Fprintln(w, "\nRun 'patronage COMMAND --help' for a command's flags. Every flag has an environment")
	fmt.Fprintln(w, "variable fallback, named in its help (PATRONAGE_...).")
}

// newFlags makes a command's flag set with a usage text that names the
// command and what it does.
func newFlags(name, argsUsage, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: patronage %s [flags] %s\n\n%s\n\nFlags:\n", name, argsUsage, about)
		fs.PrintDefaults()
	}
	return fs
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

func runVersion(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", "Print the version of this build.", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "patronage", version)
	return nil
}
