package neo4j_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/neo4j"
	"github.com/patronage/patronage/graph/neo4j/neo4jtest"
	"github.com/patronage/patronage/graph/synthetic"
)

// Benchmarks against the real server:
//
//	eval "$(scripts/neo4j/neo4j env)"
//	go test -run '^$' -bench . -benchtime 5x ./graph/neo4j
//
// The large datasets are synthetic (graph/synthetic), never real.

// BenchmarkLoadSeeds loads the curated seeds into an empty database.
func BenchmarkLoadSeeds(b *testing.B) {
	s := neo4jtest.Open(b)
	d := realSeeds(b)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		neo4jtest.Clear(b)
		b.StartTimer()
		if _, err := s.Load(ctx, d, neo4j.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReloadSeeds loads the seeds over themselves (nothing changes).
func BenchmarkReloadSeeds(b *testing.B) {
	s := neo4jtest.Open(b)
	d := realSeeds(b)
	ctx := context.Background()
	neo4jtest.Clear(b)
	if _, err := s.Load(ctx, d, neo4j.LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Load(ctx, d, neo4j.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeeds(b *testing.B) {
	s := neo4jtest.Open(b)
	ctx := context.Background()
	neo4jtest.Clear(b)
	if _, err := s.Load(ctx, realSeeds(b), neo4j.LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Run("SiteAssessment", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SiteAssessment(ctx, graph.AssessmentQuery{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SiteAssessment6Hops", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SiteAssessment(ctx, graph.AssessmentQuery{MaxHops: 6}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Paths4Hops", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Paths(ctx, graph.PathQuery{From: "C_GF_PARK", To: "P_HUNMANET", MaxHops: 4}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Search", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Search(ctx, graph.SearchQuery{Text: "park"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Entity", func(b *testing.B) {
		for b.Loop() {
			if _, err := graph.EntityByID(ctx, s, "C_OSMACH"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSynthetic loads a synthetic dataset of n entities once, then
// times the site assessment over it.
func BenchmarkSynthetic(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := neo4jtest.Open(b)
			ctx := context.Background()
			d := synthetic.Dataset(n, 1)
			neo4jtest.Clear(b)
			b.Run("Load", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					neo4jtest.Clear(b)
					b.StartTimer()
					rep, err := s.Load(ctx, d, neo4j.LoadOptions{BatchSize: 2000})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(rep.Records.Entities+rep.Records.Claims)/rep.Elapsed.Seconds(), "records/s")
				}
			})
			b.Run("SiteAssessment", func(b *testing.B) {
				for b.Loop() {
					a, err := s.SiteAssessment(ctx, graph.AssessmentQuery{})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(len(a.Sites())), "sites")
				}
			})
		})
	}
}
