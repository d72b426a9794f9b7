// Package neo4j is the graph.Store backed by Neo4j over Bolt, and the loader
// that writes a graph.Dataset into Neo4j (the system of record).
//
// Every Store method is one parameterised Cypher query (one round trip),
// run with the driver's ExecuteQuery in a read transaction with a timeout;
// paths and the site assessment are variable-length Cypher patterns, not
// graph walks in Go. The loader (Load) writes with batched
// UNWIND $rows ... MERGE statements and is idempotent. The model — labels,
// relationship types and properties — is described in docs/neo4j.md and in
// model.go.
//
// Driver errors are mapped here, at the package edge: anything that means
// the server cannot be reached wraps graph.ErrUnavailable.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/patronage/patronage/graph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://host:7687, neo4j://..., neo4j+s://...
	User     string // empty: no authentication
	Password string
	Database string // empty: "neo4j"

	// QueryTimeout bounds each read transaction on the server; 0 means 60s.
	QueryTimeout time.Duration
	// ReadyTimeout bounds Version, which readiness probes call, so that it
	// fails fast when the server is down; 0 means 3s.
	ReadyTimeout time.Duration
	// Lazy skips the connectivity check in Open (the first query connects).
	Lazy bool

	Logger *slog.Logger // nil: discard

	// Trace, if set, is called with every read statement before it is
	// sent: its operation name, text and parameters (tests, debugging).
	Trace func(op, query string, params map[string]any)
}

// Store is a graph.Store reading from Neo4j. It is safe for concurrent use.
type Store struct {
	drv          driver.DriverWithContext
	db           string
	target       string
	queryTimeout time.Duration
	readyTimeout time.Duration
	log          *slog.Logger
	statements   atomic.Int64 // Cypher statements sent
	failures     atomic.Int64 // of which failed (the caller's cancellation not counted)
	trace        func(op, query string, params map[string]any)
	// units are the gazetteer's provinces, districts and communes as
	// :Place rows, made on the first load (see places.go)
	units func() (*unitRows, error)
}

var _ graph.Store = (*Store)(nil)

// CypherStatements returns how many Cypher statements the store has sent (each
// in its own transaction), for tests and metrics.
func (s *Store) CypherStatements() int64 { return s.statements.Load() }

// CypherFailures returns how many of them failed, other than by the
// caller's cancellation or deadline.
func (s *Store) CypherFailures() int64 { return s.failures.Load() }

// Open connects to Neo4j and, unless c.Lazy, checks that the server
// answers. Returns an error wrapping graph.ErrUnavailable when it does not
// and graph.ErrInvalid for a malformed URI.
func Open(ctx context.Context, c Config) (*Store, error) {
	if strings.TrimSpace(c.URI) == "" {
		return nil, fmt.Errorf("neo4j: %w: no URI", graph.ErrInvalid)
	}
	auth := driver.NoAuth()
	if c.User != "" {
		auth = driver.BasicAuth(c.User, c.Password, "")
	}
	drv, err := driver.NewDriverWithContext(c.URI, auth, func(cfg *config.Config) {
		cfg.SocketConnectTimeout = 2 * time.Second
		cfg.ConnectionAcquisitionTimeout = 10 * time.Second
		cfg.MaxTransactionRetryTime = 15 * time.Second
		cfg.UserAgent = "patronage"
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j %s: %w: %w", c.URI, graph.ErrInvalid, err)
	}
	s := &Store{drv: drv, db: c.Database, target: c.URI, queryTimeout: c.QueryTimeout, readyTimeout: c.ReadyTimeout, log: c.Logger, trace: c.Trace,
		units: sync.OnceValues(loadUnitRows)}
	if s.db == "" {
		s.db = "neo4j"
	}
	if s.queryTimeout <= 0 {
		s.queryTimeout = 60 * time.Second
	}
	if s.readyTimeout <= 0 {
		s.readyTimeout = 3 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if !c.Lazy {
		vctx, cancel := context.WithTimeout(ctx, s.readyTimeout+5*time.Second)
		defer cancel()
		if err := drv.VerifyConnectivity(vctx); err != nil {
			_ = drv.Close(context.Background())
			return nil, s.edge(ctx, "connect", err)
		}
	}
	return s, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.drv.Close(ctx) }

// String names the server and database, for logs.
func (s *Store) String() string { return s.target + " (database " + s.db + ")" }

// read runs one read query (read routing, the query timeout) and returns
// its records.
//
// Every read also reads the dataset marker, in the same statement: a
// statement that does not (the answerer's statements do it themselves) is
// wrapped so that its rows carry the version, which is reported to the
// context's version sink (graph.ReportVersion), and a read during a load
// fails with graph.ErrUnavailable rather than answer from a half-written
// dataset. Only the version query itself is sent as it is.
func (s *Store) read(ctx context.Context, op, query string, params map[string]any) ([]*driver.Record, error) {
	wrapped := op != opVersion && !strings.HasPrefix(query, metaMatch)
	if wrapped {
		query = metaWrapped(query)
	}
	s.statements.Add(1)
	if s.trace != nil {
		s.trace(op, query, params)
	}
	records, err := s.autocommit(ctx, query, params)
	if err != nil {
		return nil, s.edge(ctx, op, err)
	}
	if wrapped && len(records) > 0 {
		var d decoder
		m := records[0].AsMap()
		if loading := d.str(m, metaLoading); loading != "" {
			return nil, fmt.Errorf("neo4j %s: %w: a load (stamp %s) is in progress or was interrupted; run patronage load again", op, graph.ErrUnavailable, loading)
		}
		graph.ReportVersion(ctx, d.str(m, metaVersion))
	}
	return records, nil
}

// autocommit runs one read statement as an auto-commit transaction in a
// read session: RUN and PULL in one round trip, where a managed
// transaction (ExecuteQuery) adds BEGIN and COMMIT and a second one. A
// read has nothing to roll back; a failure is reported, not retried.
func (s *Store) autocommit(ctx context.Context, query string, params map[string]any) ([]*driver.Record, error) {
	sess := s.drv.NewSession(ctx, driver.SessionConfig{AccessMode: driver.AccessModeRead, DatabaseName: s.db})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, query, params, driver.WithTxTimeout(s.queryTimeout))
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// The columns metaWrapped adds to every row.
const (
	metaVersion = "datasetVersion__"
	metaLoading = "datasetLoading__"
	opVersion   = "version"
)

// metaWrapped makes a statement return, beside its own columns, the
// dataset version and loading mark read in the same statement.
func metaWrapped(query string) string {
	return metaMatch + "WITH meta.version AS " + metaVersion + ", meta.loading AS " + metaLoading + "\nCALL () {\n" + query + "\n}\nRETURN *"
}

// write runs one write query (writer routing, retried by the driver, so it
// must be idempotent) and returns its summary counters.
func (s *Store) write(ctx context.Context, op, query string, params map[string]any, timeout time.Duration) (*driver.EagerResult, error) {
	s.statements.Add(1)
	res, err := driver.ExecuteQuery(ctx, s.drv, query, params, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db),
		driver.ExecuteQueryWithWritersRouting(),
		driver.ExecuteQueryWithTransactionConfig(driver.WithTxTimeout(timeout)))
	if err != nil {
		return nil, s.edge(ctx, op, err)
	}
	return res, nil
}

// writeAll runs write queries in one transaction (writer routing, retried
// by the driver, so they must be idempotent together) and returns their
// summary counters, added up.
func (s *Store) writeAll(ctx context.Context, op string, queries []string, timeout time.Duration) (Counters, error) {
	s.statements.Add(int64(len(queries)))
	sess := s.drv.NewSession(ctx, driver.SessionConfig{AccessMode: driver.AccessModeWrite, DatabaseName: s.db})
	defer sess.Close(context.WithoutCancel(ctx))
	n, err := driver.ExecuteWrite(ctx, sess, func(tx driver.ManagedTransaction) (Counters, error) {
		var n Counters
		for _, q := range queries {
			res, err := tx.Run(ctx, q, nil)
			if err != nil {
				return Counters{}, err
			}
			sum, err := res.Consume(ctx)
			if err != nil {
				return Counters{}, err
			}
			n.add(sum.Counters())
		}
		return n, nil
	}, driver.WithTxTimeout(timeout))
	if err != nil {
		return Counters{}, s.edge(ctx, op, err)
	}
	return n, nil
}

// edge maps a driver error to the domain's: unreachable server, exhausted
// retries on connectivity problems, an unavailable database or our own
// readiness deadline become graph.ErrUnavailable; a cancelled caller
// context stays a context error (wrapping context.Canceled, whatever the
// driver made of it) and is not counted as a failure. Every error names the operation.
func (s *Store) edge(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("neo4j %s: %w", op, err)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		// the caller left; the driver may say so only in words ("writing
		// to connection has been canceled") or as a failed dial
		return fmt.Errorf("neo4j %s: %w: %w", op, context.Canceled, err)
	}
	s.failures.Add(1)
	if unavailable(err) {
		return fmt.Errorf("neo4j %s: %w: %w", op, graph.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4j %s: %w", op, err)
}

func unavailable(err error) bool {
	if driver.IsConnectivityError(err) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ce *driver.ConnectivityError
	if errors.As(err, &ce) {
		return true
	}
	var limit *driver.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if unavailable(e) {
				return true
			}
		}
	}
	var ne *driver.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.Code == "Neo.TransientError.General.DatabaseUnavailable",
			ne.Code == "Neo.ClientError.Database.DatabaseNotFound",
			strings.HasPrefix(ne.Code, "Neo.ClientError.Cluster."):
			return true
		}
	}
	return false
}
