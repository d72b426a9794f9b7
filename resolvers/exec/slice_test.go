package exec

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

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

// probingCtx is the context of a probing request.
func probingCtx() context.Context {
	return Probing(graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover))
}

// renderArray is a marshalled list's JSON.
func renderArray(a graphql.Array) string {
	var b bytes.Buffer
	a.MarshalGQL(&b)
	return b.String()
}

// TestProbing: a probing request's list is marshalled serially until an
// element is about to wait (Waiting), then the elements after it start at
// once, each in its own goroutine, while it waits.
func TestProbing(t *testing.T) {
	t.Run("nothing waits: serial", func(t *testing.T) {
		var order []int // serial: no race
		got := marshalSlice(probingCtx(), 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			order = append(order, i)
			return graphql.MarshalInt(i)
		})
		if renderArray(got) != "[0,1,2,3]" || !slices.Equal(order, []int{0, 1, 2, 3}) {
			t.Errorf("got %s in the order %v, want [0,1,2,3] in order", renderArray(got), order)
		}
	})
	t.Run("element 1 waits: 2 and 3 start while it waits", func(t *testing.T) {
		started := make(chan int, 4)
		got := marshalSlice(probingCtx(), 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			started <- i
			if i == 1 {
				<-started // 0
				<-started // 1
				Waiting(ctx)
				// the element "waits" until the others have started:
				// serial marshalling would never get there
				for range 2 {
					select {
					case j := <-started:
						if j < 2 {
							t.Errorf("element %d started again", j)
						}
					case <-time.After(10 * time.Second):
						t.Fatal("elements after the waiting one were not started")
					}
				}
			}
			return graphql.MarshalInt(i)
		})
		if renderArray(got) != "[0,1,2,3]" {
			t.Errorf("got %s, want [0,1,2,3]", renderArray(got))
		}
	})
}

// TestProbingNested: a list inside an element that waits starts the rest
// of the list around it too; a panic after the rest started is a null list
// and an error.
func TestProbingNested(t *testing.T) {
	t.Run("an inner list waits: the outer list's rest starts too", func(t *testing.T) {
		outerStarted := make(chan int, 3)
		got := marshalSlice(probingCtx(), 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			outerStarted <- i
			if i != 0 {
				return graphql.MarshalInt(i)
			}
			return marshalSlice(ctx, 2, 0, false, func(ctx context.Context, j int) graphql.Marshaler {
				if j == 0 {
					Waiting(ctx)
					<-outerStarted // 0 itself
					for range 2 {
						select {
						case <-outerStarted:
						case <-time.After(10 * time.Second):
							t.Fatal("the outer list's other elements were not started")
						}
					}
				}
				return graphql.MarshalInt(j)
			})
		})
		if renderArray(got) != "[[0,1],1,2]" {
			t.Errorf("got %s, want [[0,1],1,2]", renderArray(got))
		}
	})
	t.Run("a panic after the rest started: a null list and an error", func(t *testing.T) {
		ctx := probingCtx()
		got := marshalSlice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 0 {
				Waiting(ctx)
			}
			if i == 2 {
				panic(errors.New("boom"))
			}
			return graphql.MarshalInt(i)
		})
		if got != nil || len(graphql.GetErrors(ctx)) != 1 {
			t.Errorf("got %v and errors %v, want a null list and one error", got, graphql.GetErrors(ctx))
		}
	})
}
