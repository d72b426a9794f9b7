package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Automatic persisted queries, as Apollo's clients send them
// (https://www.apollographql.com/docs/apollo-server/performance/apq): the
// client sends extensions.persistedQuery {version: 1, sha256Hash} without
// the query; a server that does not know the hash answers
// PersistedQueryNotFound (code PERSISTED_QUERY_NOT_FOUND), and the client
// sends the hash again with the query, which registers it.

// Defaults of the persisted-query cache.
const (
	DefaultMaxPersistedQueries = 1000
	// maxPersistedQueryBytes is the longest query kept: a longer one is
	// answered but not registered (its hash alone is then never found), so
	// that the cache holds at most DefaultMaxPersistedQueries × 32 KiB.
	maxPersistedQueryBytes = 32 << 10
)

// persistedQueries is gqlgen's AutomaticPersistedQuery, on a bounded LRU
// cache, with the request checked first: a malformed extension or a hash
// that does not match the query is a BAD_REQUEST that says so (gqlgen's
// own errors have no code), and a hash is read in either case.
type persistedQueries struct {
	apq extension.AutomaticPersistedQuery
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = persistedQueries{}

func newPersistedQueries(size int) persistedQueries {
	return persistedQueries{apq: extension.AutomaticPersistedQuery{Cache: lru.New[string](size)}}
}

func (p persistedQueries) ExtensionName() string { return p.apq.ExtensionName() }

func (p persistedQueries) Validate(s graphql.ExecutableSchema) error { return p.apq.Validate(s) }

func (p persistedQueries) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	v, ok := params.Extensions["persistedQuery"]
	if !ok || v == nil {
		return nil
	}
	pq, ok := v.(map[string]any)
	if !ok {
		return badPersistedQuery(`extensions.persistedQuery must be an object {"version": 1, "sha256Hash": …}`)
	}
	if version := jsonNumber(pq["version"]); version != "1" {
		return badPersistedQuery("persisted query version " + version + " is not supported: send version 1")
	}
	hash, _ := pq["sha256Hash"].(string)
	if len(hash) != sha256.Size*2 || strings.Trim(strings.ToLower(hash), "0123456789abcdef") != "" {
		return badPersistedQuery("extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits: the SHA-256 of the query")
	}
	hash = strings.ToLower(hash)
	if params.Query != "" {
		sum := sha256.Sum256([]byte(params.Query))
		if hex.EncodeToString(sum[:]) != hash {
			return badPersistedQuery("extensions.persistedQuery.sha256Hash does not match the query: it must be the SHA-256 of the query text, in hexadecimal")
		}
		if len(params.Query) > maxPersistedQueryBytes {
			return nil // answered, not registered
		}
	}
	params.Extensions["persistedQuery"] = map[string]any{"version": 1, "sha256Hash": hash}
	return p.apq.MutateOperationParameters(ctx, params)
}

func badPersistedQuery(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{extensionsCode: CodeBadRequest}}
}

// jsonNumber is a decoded JSON number as written, cut short when long
// ("none" when absent or not a number); gqlgen's transports decode numbers
// as json.Number.
func jsonNumber(v any) string {
	switch n := v.(type) {
	case json.Number:
		if s := n.String(); len(s) <= 16 {
			return s
		}
		return n.String()[:16] + "…"
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	return "none"
}
