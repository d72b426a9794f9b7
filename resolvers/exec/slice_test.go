package exec

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestMarshalSlice(t *testing.T) {
	for _, serial := range []bool{false, true} {
		ctx := graphql.WithResponseContext(context.Background(), func(ctx context.Context, err error) *gqlerror.Error {
			return gqlerror.WrapPath(graphql.GetPath(ctx), err)
		}, graphql.DefaultRecover)
		if serial {
			ctx = Serial(ctx)
		}
		var idx []int
		got := marshalSlice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if fc := graphql.GetFieldContext(ctx); fc == nil || fc.Index == nil || *fc.Index != i {
				t.Errorf("serial=%v: element %d: field context index is not the element's", serial, i)
			}
			if serial {
				idx = append(idx, i) // serial: no race
			}
			return graphql.MarshalInt(i)
		})
		var b bytes.Buffer
		got.MarshalGQL(&b)
		if b.String() != "[0,1,2]" {
			t.Errorf("serial=%v: got %s, want [0,1,2]", serial, b.String())
		}
		if serial && len(idx) != 3 {
			t.Errorf("serial: marshalled %v, want each element once, in order", idx)
		}

		// a panic in an element is a field error and a null list, as in gqlgen
		got = marshalSlice(ctx, 2, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 1 {
				panic(errors.New("boom"))
			}
			return graphql.MarshalInt(i)
		})
		if got != nil {
			t.Errorf("serial=%v: a panicking element gave %v, want a null list", serial, got)
		}
		if errs := graphql.GetErrors(ctx); len(errs) == 0 {
			t.Errorf("serial=%v: a panicking element reported no error", serial)
		}
	}
	if IsSerial(context.Background()) || !IsSerial(Serial(context.Background())) {
		t.Error("IsSerial does not report Serial")
	}

	// a request that is over stops marshalling
	ctx, cancel := context.WithCancel(Serial(graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)))
	calls := 0
	got := marshalSlice(ctx, 5, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		calls++
		if i == 1 {
			cancel()
		}
		return graphql.MarshalInt(i)
	})
	if got != nil || calls != 2 || len(graphql.GetErrors(ctx)) != 1 {
		t.Errorf("cancelled at element 1: %d calls, list %v, errors %v; want 2 calls, a null list and one error", calls, got, graphql.GetErrors(ctx))
	}
}
