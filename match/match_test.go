package match_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
)

// fictional entities for the tests: none of them is a real person,
// company or place.
var fixture = []graph.Entity{
	{ID: "P_FX_DARA", Kind: graph.KindPerson, Name: "Sok Dara", Aliases: []string{"សុខ ដារា"}},
	{ID: "P_FX_DINA", Kind: graph.KindPerson, Name: "Sok Dina"},
	{ID: "P_FX_WANG", Kind: graph.KindPerson, Name: "Wang Xiaoming"},
	{ID: "O_FX_STAR", Kind: graph.KindOrganization, Name: "Example Star Group Co., Ltd.", Aliases: []string{"示例星集团"}},
	{ID: "C_FX_DARA", Kind: graph.KindCompound, Name: "Sok Dara Park"},
}

func TestMatch(t *testing.T) {
	m := match.New(fixture)
	tests := []struct {
		name      string
		kind      graph.Kind
		threshold float64
		want      []string // ids, best first
	}{
		{"SOK, Dara", graph.KindPerson, 0.95, []string{"P_FX_DARA"}},
		{"Oknha Dara Sok", graph.KindPerson, 0.95, []string{"P_FX_DARA"}},
		{"Sok Dara", "", 0.7, []string{"P_FX_DARA", "C_FX_DARA"}},
		{"ឧកញ៉ា សុខ ដារា", graph.KindPerson, 0.95, []string{"P_FX_DARA"}}, // the alias, exactly
		{"Sok Dara", graph.KindOrganization, 0.5, nil},
		{"王小明", graph.KindPerson, 0.8, []string{"P_FX_WANG"}},
		{"EXAMPLE STAR GROUP COMPANY LIMITED", "", 0.95, []string{"O_FX_STAR"}},
		{"Sok Dana", graph.KindPerson, 0.95, nil},
		{"", "", 0, nil},
		{"!!!", "", 0, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range m.Match(tt.name, tt.kind, tt.threshold) {
			got = append(got, c.Entity.ID)
			if len(c.Reasons) == 0 || c.Name == "" || c.Score < tt.threshold || c.Score > 1 {
				t.Errorf("Match(%q): candidate %s has score %.3f, name %q, reasons %q", tt.name, c.Entity.ID, c.Score, c.Name, c.Reasons)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Match(%q, %q, %.2f) = %q, want %q", tt.name, tt.kind, tt.threshold, got, tt.want)
		}
	}
}

func TestMatchExplains(t *testing.T) {
	m := match.New(fixture)
	c := m.Match("Neak Oknha SOK, Dara", graph.KindPerson, 0.9)
	if len(c) != 1 {
		t.Fatalf("got %d candidates", len(c))
	}
	why := strings.Join(c[0].Reasons, "; ")
	for _, want := range []string{"neak oknha", "same name after folding"} {
		if !strings.Contains(why, want) {
			t.Errorf("reasons %q do not mention %q", why, want)
		}
	}
}

// TestBlockingLosesNothing checks that the index finds every pair of the
// test set that Compare scores at the review threshold.
func TestBlockingLosesNothing(t *testing.T) {
	pairs := append(fictionalPairs(t), seedPairs(t)...)
	for _, p := range pairs {
		s, _ := match.Compare(p.a, p.b, p.kind)
		if s < 0.7 {
			continue
		}
		m := match.New([]graph.Entity{{ID: "X", Kind: p.kind, Name: p.b}})
		got := m.Match(p.a, p.kind, 0.7)
		if len(got) != 1 || got[0].Score != s {
			t.Errorf("Match(%q) against %q: got %v, want score %.3f", p.a, p.b, got, s)
		}
	}
}

func TestCompareIsSymmetricAndBounded(t *testing.T) {
	for _, p := range fictionalPairs(t) {
		ab, _ := match.Compare(p.a, p.b, p.kind)
		ba, _ := match.Compare(p.b, p.a, p.kind)
		if ab != ba || ab < 0 || ab > 1 {
			t.Errorf("Compare(%q, %q) = %.3f, reversed %.3f", p.a, p.b, ab, ba)
		}
	}
}

func FuzzCompare(f *testing.F) {
	for _, s := range [][2]string{{"Ly Yong Phat", "LY, Yong Phat"}, {"ឧកញ៉ា សុខ ដារា", "Sok Dara"}, {"王小明先生", "Wang Xiaoming"},
		{"H.E. Gen. Dr.", "Co., Ltd."}, {"", " "}, {"\u200b\u17d2\u17d2", "ំំ"}, {"A B C D E F G", "G F E D C B A"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || len(a) > 400 || len(b) > 400 {
			return
		}
		for _, k := range []graph.Kind{graph.KindPerson, graph.KindOrganization, graph.KindCompound} {
			s, why := match.Compare(a, b, k)
			if s < 0 || s > 1 || (s > 0) != (len(why) > 0) {
				t.Fatalf("Compare(%q, %q, %s) = %v, %q", a, b, k, s, why)
			}
			if self, _ := match.Compare(a, a, k); self != 1 && graph.Fold(a) != "" {
				if got := match.New([]graph.Entity{{ID: "X", Kind: k, Name: a}}).Match(a, k, 0); len(got) > 0 && got[0].Score != 1 {
					t.Fatalf("a name does not match itself: Compare(%q) = %v", a, self)
				}
			}
			if got := match.New([]graph.Entity{{ID: "X", Kind: k, Name: b}}).Match(a, k, 0); len(got) > 1 || (len(got) == 1 && got[0].Score != s) {
				t.Fatalf("Match(%q) over %q = %v, Compare says %v", a, b, got, s)
			}
		}
	})
}

// orphanMark reports whether s (decomposed) has a nonspacing mark that
// does not follow a letter, a digit or another mark.
