package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/httpapi"
	"github.com/patronage/patronage/match"
)

// serveGCPercent is the collector's target for a serving process (GOGC).
const serveGCPercent = 400

func runServe(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "", "Serve the GraphQL API over HTTP: POST and GET /graphql, the newsroom web app at /,\nthe GraphiQL page at /graphiql, /healthz (the process is up) and /readyz (the store\nanswers). Stops gracefully on SIGINT or SIGTERM.", stderr)
	var sc storeConfig
	addStoreFlags(fs, getenv, &sc)
	var errs []error
	listen := fs.String("listen", envDefault(getenv, "PATRONAGE_LISTEN", ":8080"), "address to listen on; :0 picks a free port (env PATRONAGE_LISTEN)")
	origins := fs.String("cors-origins", envDefault(getenv, "PATRONAGE_CORS_ORIGINS", ""), "comma-separated origins browsers may call the API from, or * for any; empty: same origin only (env PATRONAGE_CORS_ORIGINS)")
	introspection := fs.Bool("introspection", envValue(getenv, "PATRONAGE_INTROSPECTION", true, strconv.ParseBool, &errs), "allow schema introspection and serve the GraphiQL page (env PATRONAGE_INTROSPECTION)")
	requestTimeout := fs.Duration("request-timeout", envValue(getenv, "PATRONAGE_REQUEST_TIMEOUT", httpapi.DefaultRequestTimeout, time.ParseDuration, &errs), "longest time a request may take, store calls included (env PATRONAGE_REQUEST_TIMEOUT)")
	shutdownTimeout := fs.Duration("shutdown-timeout", envValue(getenv, "PATRONAGE_SHUTDOWN_TIMEOUT", 10*time.Second, time.ParseDuration, &errs), "how long in-flight requests may finish after a stop signal (env PATRONAGE_SHUTDOWN_TIMEOUT)")
	maxComplexity := fs.Int("max-complexity", envValue(getenv, "PATRONAGE_MAX_COMPLEXITY", httpapi.DefaultMaxComplexity, strconv.Atoi, &errs), "largest query cost accepted; a page of first items costs first times each item (env PATRONAGE_MAX_COMPLEXITY)")
	maxDepth := fs.Int("max-depth", envValue(getenv, "PATRONAGE_MAX_DEPTH", httpapi.DefaultMaxDepth, strconv.Atoi, &errs), "deepest nesting of fields accepted (env PATRONAGE_MAX_DEPTH)")
	maxSelections := fs.Int("max-selections", envValue(getenv, "PATRONAGE_MAX_SELECTIONS", httpapi.DefaultMaxSelections, strconv.Atoi, &errs), "most fields, fragment spreads and inline fragments a query may have, fragments expanded, counted before it is validated (env PATRONAGE_MAX_SELECTIONS)")
	metricsOn := fs.Bool("metrics", envValue(getenv, "PATRONAGE_METRICS", true, strconv.ParseBool, &errs), "serve Prometheus metrics at /metrics (env PATRONAGE_METRICS)")
	logLevel := fs.String("log-level", envDefault(getenv, "PATRONAGE_LOG_LEVEL", "info"), "debug, info (a line per request), warn or error (env PATRONAGE_LOG_LEVEL)")
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no arguments")
	}
	if *maxComplexity < 1 || *maxDepth < 1 || *maxSelections < 1 || *requestTimeout <= 0 || *shutdownTimeout < 0 {
		return fmt.Errorf("serve: --max-complexity, --max-depth, --max-selections and --request-timeout must be positive")
	}
	log, err := newLogger(stderr, *logLevel)
	if err != nil {
		return err
	}
	if getenv("GOGC") == "" {
		// A request allocates much and keeps little: collecting at 5x the
		// live heap instead of 2x spends a third less CPU on the collector
		// (BenchmarkEmbedded), for a heap of tens of MiB. GOGC overrides it.
		debug.SetGCPercent(serveGCPercent)
		log.Debug("garbage collection", "percent", serveGCPercent, "override", "GOGC")
	}
	store, closeStore, err := openStore(ctx, sc, log)
	if err != nil {
		return err
	}
	defer closeStore()
	// the name index is built now, not on the first match request; with no
	// complete dataset yet (none loaded, a load running) the server starts
	// all the same, not ready, and builds it when a dataset is there
	names := match.NewNameIndex(store)
	if names != nil {
		if _, err := names.Matcher(ctx); errors.Is(err, graph.ErrUnavailable) {
			log.Warn("name index not built: no complete dataset yet", "err", err)
		} else if err != nil {
			return err
		}
	}
	h, err := httpapi.New(httpapi.Config{
		Store:          store,
		Names:          names,
		Logger:         log,
		Introspection:  *introspection,
		AllowedOrigins: httpapi.ParseOrigins(*origins),
		MaxComplexity:  *maxComplexity,
		MaxDepth:       *maxDepth,
		MaxSelections:  *maxSelections,
		RequestTimeout: *requestTimeout,
		Metrics:        *metricsOn,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	addr := displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "patronage: serving GraphQL on http://%s/graphql\n", addr)
	log.Info("serving", "addr", addr, "introspection", *introspection, "max_complexity", *maxComplexity, "max_depth", *maxDepth, "max_selections", *maxSelections, "request_timeout", *requestTimeout)
	return httpapi.Serve(ctx, ln, h, *requestTimeout, *shutdownTimeout, log)
}

// envValue reads a typed environment fallback for a flag's default; a
// malformed value is collected in errs and def is used.
func envValue[T any](getenv env, name string, def T, parse func(string) (T, error), errs *[]error) T {
	s := envDefault(getenv, name, "")
	if s == "" {
		return def
	}
	v, err := parse(s)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("environment variable %s=%q: %v", name, s, err))
		return def
	}
	return v
}

// displayAddr is the address to print for a listener: the actual port (a
// --listen of :0 picks one), and localhost when listening on every address.
func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", strconv.Itoa(t.Port))
	}
	return a.String()
}
