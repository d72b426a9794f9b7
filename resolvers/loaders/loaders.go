// Package loaders batches the store calls of one GraphQL request. Resolving
// a list of entities with their relationships, flags, sanctions, raids and
// sources asks the loaders one item at a time; each loader gathers the ids
// asked for within a short wait and makes one batched store call
// (Store.Entities, EdgesOf, Flags, Designations, RaidsOn, Sources) for all of
// them, so a page of N entities costs a constant number of store calls, not N.
//
// A root resolver that read its nested data with the items (graph.Answerer)
// hands the graph.Extras to Use: the loaders are primed with them, so the
// nested resolvers find what they need without a store call. The loaders
// also keep the dataset version each answer was read from: a request whose
// answers come from two datasets is refused (Conflict), never served mixed.
//
// A fresh set of loaders is built for every request by Middleware (results
// are cached for the request only) and found by the resolvers with For. On a
// store that answers from memory (graph.Local) the loaders do not wait to
// gather ids: such calls take microseconds. On another store they know what
// they hold, and before a load that will wait on the store they say so
// (exec.Waiting), so that the lists being marshalled one element at a time
// start their other elements, whose loads then join the same batch.
package loaders

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/resolvers/exec"
)

// DefaultWait is how long a loader gathers ids before it calls the store.
// Every level of nesting in a query waits this long once.
const DefaultWait = 2 * time.Millisecond

// Loaders are one request's batching loaders over a store.
type Loaders struct {
	store        graph.Store
	opts         []dataloadgen.Option
	entities     lazy[graph.Entity] // each made when first used
	sources      lazy[graph.Source]
	designations lazy[[]graph.Designation]
	raidsOn      lazy[[]graph.Raid]
	version      func() (string, error)

	mu             sync.Mutex
	edges          map[string]*dataloadgen.Loader[string, []graph.Edge] // by filter key
	flags          map[graph.FlagQuery]*dataloadgen.Loader[string, graph.Flags]
	neighboursFrom []graph.Extras        // extras holding primed neighbour pages
	known          map[knownKey]struct{} // what the loaders hold or are fetching; nil on a local store
	seen           string                // the dataset version of the answers so far
	conflict       string                // a second version seen, if any
}

// New builds loaders for one request. ctx is the request's context: the
// dataset version is read with it, once, when first asked for.
func New(ctx context.Context, store graph.Store, wait time.Duration) *Loaders {
	l := &Loaders{
		store: store,
		opts:  []dataloadgen.Option{dataloadgen.WithWait(wait)},
		edges: map[string]*dataloadgen.Loader[string, []graph.Edge]{},
		flags: map[graph.FlagQuery]*dataloadgen.Loader[string, graph.Flags]{},
	}
	if _, local := store.(graph.Local); local {
		l.opts = []dataloadgen.Option{dataloadgen.WithWait(0)}
	} else {
		l.known = map[knownKey]struct{}{}
	}
	l.entities.fetch = mapped("entity", store.Entities, false)
	l.sources.fetch = mapped("source", store.Sources, false)
	l.designations.fetch = mapped("entity", store.Designations, true)
	l.raidsOn.fetch = mapped("site", store.RaidsOn, true)
	for _, z := range []interface{ setOpts([]dataloadgen.Option) }{&l.entities, &l.sources, &l.designations, &l.raidsOn} {
		z.setOpts(l.opts)
	}
	l.version = sync.OnceValues(func() (string, error) { return store.Version(ctx) })
	return l
}

// Use primes the loaders with what a root resolver read beside its items,
// and records the dataset version it was read from.
func (l *Loaders) Use(x graph.Extras) {
	l.See(x.Version)
	for id, e := range x.Entities {
		l.entities.get().Prime(id, e)
	}
	for id, s := range x.Sources {
		l.sources.get().Prime(id, s)
	}
	for id, rs := range x.Raids {
		l.raidsOn.get().Prime(id, rs)
	}
	for id, ds := range x.Designations {
		l.designations.get().Prime(id, ds)
	}
	for q, fs := range x.Flags {
		ld := l.flagLoader(q)
		for id, f := range fs {
			ld.Prime(id, f)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.known != nil {
		l.remember(x)
	}
	if len(x.Neighbours) > 0 {
		l.neighboursFrom = append(l.neighboursFrom, x)
	}
}

// remember records the values of x as known (see expect).
func (l *Loaders) remember(x graph.Extras) {
	for id := range x.Entities {
		l.known[knownKey{kindEntity, nil, id}] = struct{}{}
	}
	for id := range x.Sources {
		l.known[knownKey{kindSource, nil, id}] = struct{}{}
	}
	for id := range x.Raids {
		l.known[knownKey{kindRaids, nil, id}] = struct{}{}
	}
	for id := range x.Designations {
		l.known[knownKey{kindDesignations, nil, id}] = struct{}{}
	}
	for q, fs := range x.Flags {
		for id := range fs {
			l.known[knownKey{kindFlags, q, id}] = struct{}{}
		}
	}
}

// See records the dataset version an answer was read from ("" is ignored).
func (l *Loaders) See(version string) {
	if version == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.seen == "":
		l.seen = version
	case l.seen != version && l.conflict == "":
		l.conflict = version
	}
}

// Conflict returns an error wrapping graph.ErrUnavailable when the
// request's answers were read from two datasets (a reload happened during
// the request).
func (l *Loaders) Conflict() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conflict == "" {
		return nil
	}
	return fmt.Errorf("%w: the dataset changed while the request was answered (%s, then %s); ask again", graph.ErrUnavailable, l.seen, l.conflict)
}

// NeighbourPage returns the page of id's claims under f and p when a root
// resolver read it (graph.Want.Neighbours).
func (l *Loaders) NeighbourPage(id string, f graph.ClaimFilter, p graph.PageArgs) (graph.EdgePage, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.neighboursFrom {
		if pg, ok := x.Neighbours[id]; ok && x.HasNeighbours(f, p) {
			return pg, true
		}
	}
	return graph.EdgePage{}, false
}

// mapped turns a store's batch call returning a map into a loader's fetch
// function. An id absent from the map is ErrNotFound, or the zero value
// (an empty list) when emptyOK.
func mapped[V any](what string, call func(context.Context, []string) (map[string]V, error), emptyOK bool) func(context.Context, []string) ([]V, []error) {
	return func(ctx context.Context, ids []string) ([]V, []error) {
		m, err := call(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		out := make([]V, len(ids))
		var errs []error
		for i, id := range ids {
			v, ok := m[id]
			if !ok && !emptyOK {
				if errs == nil {
					errs = make([]error, len(ids))
				}
				errs[i] = fmt.Errorf("%s %s: %w", what, graph.Quote(id), graph.ErrNotFound)
			}
			out[i] = v
		}
		return out, errs
	}
}

// knownKey names a value the loaders hold or are fetching: its kind, the
// filter or query it is read under (nil when none), and the id.
type knownKey struct {
	kind  int
	under any // comparable: a filter key, a graph.FlagQuery
	id    string
}

// The kinds of values of knownKey.
const (
	kindEntity = iota
	kindSource
	kindDesignations
	kindRaids
	kindEdges
	kindFlags
)

// expect tells the lists being marshalled around ctx (exec.Waiting) when
// one of ids is neither primed nor asked for before in this request: the
// load will wait on the store. The ids are known from now on (a second ask
// finds the first one's batch).
func (l *Loaders) expect(ctx context.Context, kind int, under any, ids ...string) {
	if l.known == nil { // a local store: nothing waits (exec.Serial)
		return
	}
	l.mu.Lock()
	miss := false
	for _, id := range ids {
		k := knownKey{kind, under, id}
		if _, ok := l.known[k]; !ok {
			l.known[k] = struct{}{}
			miss = true
		}
	}
	l.mu.Unlock()
	if miss {
		exec.Waiting(ctx)
	}
}

// lazy is a loader made when first used: most requests use few of them.
type lazy[V any] struct {
	once   sync.Once
	fetch  func(context.Context, []string) ([]V, []error)
	opts   []dataloadgen.Option
	loader *dataloadgen.Loader[string, V]
}

func (z *lazy[V]) setOpts(o []dataloadgen.Option) { z.opts = o }

func (z *lazy[V]) get() *dataloadgen.Loader[string, V] {
	z.once.Do(func() { z.loader = dataloadgen.NewLoader(z.fetch, z.opts...) })
	return z.loader
}

type ctxKey struct{}

// Middleware gives every request its own loaders over store.
func Middleware(store graph.Store, wait time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			l := New(ctx, store, wait)
			if _, local := store.(graph.Local); local {
				// nothing waits on a store in memory: no goroutine per
				// list element (exec.Serial)
				ctx = exec.Serial(ctx)
			} else {
				// nor on one whose root statement read everything below
				// (exec.Probing finds out, list by list)
				ctx = exec.Probing(ctx)
			}
			// the stores report the version of each read: all must agree
			ctx = graph.WithVersionSink(With(ctx, l), l.See)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// With returns a context carrying the loaders.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. It panics when the request did not go
// through Middleware (a wiring mistake, reported as an internal error).
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no loaders in the request context; wrap the handler with loaders.Middleware")
	}
	return l
}

// Entity returns one entity. Returns ErrNotFound if there is none.
func (l *Loaders) Entity(ctx context.Context, id string) (graph.Entity, error) {
	l.expect(ctx, kindEntity, nil, id)
	return l.entities.get().Load(ctx, id)
}

// Prime records entities already read (a page of a listing), so that
// claims pointing at them do not read them again.
func (l *Loaders) Prime(es ...graph.Entity) {
	for _, e := range es {
		l.entities.get().Prime(e.ID, e)
	}
	if l.known == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range es {
		l.known[knownKey{kindEntity, nil, e.ID}] = struct{}{}
	}
}

// Sources returns the sources with the given ids, in order. Returns
// ErrNotFound if one does not exist.
func (l *Loaders) Sources(ctx context.Context, ids []string) ([]graph.Source, error) {
	if len(ids) == 0 {
		return []graph.Source{}, nil
	}
	l.expect(ctx, kindSource, nil, ids...)
	out, err := l.sources.get().LoadAll(ctx, ids)
	return out, firstError(err)
}

// Designations returns the designations targeting an entity.
func (l *Loaders) Designations(ctx context.Context, id string) ([]graph.Designation, error) {
	l.expect(ctx, kindDesignations, nil, id)
	return l.designations.get().Load(ctx, id)
}

// RaidsOn returns the raids on a site.
func (l *Loaders) RaidsOn(ctx context.Context, site string) ([]graph.Raid, error) {
	l.expect(ctx, kindRaids, nil, site)
	return l.raidsOn.get().Load(ctx, site)
}

// Edges returns every claim of an entity passing the filter, in Neighbours
// order. Entities asked for with the same filter are fetched together.
func (l *Loaders) Edges(ctx context.Context, id string, f graph.ClaimFilter) ([]graph.Edge, error) {
	key := f.Key()
	l.mu.Lock()
	ld, ok := l.edges[key]
	if !ok {
		ld = dataloadgen.NewLoader(mapped("entity", func(ctx context.Context, ids []string) (map[string][]graph.Edge, error) {
			return l.store.EdgesOf(ctx, ids, f)
		}, true), l.opts...)
		l.edges[key] = ld
	}
	l.mu.Unlock()
	l.expect(ctx, kindEdges, key, id)
	return ld.Load(ctx, id)
}

// Flags derives an entity's flags. Entities asked for with the same query
// are derived together.
func (l *Loaders) Flags(ctx context.Context, id string, q graph.FlagQuery) (graph.Flags, error) {
	ld := l.flagLoader(q)
	l.expect(ctx, kindFlags, q, id)
	return ld.Load(ctx, id)
}

// flagLoader is the loader of the flags under q.
func (l *Loaders) flagLoader(q graph.FlagQuery) *dataloadgen.Loader[string, graph.Flags] {
	l.mu.Lock()
	defer l.mu.Unlock()
	ld, ok := l.flags[q]
	if !ok {
		ld = dataloadgen.NewLoader(mapped("entity", func(ctx context.Context, ids []string) (map[string]graph.Flags, error) {
			return l.store.Flags(ctx, ids, q)
		}, false), l.opts...)
		l.flags[q] = ld
	}
	return ld
}

// Version returns the dataset version of the request's answers, or, when
// nothing has been answered from the store yet, reads it (once).
func (l *Loaders) Version() (string, error) {
	l.mu.Lock()
	seen := l.seen
	l.mu.Unlock()
	if seen != "" {
		return seen, nil
	}
	v, err := l.version()
	if err == nil {
		l.See(v)
	}
	return v, err
}

// firstError returns the first error of a LoadAll, unwrapped from the slice.
func firstError(err error) error {
	if errs, ok := err.(dataloadgen.ErrorSlice); ok {
		for _, e := range errs {
			if e != nil {
				return e
			}
		}
	}
	return err
}
