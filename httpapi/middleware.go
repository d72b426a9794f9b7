package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// limitBody reads at most limit bytes of body; a larger body is refused
// with 413 before any parsing.
func limitBody(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		tooLarge := func() {
			writeError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than the limit of %d bytes", limit), CodeRequestTooLarge)
		}
		if r.ContentLength > limit {
			tooLarge()
			return
		}
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var maxErr *http.MaxBytesError
		switch {
		case errors.As(err, &maxErr):
			tooLarge()
			return
		case err != nil:
			writeError(w, r, http.StatusBadRequest, "could not read the request body", CodeBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		next.ServeHTTP(w, r)
	})
}

// withTimeout bounds every request: its context is cancelled after d, so
// that the store and the executor give up (they check it in their loops),
// and when the deadline has passed the client gets a 503 with a GraphQL
// TIMEOUT error instead of whatever was made (gqlgen itself writes nothing
// for a cancelled request). The timeout is logged once, with the request's
// id and operation.
//
// The handler runs in the request's own goroutine, its answer buffered
// until it returns: http.TimeoutHandler would answer at the deadline even
// if the handler went on, but it starts a goroutine per request whose stack
// grows through the executor's deep calls, a tenth of the CPU of a small
// query; here the work itself stops at the deadline (TestDeadlineStopsWork).
func withTimeout(d time.Duration, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		bw := &bufferedWriter{header: http.Header{}}
		next.ServeHTTP(bw, r.WithContext(ctx))
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			bw.flushTo(w)
			return
		}
		ri := infoFrom(r.Context())
		body, _ := json.Marshal(errorResponse{Errors: gqlerror.List{{Message: fmt.Sprintf(timeoutMessage, d), Extensions: errorExtensions(r.Context(), CodeTimeout)}}})
		w.Header().Set("Content-Type", responseMediaType(r))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write(body)
		if ri == nil {
			return
		}
		ri.mu.Lock()
		ri.timedOut = true
		op := ri.operation
		ri.mu.Unlock()
		log.WarnContext(ctx, "request timed out", "request_id", ri.id, "operation", op, "timeout", d)
	})
}

// bufferedWriter keeps a response until it is known to be in time.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// flushTo writes the kept response to w.
func (b *bufferedWriter) flushTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

// recoverHTTP turns a panic outside the resolvers into a 500 with a
// GraphQL-shaped "internal error", logged with its stack.
func recoverHTTP(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.ErrorContext(r.Context(), "panic in handler", "panic", v, "method", r.Method, "path", r.URL.Path, "stack", string(debug.Stack()))
			writeError(w, r, http.StatusInternalServerError, internalMessage, CodeInternal)
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status of a response for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// cors lets browsers on the allowed origins call the API: it answers
// preflight requests and marks responses to allowed origins. Requests
// without an Origin header (curl, notebooks) are not affected.
func cors(allowed []string, next http.Handler) http.Handler {
	any := slices.Contains(allowed, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || (!any && !slices.Contains(allowed, origin)) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if any {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Accept")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ParseOrigins reads a comma-separated list of allowed origins.
func ParseOrigins(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, strings.TrimSuffix(o, "/"))
		}
	}
	return out
}
