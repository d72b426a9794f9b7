package main

import (
	"context"
	"flag"
	"log/slog"

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

// addStoreFlags registers the backend flags with environment fallbacks.
func addStoreFlags(fs *flag.FlagSet, getenv env, c *storeConfig) {
	fs.StringVar(&c.dataDir, "data", envDefault(getenv, "PATRONAGE_DATA", ""), "dataset directory for the embedded store; empty: the seeds built into the binary (env PATRONAGE_DATA)")
	fs.StringVar(&c.neo4jURI, "neo4j-uri", envDefault(getenv, "PATRONAGE_NEO4J_URI", ""), "serve from Neo4j at this URI, e.g. bolt://127.0.0.1:7687 or neo4j+s://xxx.databases.neo4j.io (env PATRONAGE_NEO4J_URI)")
	fs.StringVar(&c.neo4jUser, "neo4j-user", envDefault(getenv, "PATRONAGE_NEO4J_USER", ""), "Neo4j user; empty for a server without auth (env PATRONAGE_NEO4J_USER)")
	fs.StringVar(&c.neo4jPassword, "neo4j-password", envDefault(getenv, "PATRONAGE_NEO4J_PASSWORD", ""), "Neo4j password (env PATRONAGE_NEO4J_PASSWORD)")
	fs.StringVar(&c.neo4jDatabase, "neo4j-database", envDefault(getenv, "PATRONAGE_NEO4J_DATABASE", "neo4j"), "Neo4j database name (env PATRONAGE_NEO4J_DATABASE)")
}

// loadDataset reads the configured dataset directory, or the embedded seeds.
func (c storeConfig) loadDataset() (*graph.Dataset, error) {
	if c.dataDir == "" {
		return seeds.Load(seeds.Embedded(), "seeds")
	}
	return loadDir(c.dataDir)
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
	d, err := c.loadDataset()
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
