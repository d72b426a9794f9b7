package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/patronage/patronage/graph/neo4j"
)

// loadOptions are load's flags.
type loadOptions struct {
	store          storeConfig
	batch, workers int
	force          bool
	logLevel       string
}

func loadFlags(stderr io.Writer) (*flagSet, *loadOptions) {
	fs := newFlags("load", "[DIR]", "Load a dataset into Neo4j: the seeds built into the binary, or the dataset directory DIR\n"+
		"(or --data). Creates the constraints and indexes, writes every record with batched MERGE\n"+
		"statements and deletes what the dataset no longer holds. Idempotent: loading the same\n"+
		"dataset again changes nothing, and a load that was interrupted completes when run again.", stderr)
	o := &loadOptions{}
	addStoreFlags(fs, &o.store, "load")
	fs.IntVar(&o.batch, "batch-size", 500, "rows per UNWIND ... MERGE statement")
	fs.IntVar(&o.workers, "workers", 1, "batches of new nodes written at once into an empty database; more helps only a server with cores to spare")
	fs.BoolVar(&o.force, "force", false, "rewrite every record even when its stored hash says it is unchanged (after editing the graph by hand)")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug (every batch), info, warn or error")
	fs.fromEnv(map[string]string{"batch-size": "PATRONAGE_LOAD_BATCH_SIZE", "workers": "PATRONAGE_LOAD_WORKERS", "force": "PATRONAGE_LOAD_FORCE", "log-level": "PATRONAGE_LOG_LEVEL"})
	return fs, o
}

func runLoad(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs, o := loadFlags(stderr)
	sc := &o.store
	if err := fs.parse(args, getenv); err != nil {
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
	if o.workers < 1 || o.workers > 16 {
		return fmt.Errorf("load: --workers must be between 1 and 16 (got %d)", o.workers)
	}
	if o.batch < 1 {
		return fmt.Errorf("load: --batch-size must be positive")
	}
	log, err := newLogger(stderr, o.logLevel)
	if err != nil {
		return err
	}
	d, err := loadDataset(sc.dataDir)
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
	rep, err := s.Load(ctx, d, neo4j.LoadOptions{BatchSize: o.batch, Workers: o.workers, Force: o.force, Progress: func(step string, done, total int) {
		log.Debug("batch written", "step", step, "done", done, "total", total)
	}})
	if err != nil {
		return fmt.Errorf("load: %w (run the load again to complete it)", err)
	}
	n := rep.Records
	fmt.Fprintf(stdout, "loaded %s (version %s) into %s in %s\n", from, rep.Version, s, rep.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(stdout, "  records: %s; %d gazetteer units\n", n, rep.Places)
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
