package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/patronage/patronage/graph"
)

// Error codes, in each GraphQL error's extensions.code. gqlgen's own codes
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED) are passed through.
const (
	CodeNotFound         = "NOT_FOUND"                 // the entity or source asked for does not exist
	CodeBadUserInput     = "BAD_USER_INPUT"            // an argument is malformed or out of range; the message says which
	CodeSelectionLimit   = "SELECTION_LIMIT_EXCEEDED"  // too many selections, repeated selections, fragments or arguments, refused before validation; the message says which
	CodeComplexityLimit  = "COMPLEXITY_LIMIT_EXCEEDED" // the query costs more than the limit (gqlgen's code, kept)
	CodeDepthLimit       = "DEPTH_LIMIT_EXCEEDED"      // the query nests fields too deeply
	CodeIntrospectionOff = "INTROSPECTION_DISABLED"    // __schema or __type on a server without introspection
	CodeTimeout          = "TIMEOUT"                   // the request took longer than the server allows
	CodeUnavailable      = "UNAVAILABLE"               // the store cannot be reached
	CodeRequestTooLarge  = "REQUEST_TOO_LARGE"         // the request body is over the limit
	CodeInternal         = "INTERNAL"                  // anything else; logged, never detailed
	internalMessage      = "internal error"
	unavailableMessage   = "the store is unavailable; try again later"
	timeoutMessage       = "the request took longer than the server allows; ask for less (smaller first, fewer hops)"
	cancelledMessage     = "the request was cancelled"
	extensionsCode       = "code"
)

// errPanic marks an error made from a recovered panic (already logged).
var errPanic = errors.New("panic")

// presentError is the one place errors become GraphQL errors: what the
// caller got wrong is said (NOT_FOUND, BAD_USER_INPUT, with the message),
// what went wrong inside is logged and shown as "internal error".
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
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
		case errors.Is(err, context.DeadlineExceeded):
			log.WarnContext(ctx, "request timed out", "path", gqlErr.Path.String(), "err", err)
			return withCode(gqlErr, timeoutMessage, CodeTimeout)
		case errors.Is(err, context.Canceled):
			return withCode(gqlErr, cancelledMessage, CodeTimeout)
		case errors.Is(err, graph.ErrUnavailable):
			log.ErrorContext(ctx, "store unavailable", "path", gqlErr.Path.String(), "err", err)
			return withCode(gqlErr, unavailableMessage, CodeUnavailable)
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

// writeError writes a GraphQL-shaped error response outside the executor.
func writeError(w http.ResponseWriter, status int, msg, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{extensionsCode: code}}}})
}
