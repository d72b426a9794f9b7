// Package httpapi serves the GraphQL API over HTTP: POST and GET /graphql
// (GraphQL over HTTP, both response media types, Apollo's automatic
// persisted queries), the newsroom web app at / (package web), the GraphiQL
// page at /graphiql, the map layers as GeoJSON at /export/compounds.geojson
// and /export/raids.geojson, /healthz, /readyz and /metrics, with the production
// guards: a limit on a query's selections checked before it is validated, query complexity and depth limits, a
// request body limit, a per-request timeout, switchable introspection,
// panics recovered into GraphQL errors, one error presenter, CORS,
// per-request dataloaders, request ids and an access log, and graceful
// shutdown.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
	"github.com/patronage/patronage/resolvers"
	"github.com/patronage/patronage/resolvers/loaders"
	"github.com/patronage/patronage/web"
)

// Defaults of Config.
const (
	DefaultMaxComplexity  = 20000
	DefaultMaxDepth       = 15
	DefaultMaxSelections  = 2000
	DefaultMaxBodyBytes   = 1 << 20
	DefaultRequestTimeout = 30 * time.Second
	// maxTokens bounds the parser's work on a query before any limit is
	// checked (a 1 MiB body of tokens would otherwise all be parsed).
	maxTokens = 15000
	// readyTimeout bounds the store check of /readyz.
	readyTimeout = 2 * time.Second
)

// Config configures the handler. Store and Logger are required; zero
// limits take the defaults above.
type Config struct {
	Store  graph.Store
	Logger *slog.Logger
	// Names answers the match query (match.NewNameIndex over Store);
	// nil: match answers UNAVAILABLE.
	Names *match.NameIndex
	// Gazetteer holds the units the store's place codes name; nil: the
	// embedded one (gazetteer.Default).
	Gazetteer *gazetteer.Gazetteer
	// Introspection allows __schema and __type queries and serves the
	// GraphiQL page at /graphiql. The web app at / needs no introspection.
	Introspection bool
	// AllowedOrigins are the origins browsers may call the API from (CORS);
	// "*" allows any. Empty: same origin only.
	AllowedOrigins      []string
	MaxComplexity       int           // the cost of a query (see resolvers.Complexity)
	MaxDepth            int           // nesting of fields, fragments expanded
	MaxSelections       int           // fields, fragment spreads and inline fragments of a query, fragments expanded, counted before validation
	MaxBodyBytes        int64         // request body
	RequestTimeout      time.Duration // the whole request, store calls included
	LoaderWait          time.Duration // see loaders.DefaultWait
	MaxPersistedQueries int           // automatic persisted queries kept (least recently used dropped)
	// Metrics serves the Prometheus metrics at /metrics (see metrics.go).
	Metrics bool
}

func (c Config) withDefaults() (Config, error) {
	if c.Store == nil || c.Logger == nil {
		return c, errors.New("httpapi: Config needs a Store and a Logger")
	}
	if c.Gazetteer == nil {
		gz, err := gazetteer.Default()
		if err != nil {
			return c, fmt.Errorf("httpapi: %w", err)
		}
		c.Gazetteer = gz
	}
	if c.MaxComplexity == 0 {
		c.MaxComplexity = DefaultMaxComplexity
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxSelections == 0 {
		c.MaxSelections = DefaultMaxSelections
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.LoaderWait == 0 {
		c.LoaderWait = loaders.DefaultWait
	}
	if c.MaxPersistedQueries == 0 {
		c.MaxPersistedQueries = DefaultMaxPersistedQueries
	}
	if c.MaxComplexity < 0 || c.MaxDepth < 0 || c.MaxSelections < 0 || c.MaxBodyBytes < 0 || c.RequestTimeout < 0 || c.LoaderWait < 0 || c.MaxPersistedQueries < 0 {
		return c, errors.New("httpapi: limits must not be negative")
	}
	return c, nil
}

// New returns the HTTP handler of the API.
func New(c Config) (http.Handler, error) {
	c, err := c.withDefaults()
	if err != nil {
		return nil, err
	}
	es := resolvers.NewSchema(c.Store, c.Names, c.Gazetteer)
	gql := handler.New(es)
	gql.AddTransport(transport.Options{})
	gql.AddTransport(conforming{transport.GET{}})
	gql.AddTransport(conforming{post{}})
	gql.AddTransport(unsupportedMediaType{}) // a POST no transport above takes
	cache := lru.New[*ast.QueryDocument](1000)
	gql.SetQueryCache(cache)
	gql.SetParserTokenLimit(maxTokens)
	// a persisted query's text is filled in first, then measured: the
	// selection limit comes before validation, which is not linear in the
	// query (selections.go); parameter mutators run in this order
	gql.Use(newPersistedQueries(c.MaxPersistedQueries))
	gql.Use(selectionLimit{max: c.MaxSelections, cache: cache})
	gql.SetValidationRulesFn(validationRules)
	gql.Use(&exactEnums{})
	gql.SetErrorPresenter(presentError(c.Logger, c.RequestTimeout))
	gql.SetRecoverFunc(recoverPanic(c.Logger))
	if c.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		gql.Use(noIntrospection{})
	}
	gql.Use(operationLimits{es: es, maxCost: c.MaxComplexity, maxDepth: c.MaxDepth, costs: newCostCache()})
	m := newMetrics(c.Store)
	gql.AroundOperations(observeOperations)
	gql.AroundResponses(observeResponses(&health{log: c.Logger}))
	gql.AroundResponses(datasetVersion(c.Logger, m))

	api := limitBody(c.MaxBodyBytes, withTimeout(c.RequestTimeout, c.Logger, unavailableStatus(loaders.Middleware(c.Store, c.LoaderWait)(gql))))
	mux := http.NewServeMux()
	if c.Metrics {
		mux.Handle("GET /metrics", m.handler())
	}
	for _, method := range []string{"GET", "POST", "OPTIONS"} {
		mux.Handle(method+" /graphql", api)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", ready(c.Store, c.Logger))
	mux.Handle("GET /export/{file}", withTimeout(c.RequestTimeout, c.Logger, exportGeoJSON(c.Store, c.Logger)))
	mux.Handle("GET /{$}", web.App())
	mux.Handle("GET /assets/", web.Assets())
	if c.Introspection {
		mux.Handle("GET /graphiql", web.GraphiQL())
	} else {
		mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintln(w, "patronage GraphQL API: POST or GET /graphql (introspection and the GraphiQL page are off on this server)")
		})
	}
	return recoverHTTP(c.Logger, observe(c.Logger, m, cors(c.AllowedOrigins, mux))), nil
}

// datasetVersion adds the dataset version to every response, as the
// extension "datasetVersion", so that every answer can be cited.
func datasetVersion(log *slog.Logger, m *metrics) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil {
			return resp
		}
		ld := loaders.For(ctx)
		if err := ld.Conflict(); err != nil {
			// never a mixed answer: the data of two datasets is dropped
			log.WarnContext(ctx, "dataset changed during a request", "err", err)
			return &graphql.Response{Errors: gqlerror.List{withCode(&gqlerror.Error{}, "the dataset changed while the request was answered; ask again", CodeUnavailable)}}
		}
		// the version the answers were read from (read now only when no
		// answer came from the store)
		v, err := ld.Version()
		if errors.Is(err, graph.ErrUnavailable) && len(resp.Data) > 0 {
			// no complete dataset (none loaded, or a load in progress):
			// whatever was read is not an answer (a response with no data,
			// a query refused before it ran, keeps its own errors)
			// logged once per outage (health), not per request
			log.DebugContext(ctx, "no complete dataset to answer from", "err", err)
			return &graphql.Response{Errors: gqlerror.List{withCode(&gqlerror.Error{}, unavailableMessage, CodeUnavailable)}}
		}
		if err != nil {
			log.WarnContext(ctx, "dataset version unavailable", "err", err)
			return resp
		}
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["datasetVersion"] = v
		m.seeVersion(v)
		return resp
	}
}

// ready answers /readyz: 200 and the dataset version when the store
// answers within readyTimeout, 503 when it does not.
func ready(store graph.Store, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		v, err := store.Version(ctx)
		if err != nil {
			log.WarnContext(ctx, "not ready: the store does not answer", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready: the store does not answer")
			return
		}
		fmt.Fprintln(w, "ready", v)
	}
}

// Serve serves h on ln until ctx is cancelled, then shuts down gracefully:
// in-flight requests get up to shutdownTimeout to finish. The server's read
// and write timeouts are derived from requestTimeout.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, requestTimeout, shutdownTimeout time.Duration, log *slog.Logger) error {
	if requestTimeout == 0 {
		requestTimeout = DefaultRequestTimeout
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       requestTimeout,
		WriteTimeout:      requestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
