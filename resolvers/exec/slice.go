package exec

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
)

// This file is hand-written; exec.go and models.go beside it are generated
// (schema/gqlgen), and call marshalSlice for every list in an answer.

type serialKey struct{}

// Serial marks a request whose resolvers never wait (every answer is in
// memory, or was read before its fields are marshalled): its lists are
// marshalled in the request's own goroutine rather than one goroutine per
// element, which saves their start and stack growth and nothing else.
func Serial(ctx context.Context) context.Context {
	return context.WithValue(ctx, serialKey{}, true)
}

// IsSerial reports whether ctx was marked with Serial.
func IsSerial(ctx context.Context) bool {
	on, _ := ctx.Value(serialKey{}).(bool)
	return on
}

type (
	probingKey struct{}
	probeKey   struct{}
)

// Probing marks a request whose resolvers may wait on a store, or may not
// (a root statement may have read everything below it): its lists are
// marshalled element by element in the request's goroutine until a
// resolver is about to wait (it calls Waiting), when the elements after it
// are started each in its own goroutine, as gqlgen does, so that their
// store calls are gathered into the same batch as the waiting one's.
func Probing(ctx context.Context) context.Context {
	return context.WithValue(ctx, probingKey{}, true)
}

// probe is a list being marshalled serially by a probing request.
type probe struct {
	parent  *probe       // the list around it, if any
	cur     atomic.Int64 // the element being marshalled
	started atomic.Bool  // the elements after cur were started in goroutines
	start   func(from int)
}

// Waiting tells the lists being marshalled serially around ctx that a
// resolver of their current element is about to wait on the store: each
// starts its remaining elements at once (whose calls then join the same
// batches). A miss is a guess: a wrong one only costs goroutines.
func Waiting(ctx context.Context) {
	for p, _ := ctx.Value(probeKey{}).(*probe); p != nil; p = p.parent {
		if p.started.CompareAndSwap(false, true) {
			p.start(int(p.cur.Load()) + 1)
		}
	}
}

// marshalSlice marshals the elements of a list: one after the other when
// the request is serial, or probing until an element waits, else as gqlgen
// does, each in its own goroutine. A panic is recovered into a field error
// and a null list, as gqlgen's does; so is the end of the request's
// context, checked before each element marshalled serially.
func marshalSlice(ctx context.Context, n int, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	serial := IsSerial(ctx)
	probing, _ := ctx.Value(probingKey{}).(bool)
	if n <= 1 || (!serial && !probing) {
		return graphql.MarshalSliceConcurrently(ctx, n, workerLimit, omitPanicHandler, marshal)
	}
	ret := make(graphql.Array, n)
	var (
		wg     sync.WaitGroup
		failed atomic.Bool
	)
	p := &probe{start: func(from int) {
		marshalConcurrently(ctx, from, ret, workerLimit, omitPanicHandler, marshal, &wg, &failed)
	}}
	each := ctx
	if !serial {
		p.parent, _ = ctx.Value(probeKey{}).(*probe)
		each = context.WithValue(ctx, probeKey{}, p)
	}
	for i := range n {
		if err := ctx.Err(); err != nil {
			// the request is over (deadline, client gone): stop here
			graphql.AddError(ctx, err)
			wg.Wait()
			return nil
		}
		p.cur.Store(int64(i))
		ok := marshalAt(each, i, ret, omitPanicHandler, marshal)
		if !ok || p.started.Load() {
			// the elements after i run in their goroutines
			wg.Wait()
			if !ok || failed.Load() {
				return nil
			}
			return ret
		}
	}
	return ret
}

// marshalConcurrently starts elements from on of ret each in its own
// goroutine (at most workerLimit at once when it is positive), as gqlgen's
// graphql.MarshalSliceConcurrently does, counted in wg; failed is set when
// one panicked.
func marshalConcurrently(ctx context.Context, from int, ret graphql.Array, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler, wg *sync.WaitGroup, failed *atomic.Bool) {
	var slots chan struct{}
	if workerLimit > 0 {
		slots = make(chan struct{}, workerLimit)
	}
	for i := from; i < len(ret); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if slots != nil {
				slots <- struct{}{}
				defer func() { <-slots }()
			}
			if !marshalAt(ctx, i, ret, omitPanicHandler, marshal) {
				failed.Store(true)
			}
		}()
	}
}

// marshalAt marshals element i in the field context of a list element.
func marshalAt(ctx context.Context, i int, ret graphql.Array, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) bool {
	childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
	if omitPanicHandler {
		ret[i] = marshal(childCtx, i)
		return true
	}
	return marshalRecovering(childCtx, i, ret, marshal)
}

func marshalRecovering(ctx context.Context, i int, ret graphql.Array, marshal func(ctx context.Context, i int) graphql.Marshaler) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			ok = false
		}
	}()
	ret[i] = marshal(ctx, i)
	return true
}

// childErrors holds noChildFields' errors by type name.
var childErrors sync.Map

// noChildFields is the error of asking a field of the scalar or enum type
// name for a child field, made once per type (the generated field
// contexts ask for it on every resolution).
func noChildFields(name string) error {
	if err, ok := childErrors.Load(name); ok {
		return err.(error)
	}
	err, _ := childErrors.LoadOrStore(name, fmt.Errorf("field of type %s does not have child fields", name))
	return err.(error)
}
