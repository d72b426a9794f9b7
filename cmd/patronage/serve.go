package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/httpapi"
	"github.com/patronage/patronage/match"
)

// serveGCPercent is the collector's target for a serving process (GOGC).
const serveGCPercent = 400

// serveOptions are serve's flags.
type serveOptions struct {
	store                           storeConfig
	listen, origins, logLevel       string
	pprof                           string
	introspection, metrics          bool
	requestTimeout, shutdownTimeout time.Duration
	maxComplexity, maxDepth         int
	maxSelections                   int
}

func serveFlags(stderr io.Writer) (*flagSet, *serveOptions) {
	fs := newFlags("serve", "", "Serve the GraphQL API over HTTP: POST and GET /graphql, the newsroom web app at /,\nthe GraphiQL page at /graphiql, /healthz (the process is up) and /readyz (the store\nanswers). Stops gracefully on SIGINT or SIGTERM.", stderr)
	o := &serveOptions{}
	addStoreFlags(fs, &o.store, "serve")
	fs.StringVar(&o.listen, "listen", ":8080", "address to listen on (host:port; no host: every interface); :0 picks a free port")
	fs.StringVar(&o.origins, "cors-origins", "", "comma-separated origins browsers may call the API from, or * for any; empty: same origin only")
	fs.BoolVar(&o.introspection, "introspection", true, "allow schema introspection and serve the GraphiQL page")
	fs.DurationVar(&o.requestTimeout, "request-timeout", httpapi.DefaultRequestTimeout, "longest time a request may take, store calls included")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long in-flight requests may finish after a stop signal")
	fs.IntVar(&o.maxComplexity, "max-complexity", httpapi.DefaultMaxComplexity, "largest query cost accepted; a page of first items costs first times each item")
	fs.IntVar(&o.maxDepth, "max-depth", httpapi.DefaultMaxDepth, "deepest nesting of fields accepted")
	fs.IntVar(&o.maxSelections, "max-selections", httpapi.DefaultMaxSelections, "most fields, fragment spreads and inline fragments a query may have, fragments expanded, counted before it is validated")
	fs.BoolVar(&o.metrics, "metrics", true, "serve Prometheus metrics at /metrics")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info (a line per request), warn or error")
	fs.StringVar(&o.pprof, "pprof", "", "also serve Go's profiler (net/http/pprof) at http://ADDR/debug/pprof/ (host:port, keep it private); empty: off")
	fs.fromEnv(map[string]string{"listen": "PATRONAGE_LISTEN", "cors-origins": "PATRONAGE_CORS_ORIGINS", "introspection": "PATRONAGE_INTROSPECTION",
		"request-timeout": "PATRONAGE_REQUEST_TIMEOUT", "shutdown-timeout": "PATRONAGE_SHUTDOWN_TIMEOUT", "max-complexity": "PATRONAGE_MAX_COMPLEXITY",
		"max-depth": "PATRONAGE_MAX_DEPTH", "max-selections": "PATRONAGE_MAX_SELECTIONS", "metrics": "PATRONAGE_METRICS", "log-level": "PATRONAGE_LOG_LEVEL",
		"pprof": "PATRONAGE_PPROF"})
	return fs, o
}

func runServe(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs, o := serveFlags(stderr)
	if err := fs.parse(args, getenv); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no arguments")
	}
	if o.maxComplexity < 1 || o.maxDepth < 1 || o.maxSelections < 1 || o.requestTimeout <= 0 || o.shutdownTimeout < 0 {
		return fmt.Errorf("serve: --max-complexity, --max-depth, --max-selections and --request-timeout must be positive")
	}
	log, err := newLogger(stderr, o.logLevel)
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
	store, closeStore, err := openStore(ctx, o.store, log)
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
		Introspection:  o.introspection,
		AllowedOrigins: httpapi.ParseOrigins(o.origins),
		MaxComplexity:  o.maxComplexity,
		MaxDepth:       o.maxDepth,
		MaxSelections:  o.maxSelections,
		RequestTimeout: o.requestTimeout,
		Metrics:        o.metrics,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if o.pprof != "" {
		stop, err := serveProfiler(ctx, o.pprof, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop()
	}
	url, bound := "http://"+displayAddr(ln.Addr())+"/graphql", boundAddr(ln.Addr())
	fmt.Fprintf(stdout, "patronage: serving GraphQL on %s (listening on %s)\n", url, bound)
	log.Info("serving", "listen", bound, "url", url, "introspection", o.introspection, "max_complexity", o.maxComplexity, "max_depth", o.maxDepth, "max_selections", o.maxSelections, "request_timeout", o.requestTimeout)
	return httpapi.Serve(ctx, ln, h, o.requestTimeout, o.shutdownTimeout, log)
}

// displayAddr is the address to browse to for a listener: the actual port
// (a --listen of :0 picks one), and localhost when listening on every
// interface.
func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", strconv.Itoa(t.Port))
	}
	return a.String()
}

// boundAddr says what the listener is bound to: its address, and "every
// interface" when that is the unspecified one (0.0.0.0 or [::]), which
// other hosts can reach too.
func boundAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("%s, every interface", a)
	}
	return a.String()
}

// serveProfiler serves net/http/pprof's handlers on their own listener at
// addr, apart from the API (whose mux never sees them), until stop is
// called or ctx ends.
func serveProfiler(ctx context.Context, addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("serve: --pprof: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	log.Info("serving the profiler", "url", "http://"+displayAddr(ln.Addr())+"/debug/pprof/")
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("profiler stopped", "err", err)
		}
	}()
	return func() { srv.Close() }, nil
}
