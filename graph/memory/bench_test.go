package memory_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/graph/synthetic"
	"github.com/patronage/patronage/seeds"
)

// Benchmarks. Run: go test -run '^$' -bench . -benchmem ./graph/memory
// The million-entity dataset is synthetic (graph/synthetic), never real.

func BenchmarkLoadSeeds(b *testing.B) {
	for b.Loop() {
		d, err := seeds.Load(seeds.Embedded(), "seeds")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := memory.New(d); err != nil {
			b.Fatal(err)
		}
	}
}

var big struct {
	once sync.Once
	s    *memory.Store
	d    *graph.Dataset
}

func million(b *testing.B) (*memory.Store, *graph.Dataset) {
	big.once.Do(func() {
		big.d = synthetic.Dataset(1_000_000, 1)
		var err error
		if big.s, err = memory.New(big.d); err != nil {
			b.Fatal(err)
		}
	})
	return big.s, big.d
}

func BenchmarkIndexMillion(b *testing.B) {
	d := synthetic.Dataset(1_000_000, 1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var s *memory.Store
	for b.Loop() {
		var err error
		if s, err = memory.New(d); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
	b.ReportMetric(float64(len(d.Claims)), "claims")
	runtime.KeepAlive(s)
}

func BenchmarkMillion(b *testing.B) {
	s, d := million(b)
	ctx := context.Background()
	b.Run("Entity", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := graph.EntityByID(ctx, s, d.Entities[i%len(d.Entities)].ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, q := range []string{"synthetic kalo", "phat", "12345"} {
		b.Run(fmt.Sprintf("Search/%s", q), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, graph.SearchQuery{Text: q, PageArgs: graph.PageArgs{First: 20}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("Neighbours", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := graph.Neighbours(ctx, s, d.Entities[i%len(d.Entities)].ID, graph.ClaimFilter{}, graph.PageArgs{First: 20}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Paths3", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			c := d.Claims[i%len(d.Claims)]
			if _, err := s.Paths(ctx, graph.PathQuery{From: c.From, To: d.Claims[(i*7919)%len(d.Claims)].To, MaxHops: 3}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SiteAssessment", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SiteAssessment(ctx, graph.AssessmentQuery{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCells is the peerbench's q4 on the store alone: the assessment's
// four cells (no evidence) over the 50,000-entity synthetic graph.
//
//	go test -run '^$' -bench Cells -benchmem ./graph/memory
func BenchmarkCells(b *testing.B) {
	s, err := memory.New(synthetic.Dataset(50000, 1))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.SiteAssessment(ctx, graph.AssessmentQuery{CellsOnly: true, Bare: true}); err != nil {
			b.Fatal(err)
		}
	}
}
