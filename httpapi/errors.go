package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/patronage/patronage/graph"
)

// Error codes, in each GraphQL error's extensions.code. gqlgen's own codes
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// PERSISTED_QUERY_NOT_FOUND) are passed through.
const (
	CodeNotFound             = "NOT_FOUND"                 // the entity or source asked for does not exist
	CodeBadUserInput         = "BAD_USER_INPUT"            // an argument is malformed or out of range; the message says which
	CodeSelectionLimit       = "SELECTION_LIMIT_EXCEEDED"  // too many selections, repeated selections, fragments or arguments, refused before validation; the message says which
	CodeComplexityLimit      = "COMPLEXITY_LIMIT_EXCEEDED" // the query costs more than the limit (gqlgen's code, kept)
	CodeDepthLimit           = "DEPTH_LIMIT_EXCEEDED"      // the query nests fields too deeply
	CodeIntrospectionOff     = "INTROSPECTION_DISABLED"    // __schema or __type on a server without introspection
	CodeTimeout              = "TIMEOUT"                   // the request took longer than the server allows
	CodeUnavailable          = "UNAVAILABLE"               // the store cannot be reached, or holds no complete dataset (HTTP 503)
	CodeRequestTooLarge      = "REQUEST_TOO_LARGE"         // the request body is over the limit
	CodeBadRequest           = "BAD_REQUEST"               // not a GraphQL-over-HTTP request: not one JSON object, a parameter of the wrong type, a malformed persisted query (HTTP 400)
	CodeBatchingNotSupported = "BATCHING_NOT_SUPPORTED"    // a JSON array of operations (HTTP 400)
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"    // a POST body that is not application/json (HTTP 415)
	CodeInternal             = "INTERNAL"                  // anything else; logged, never detailed
	internalMessage          = "internal error"
	unavailableMessage       = "the store is unavailable; try again later"
	timeoutMessage           = "the request took longer than the server allows (%s); if it asks for much, ask for less (smaller first, fewer hops), else try again later"
	cancelledMessage         = "the request was cancelled"
	extensionsCode           = "code"
	extensionsRequestID      = "requestId"
)

// errPanic marks an error made from a recovered panic (already logged).
var errPanic = errors.New("panic")

// presentError is the one place errors become GraphQL errors: what the
// caller got wrong is said (NOT_FOUND, BAD_USER_INPUT, with the message),
// what went wrong inside is logged and shown as "internal error".
//
// Every message is clipped (clipMessage): whoever wrote it, an error never
// sends back more than a short prefix of what it was sent. Every error
// carries the request's id in extensions.requestId.
func presentError(log *slog.Logger, timeout time.Duration) graphql.ErrorPresenterFunc {
	present := presentCoded(log, timeout)
	return func(ctx context.Context, err error) *gqlerror.Error {
		e := present(ctx, err)
		if msg := clipMessage(e.Message); msg != e.Message {
			clipped := *e
			clipped.Message = msg
			e = &clipped
		}
		if ri := infoFrom(ctx); ri != nil {
			ext := make(map[string]any, len(e.Extensions)+1)
			for k, v := range e.Extensions {
				ext[k] = v
			}
			ext[extensionsRequestID] = ri.id
			withID := *e
			withID.Extensions = ext
			e = &withID
		}
		return e
	}
}

func presentCoded(log *slog.Logger, timeout time.Duration) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Err == nil {
			// Parse, validation and limit errors made by gqlgen or by the
			// extensions here: they describe the query, not the server.
			if gqlErr.Rule == exactEnumRuleName {
				return withCode(gqlErr, gqlErr.Message, CodeBadUserInput)
			}
			return gqlErr
		}
		switch {
		case errors.Is(err, graph.ErrNotFound):
			return withCode(gqlErr, gqlErr.Message, CodeNotFound)
		case errors.Is(err, graph.ErrInvalid):
			// "invalid: first must not be negative" reads as "first must not be negative"
			msg := strings.Replace(gqlErr.Message, graph.ErrInvalid.Error()+": ", "", 1)
			return withCode(gqlErr, msg, CodeBadUserInput)
		case errors.Is(err, errPanic):
			return withCode(gqlErr, internalMessage, CodeInternal)
		case errors.Is(err, graph.ErrUnavailable):
			// an outage is logged once (health), not per field
			log.DebugContext(ctx, "store unavailable", "path", gqlErr.Path.String(), "err", err)
			return withCode(gqlErr, unavailableMessage, CodeUnavailable)
		case errors.Is(err, context.DeadlineExceeded):
			// a timeout is logged once per request (withTimeout)
			log.DebugContext(ctx, "deadline passed", "path", gqlErr.Path.String(), "err", err)
			return withCode(gqlErr, fmt.Sprintf(timeoutMessage, timeout), CodeTimeout)
		case errors.Is(err, context.Canceled):
			return withCode(gqlErr, cancelledMessage, CodeTimeout)
		}
		log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
		return withCode(gqlErr, internalMessage, CodeInternal)
	}
}

// withCode returns a copy of e with the message and code, and without the
// underlying error.
func withCode(e *gqlerror.Error, msg, code string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Path: e.Path, Locations: e.Locations, Rule: e.Rule,
		Extensions: map[string]any{extensionsCode: code}}
}

// recoverPanic turns a panic in a resolver into an internal error, logged
// with its stack.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", v, "path", graphql.GetPath(ctx).String(), "stack", string(debug.Stack()))
		return errPanic
	}
}

// maxMessage is the longest error message sent, in characters: the longest
// written here, an enum's valid values, is about 600 (TestClipMessage).
const maxMessage = 1024

// clipMessage is the safety net of every error message: each quoted part
// ("…") and each unquoted word longer than graph.MaxEcho characters is cut
// to its first graph.MaxEcho and the cut marked with "…", then the message
// as a whole to maxMessage characters. Messages written here quote input
// with graph.Quote already; gqlparser's quote names and values whole
// (`Cannot query field "…"`, `Int cannot represent non-integer value: …`).
func clipMessage(msg string) string {
	if len(msg) <= graph.MaxEcho {
		return msg
	}
	var b strings.Builder
	var part []rune // the word or quoted part being read
	quoted, escaped := false, false
	flush := func() {
		if len(part) > graph.MaxEcho {
			part = append(part[:graph.MaxEcho], '…')
		}
		b.WriteString(string(part))
		part = part[:0]
	}
	for _, r := range msg {
		switch {
		case quoted && escaped:
			escaped = false
			part = append(part, r)
		case quoted && r == '\\':
			escaped = true
			part = append(part, r)
		case quoted && r == '"':
			flush()
			b.WriteRune(r)
			quoted = false
		case quoted:
			part = append(part, r)
		case r == '"':
			flush()
			b.WriteRune(r)
			quoted = true
		case unicode.IsSpace(r):
			flush()
			b.WriteRune(r)
		default:
			part = append(part, r)
		}
	}
	flush()
	out := b.String()
	if utf8.RuneCountInString(out) > maxMessage {
		out = string([]rune(out)[:maxMessage]) + "…"
	}
	return out
}

// errorResponse is a GraphQL response with errors only: the request was
// refused before anything ran, so it has no data entry.
type errorResponse struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// writeError writes a GraphQL-shaped error response outside the executor,
// in the media type the request accepts (responseMediaType).
// The error carries the request's id.
func writeError(w http.ResponseWriter, r *http.Request, status int, msg, code string) {
	writeErrors(w, responseMediaType(r), status, errorResponse{Errors: gqlerror.List{{Message: msg, Extensions: errorExtensions(r.Context(), code)}}})
}

// errorExtensions are the extensions of an error made outside the
// executor: its code and the request's id.
func errorExtensions(ctx context.Context, code string) map[string]any {
	ext := map[string]any{extensionsCode: code}
	if ri := infoFrom(ctx); ri != nil {
		ext[extensionsRequestID] = ri.id
	}
	return ext
}

func writeErrors(w http.ResponseWriter, mediaType string, status int, resp errorResponse) {
	w.Header().Set("Content-Type", mediaType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(resp)
}
