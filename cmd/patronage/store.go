package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/seeds"
)

// storeConfig chooses the backend: the embedded store loaded from a dataset
// directory (or the seeds compiled into the binary), or Neo4j.
type storeConfig struct {
	dataDir       string // "" means the embedded seeds
	neo4jURI      string
	neo4jUser     string
	neo4jPassword string
	neo4jDatabase string
}

// addStoreFlags registers the backend flags with their environment
// variables, described for serve (what to serve from) or for load (what
// to load, and where).
func addStoreFlags(fs *flagSet, c *storeConfig, command string) {
	data := "dataset directory for the embedded store; empty: the seeds built into the binary"
	uri := "serve from Neo4j at this URI instead of the embedded store, e.g. bolt://127.0.0.1:7687 or neo4j+s://xxx.databases.neo4j.io"
	if command == "load" {
		data = "dataset directory to load (DIR, when given, wins); empty: the seeds built into the binary"
		uri = "the Neo4j to load into, e.g. bolt://127.0.0.1:7687 or neo4j+s://xxx.databases.neo4j.io (required)"
	}
	fs.StringVar(&c.dataDir, "data", "", data)
	fs.StringVar(&c.neo4jURI, "neo4j-uri", "", uri)
	fs.StringVar(&c.neo4jUser, "neo4j-user", "", "Neo4j user; empty for a server without auth")
	fs.StringVar(&c.neo4jPassword, "neo4j-password", "", "Neo4j password")
	fs.StringVar(&c.neo4jDatabase, "neo4j-database", "neo4j", "Neo4j database name")
	fs.fromEnv(map[string]string{"data": "PATRONAGE_DATA", "neo4j-uri": "PATRONAGE_NEO4J_URI", "neo4j-user": "PATRONAGE_NEO4J_USER",
		"neo4j-password": "PATRONAGE_NEO4J_PASSWORD", "neo4j-database": "PATRONAGE_NEO4J_DATABASE"})
}

// loadDataset is the one way the commands read a dataset (external ids
// included): the dataset directory dir, or the seeds built into the binary
// when dir is empty.
func loadDataset(dir string) (*graph.Dataset, error) {
	if dir == "" {
		return seeds.Load(seeds.Embedded(), "seeds")
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("dataset directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("dataset directory: %s is not a directory", dir)
	}
	return seeds.Load(os.DirFS(dir), dir)
}

// neo4jConfig is the Neo4j connection the flags describe.
func (c storeConfig) neo4jConfig(log *slog.Logger) neo4j.Config {
	return neo4j.Config{URI: c.neo4jURI, User: c.neo4jUser, Password: c.neo4jPassword, Database: c.neo4jDatabase, Logger: log}
}

// openStore opens the configured backend. The returned close function
// releases it.
func openStore(ctx context.Context, c storeConfig, log *slog.Logger) (graph.Store, func(), error) {
	if c.neo4jURI != "" {
		if c.dataDir != "" {
			log.Warn("--data is ignored: serving from Neo4j (load a dataset with patronage load)", "data", c.dataDir)
		}
		s, err := neo4j.Open(ctx, c.neo4jConfig(log))
		if err != nil {
			return nil, nil, err
		}
		// a server without a (complete) dataset still starts; /readyz says so
		if v, err := s.Version(ctx); err != nil {
			log.Warn("neo4j store not ready", "store", s.String(), "err", err)
		} else {
			log.Info("neo4j store", "store", s.String(), "version", v)
		}
		return s, func() { _ = s.Close(context.Background()) }, nil
	}
	d, err := loadDataset(c.dataDir)
	if err != nil {
		return nil, nil, err
	}
	s, err := memory.New(d)
	if err != nil {
		return nil, nil, err
	}
	log.Info("embedded store loaded", "entities", len(d.Entities), "claims", len(d.Claims), "raids", len(d.Raids), "version", d.Version)
	return s, func() {}, nil
}
