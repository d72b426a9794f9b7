package exec

import (
	"context"
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

type probeKey struct{}

// Probing marks a request whose resolvers may wait on a store, or may not:
// reads says how many store calls the request has made so far. Its lists
// are marshalled one element first, in the request's goroutine; when that
// made no store call (the statement of its root field read everything below
// it), the rest follow serially too, else each in its own goroutine, as
// gqlgen does, so that their calls are batched. A wrong guess costs one
// element's wait, never an answer: a call made at the same time by another
// branch of the request only sends the rest down gqlgen's path.
func Probing(ctx context.Context, reads func() int64) context.Context {
	return context.WithValue(ctx, probeKey{}, reads)
}

// marshalSlice marshals the elements of a list: one after the other when
// the request is serial (or probing finds nothing to wait for), else as
// gqlgen does, each in its own goroutine. A panic is recovered into a field
// error and a null list, as gqlgen's does; so is the end of the request's
// context, checked before each element.
func marshalSlice(ctx context.Context, n int, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	serial := IsSerial(ctx)
	reads, probing := ctx.Value(probeKey{}).(func() int64)
	probing = probing && !serial
	if n <= 1 || (!serial && !probing) {
		return graphql.MarshalSliceConcurrently(ctx, n, workerLimit, omitPanicHandler, marshal)
	}
	ret := make(graphql.Array, n)
	for i := range n {
		if err := ctx.Err(); err != nil {
			// the request is over (deadline, client gone): stop here
			graphql.AddError(ctx, err)
			return nil
		}
		before := int64(0)
		if probing && i == 0 {
			before = reads()
		}
		if !marshalAt(ctx, i, ret, omitPanicHandler, marshal) {
			return nil
		}
		if probing && i == 0 && reads() != before {
			// the first element waited on the store: the others are
			// marshalled at once, their calls batched
			if !marshalConcurrently(ctx, 1, ret, workerLimit, omitPanicHandler, marshal) {
				return nil
			}
			return ret
		}
	}
	return ret
}

// marshalConcurrently marshals elements from on of ret each in its own
// goroutine (at most workerLimit at once when it is positive), as gqlgen's
// graphql.MarshalSliceConcurrently does; false when one panicked.
func marshalConcurrently(ctx context.Context, from int, ret graphql.Array, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) bool {
	var (
		wg     sync.WaitGroup
		failed atomic.Bool
		slots  chan struct{}
	)
	if workerLimit > 0 {
		slots = make(chan struct{}, workerLimit)
	}
	for i := from; i < len(ret); i++ {
		if slots != nil {
			slots <- struct{}{}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if slots != nil {
				defer func() { <-slots }()
			}
			if !marshalAt(ctx, i, ret, omitPanicHandler, marshal) {
				failed.Store(true)
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
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
