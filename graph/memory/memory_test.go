package memory_test

import (
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/storetest"
)

func open(t *testing.T, d *graph.Dataset) graph.Store {
	t.Helper()
	s, err := memory.New(d)
	if err != nil {
		t.Fatalf("memory.New: %v", err)
	}
	return s
}

func TestContract(t *testing.T) { storetest.Run(t, open) }

func TestCompareWithItself(t *testing.T) {
	d := storetest.Fixture()
	storetest.Compare(t, d, open(t, d), open(t, d))
}
