package match_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
	"github.com/patronage/patronage/seeds"
)

// pair is two names and whether they are the same name written
// differently.
type pair struct {
	a, b  string
	kind  graph.Kind
	same  bool
	group string
}

// fictionalPairs reads testdata/pairs.csv (fictional names).
func fictionalPairs(t *testing.T) []pair {
	t.Helper()
	f, err := os.Open("testdata/pairs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []pair
	for _, r := range recs[1:] {
		out = append(out, pair{a: r[0], b: r[1], kind: graph.Kind(r[2]), same: r[3] == "yes", group: "fictional: " + r[4]})
	}
	return out
}

// seedPairs builds pairs from the curated dataset without asserting
// anything the dataset does not: a name and each alias the dataset gives
// the same entity are the same; the names of two entities of the same
// kind are different; and a name is the same as itself reformatted (case,
// word order, a title, a legal form).
func seedPairs(t *testing.T) []pair {
	t.Helper()
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	var out []pair
	byKind := map[graph.Kind][]graph.Entity{}
	for _, e := range d.Entities {
		switch e.Kind {
		case graph.KindPerson, graph.KindOrganization, graph.KindCompound:
		default:
			continue
		}
		byKind[e.Kind] = append(byKind[e.Kind], e)
		for _, a := range e.Aliases {
			out = append(out, pair{e.Name, a, e.Kind, true, "seeds: alias"})
		}
		for _, v := range reformat(e) {
			out = append(out, pair{e.Name, v, e.Kind, true, "seeds: reformatted"})
		}
	}
	for kind, es := range byKind {
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				out = append(out, pair{es[i].Name, es[j].Name, kind, false, "seeds: distinct entities"})
			}
		}
	}
	return out
}

// reformat writes a name the ways other lists write it.
func reformat(e graph.Entity) []string {
	w := strings.Fields(e.Name)
	out := []string{strings.ToUpper(e.Name)}
	switch e.Kind {
	case graph.KindPerson:
		if len(w) >= 2 {
			out = append(out,
				strings.ToUpper(w[0])+", "+strings.Join(w[1:], " "), // SDN style: "LY, Yong Phat"
				strings.Join(w[1:], " ")+" "+w[0],                   // given name first
				"Oknha "+e.Name,
				w[0]+" "+strings.Join(w[1:], ""), // given name written as one word
			)
		}
	case graph.KindOrganization:
		out = append(out, e.Name+" Co., Ltd.")
	}
	return out
}

type counts struct{ tp, fp, fn, tn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestPrecisionRecall measures the matcher on the pairs and fails if
// precision or recall drop below the floors. Run with -v for the table
// (docs/interop.md quotes it).
func TestPrecisionRecall(t *testing.T) {
	pairs := append(fictionalPairs(t), seedPairs(t)...)
	floors := []struct {
		threshold         float64
		precision, recall float64
	}{
		{0.95, 1.00, 0.75}, // the merge threshold: no false merge
		{0.70, 0.97, 0.88}, // the review threshold
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| threshold | pairs | same | different | true pos | false pos | false neg | precision | recall |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, f := range floors {
		var c counts
		for _, p := range pairs {
			s, why := match.Compare(p.a, p.b, p.kind)
			hit := s >= f.threshold
			switch {
			case hit && p.same:
				c.tp++
			case hit && !p.same:
				c.fp++
				t.Logf("false positive at %.2f: %q ~ %q (%s) %.3f %v", f.threshold, p.a, p.b, p.group, s, why)
			case !hit && p.same:
				c.fn++
				if testing.Verbose() {
					t.Logf("missed at %.2f: %q ~ %q (%s) %.3f", f.threshold, p.a, p.b, p.group, s)
				}
			default:
				c.tn++
			}
		}
		fmt.Fprintf(&b, "| %.2f | %d | %d | %d | %d | %d | %d | %.3f | %.3f |\n", f.threshold, len(pairs),
			c.tp+c.fn, c.fp+c.tn, c.tp, c.fp, c.fn, c.precision(), c.recall())
		if c.precision() < f.precision || c.recall() < f.recall {
			t.Errorf("at %.2f: precision %.3f (floor %.2f), recall %.3f (floor %.2f)", f.threshold, c.precision(), f.precision, c.recall(), f.recall)
		}
	}
	t.Logf("measured:\n%s", b.String())
	groups := map[string][3]int{}
	for _, p := range pairs {
		if !p.same {
			continue
		}
		s, _ := match.Compare(p.a, p.b, p.kind)
		g := groups[p.group]
		g[2]++
		if s >= 0.95 {
			g[0]++
		}
		if s >= 0.70 {
			g[1]++
		}
		groups[p.group] = g
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	var gb strings.Builder
	fmt.Fprintf(&gb, "| pairs of the same name | found at 0.95 | found at 0.70 |\n|---|---|---|\n")
	for _, g := range names {
		n := groups[g]
		fmt.Fprintf(&gb, "| %s | %d/%d | %d/%d |\n", g, n[0], n[2], n[1], n[2])
	}
	t.Logf("recall by group:\n%s", gb.String())
}
