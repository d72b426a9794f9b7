package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// What operators see of each request: a request id (the client's
// X-Request-Id, or one made here) echoed in the response header and in every
// error's extensions; one access log line at info level with the operation
// and its outcome; the metrics (metrics.go); and, logged once each rather
// than per request, the store's outages and recoveries.

// requestIDHeader carries the request id both ways.
const requestIDHeader = "X-Request-Id"

// maxRequestID bounds a client's request id; a longer one, or one with
// characters outside [A-Za-z0-9._:-], is replaced by one made here.
const maxRequestID = 128

// Outcomes of a request that gave no GraphQL error code.
const (
	outcomeOK = "OK"
)

// requestInfo is what the layers of a request learn about it as it is
// answered: the executor sets the operation and the response's error codes,
// the timeout layer whether the deadline passed. It is read by the access
// log, the metrics and the status writer. The executor may still run after
// a timeout has answered the client, hence the lock.
type requestInfo struct {
	id    string
	start time.Time

	mu        sync.Mutex
	operation string   // the operation's name, "" for an anonymous one
	codes     []string // the distinct error codes of the response, in order
	answered  bool     // the executor produced a response
	timedOut  bool
}

type infoKey struct{}

func withInfo(ctx context.Context, ri *requestInfo) context.Context {
	return context.WithValue(ctx, infoKey{}, ri)
}

// infoFrom returns the request's info; nil outside a request (tests that
// call the executor directly).
func infoFrom(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(infoKey{}).(*requestInfo)
	return ri
}

func (ri *requestInfo) setOperation(name string) {
	ri.mu.Lock()
	ri.operation = name
	ri.mu.Unlock()
}

func (ri *requestInfo) setResponse(resp *graphql.Response) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.answered = true
	ri.codes = ri.codes[:0]
	for _, e := range resp.Errors {
		code, _ := e.Extensions[extensionsCode].(string)
		if code == "" {
			code = "ERROR"
		}
		if !slices.Contains(ri.codes, code) {
			ri.codes = append(ri.codes, code)
		}
	}
}

// has reports whether the response carries an error with code.
func (ri *requestInfo) has(code string) bool {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return slices.Contains(ri.codes, code)
}

// summary is the operation and outcome: the response's first error code
// (UNAVAILABLE or TIMEOUT first, when present: they say the most about the
// server), TIMEOUT when the deadline answered, OK when the response had no
// error, or "HTTP <status>" when no GraphQL response was made (a body too
// large, an unsupported content type).
func (ri *requestInfo) summary(status int) (operation, outcome string) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	switch {
	case ri.timedOut:
		outcome = CodeTimeout
	case slices.Contains(ri.codes, CodeUnavailable):
		outcome = CodeUnavailable
	case slices.Contains(ri.codes, CodeTimeout):
		outcome = CodeTimeout
	case len(ri.codes) > 0:
		outcome = ri.codes[0]
	case ri.answered || status == http.StatusOK:
		outcome = outcomeOK
	default:
		outcome = fmt.Sprintf("HTTP %d", status)
	}
	return ri.operation, outcome
}

// requestID is the client's id when it is usable, else a new random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get(requestIDHeader); validRequestID(id) {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// observe gives every request its id and info, echoes the id, and when the
// request is done writes its access log line and its metrics. Health checks
// and metrics scrapes are logged at debug level only.
func observe(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := &requestInfo{id: requestID(r), start: time.Now()}
		w.Header().Set(requestIDHeader, ri.id)
		sw := &statusWriter{ResponseWriter: w}
		api := r.URL.Path == "/graphql"
		if api {
			m.inFlight.Inc()
			defer m.inFlight.Dec()
		}
		next.ServeHTTP(sw, r.WithContext(withInfo(r.Context(), ri)))
		elapsed := time.Since(ri.start)
		op, outcome := ri.summary(sw.status)
		level := slog.LevelInfo
		if !api {
			level = slog.LevelDebug
		}
		log.Log(r.Context(), level, "request", "request_id", ri.id, "method", r.Method, "path", r.URL.Path,
			"operation", op, "outcome", outcome, "status", sw.status, "duration", elapsed)
		if api {
			m.observe(op, outcome, elapsed)
		}
	})
}

// observeOperations records the operation's name in the request's info
// before it runs (so that a timeout can name it).
func observeOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if ri := infoFrom(ctx); ri != nil {
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if oc.Operation != nil {
			name = oc.Operation.Name
		}
		ri.setOperation(name)
	}
	return next(ctx)
}

// observeResponses records each response's error codes in
// the request's info, and tells the health tracker whether the store
// answered.
func observeResponses(h *health) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		ri := infoFrom(ctx)
		if ri == nil || resp == nil {
			return resp
		}
		ri.setResponse(resp)
		switch {
		case ri.has(CodeUnavailable):
			h.down(ctx, ri.id)
		case len(resp.Data) > 0:
			h.up(ctx)
		}
		return resp
	}
}

// health logs the store's outages and recoveries once each: the first
// request that finds the store unavailable logs an error, the first that
// is answered after it logs the recovery and how long it lasted.
type health struct {
	log   *slog.Logger
	since atomic.Pointer[time.Time] // start of the outage; nil when up
}

func (h *health) down(ctx context.Context, requestID string) {
	now := time.Now()
	if h.since.CompareAndSwap(nil, &now) {
		h.log.ErrorContext(ctx, "store unavailable: requests fail with UNAVAILABLE (503) until it answers again", "request_id", requestID)
	}
}

func (h *health) up(ctx context.Context) {
	if t := h.since.Swap(nil); t != nil {
		h.log.InfoContext(ctx, "store answers again", "outage", time.Since(*t).Round(time.Millisecond))
	}
}

// unavailableStatus answers 503 instead of 200 when the response carries
// an UNAVAILABLE error: the client should try again later, and proxies
// and load balancers see it. It wraps the writer the executor writes to.
func unavailableStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		if ri == nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&retryWriter{ResponseWriter: w, ri: ri}, r)
	})
}

// retryWriter turns the status of an UNAVAILABLE response into 503, with
// Retry-After.
type retryWriter struct {
	http.ResponseWriter
	ri          *requestInfo
	wroteHeader bool
}

func (w *retryWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if code == http.StatusOK && w.ri.has(CodeUnavailable) {
		w.Header().Set("Retry-After", retryAfterSeconds)
		code = http.StatusServiceUnavailable
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *retryWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *retryWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// retryAfterSeconds is the Retry-After of an UNAVAILABLE answer.
const retryAfterSeconds = "2"
