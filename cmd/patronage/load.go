package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/patronage/patronage/graph/neo4j"
)

func runLoad(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlags("load", "[DIR]", "Load a dataset into Neo4j: the seeds built into the binary, or the dataset directory DIR\n"+
		"(or --data). Creates the constraints and indexes, writes every record with batched MERGE\n"+
		"statements and deletes what the dataset no longer holds. Idempotent: loading the same\n"+
		"dataset again changes nothing, and a load that was interrupted completes when run again.", stderr)
	var sc storeConfig
	addStoreFlags(fs, getenv, &sc)
	var errs []error
	batch := fs.Int("batch-size", envValue(getenv, "PATRONAGE_LOAD_BATCH_SIZE", 500, strconv.Atoi, &errs), "rows per UNWIND ... MERGE statement (env PATRONAGE_LOAD_BATCH_SIZE)")
	workers := fs.Int("workers", envValue(getenv, "PATRONAGE_LOAD_WORKERS", 1, strconv.Atoi, &errs), "batches of new nodes written at once into an empty database; more helps only a server with cores to spare (env PATRONAGE_LOAD_WORKERS)")
	force := fs.Bool("force", false, "rewrite every record even when its stored hash says it is unchanged (after editing the graph by hand)")
	logLevel := fs.String("log-level", envDefault(getenv, "PATRONAGE_LOG_LEVEL", "info"), "debug (every batch), info, warn or error (env PATRONAGE_LOG_LEVEL)")
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return fmt.Errorf("load takes at most one directory")
	}
	if fs.NArg() == 1 {
		sc.dataDir = fs.Arg(0)
	}
	if sc.neo4jURI == "" {
		return fmt.Errorf("load: no Neo4j to load into: give --neo4j-uri or set PATRONAGE_NEO4J_URI")
	}
	if *workers < 1 || *workers > 16 {
		return fmt.Errorf("load: --workers must be between 1 and 16 (got %d)", *workers)
	}
	if *batch < 1 {
		return fmt.Errorf("load: --batch-size must be positive")
	}
	log, err := newLogger(stderr, *logLevel)
	if err != nil {
		return err
	}
	d, err := sc.loadDataset()
	if err != nil {
		return printProblems(stderr, err)
	}
	from := sc.dataDir
	if from == "" {
		from = "the built-in seeds"
	}
	s, err := neo4j.Open(ctx, sc.neo4jConfig(log))
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer s.Close(context.Background())
	rep, err := s.Load(ctx, d, neo4j.LoadOptions{BatchSize: *batch, Workers: *workers, Force: *force, Progress: func(step string, done, total int) {
		log.Debug("batch written", "step", step, "done", done, "total", total)
	}})
	if err != nil {
		return fmt.Errorf("load: %w (run the load again to complete it)", err)
	}
	n := rep.Records
	fmt.Fprintf(stdout, "loaded %s (version %s) into %s in %s\n", from, rep.Version, s, rep.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(stdout, "  records: %d sources, %d entities, %d claims, %d raids, %d designations, %d statements; %d gazetteer units\n",
		n.Sources, n.Entities, n.Claims, n.Raids, n.Designations, n.Statements, rep.Places)
	switch {
	case rep.Unchanged:
		fmt.Fprintf(stdout, "  changes: none, the database already held this dataset (use --force to rewrite it)\n")
	case rep.Counters.Changed():
		fmt.Fprintf(stdout, "  changes: %s\n", rep.Counters)
		how := "merged into the data already there"
		if rep.Fresh {
			how = "created in an empty database"
		}
		fmt.Fprintf(stdout, "  rate: %.0f entities/s, %.0f claims/s (%s)\n", rep.PerSecond(n.Entities), rep.PerSecond(n.Claims), how)
	default:
		fmt.Fprintf(stdout, "  changes: none, the database already held this dataset (constraints added %d, indexes added %d)\n",
			rep.Counters.ConstraintsAdded, rep.Counters.IndexesAdded)
	}
	return nil
}
