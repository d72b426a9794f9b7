package exec

import (
	"context"

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

// marshalSlice marshals the elements of a list: one after the other when
// the request is serial, else as gqlgen does, each in its own goroutine. A
// panic is recovered into a field error and a null list, as gqlgen's does;
// so is the end of the request's context, checked before each element.
func marshalSlice(ctx context.Context, n int, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if n <= 1 || !IsSerial(ctx) {
		return graphql.MarshalSliceConcurrently(ctx, n, workerLimit, omitPanicHandler, marshal)
	}
	ret := make(graphql.Array, n)
	for i := range n {
		if err := ctx.Err(); err != nil {
			// the request is over (deadline, client gone): stop here
			graphql.AddError(ctx, err)
			return nil
		}
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshal(childCtx, i)
			continue
		}
		if !marshalRecovering(childCtx, i, ret, marshal) {
			return nil
		}
	}
	return ret
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
