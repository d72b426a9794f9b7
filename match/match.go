// Package match finds the entities a name may refer to, across the Latin,
// Khmer and Chinese spellings that reporting on Cambodia uses for the same
// person or company.
//
// A name is folded (case, accents, punctuation: graph.Fold), stripped of
// honorifics and titles (Oknha, Neak Oknha, Samdech, Lok Chumteav, H.E.,
// General, Dr, Mr ... in Latin and Khmer script; 先生 after a Chinese
// name) or, for organizations, of legal forms (Co., Ltd., 有限公司), and
// compared word by word with every name and alias of the candidates,
// allowing for another word order ("Yong Phat Ly") and other spacing
// ("Yongphat"). Chinese characters are read as pinyin; Khmer script is
// compared with Latin spellings by consonant skeleton (see script.go).
//
// Scores are in [0, 1] and come with the reasons that produced them:
//
//	1.00  the same name after folding (and dropping titles)
//	0.97  the same words in another order
//	0.96  the same letters, spaced or ordered differently
//	≤0.90 similar spelling, word by word: 0.9 × the share of letters alike
//	≤0.90 a Chinese name whose pinyin is the Latin name: 0.9 × that score
//	≤0.85 every word of a name of two or more words appears in the other
//	≤0.85 a Khmer name with the consonant skeleton of the Latin name
//	0.75  a one-word name that is (part of) the other's initials
//
// Only the first three reach 0.95, the threshold at which an importer may
// merge two records of the same kind; everything else is for a person to
// review.
package match

import (
	"fmt"
	"github.com/patronage/patronage/internal/editdist"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/patronage/patronage/graph"
)

// Candidate is an entity a name may refer to.
type Candidate struct {
	Entity graph.Entity
	// Score is how alike the best pair of names is, in [0, 1].
	Score float64
	// Name is the entity's name or alias that matched best.
	Name string
	// Reasons say what matched, in words.
	Reasons []string
}

// Matcher finds candidates among a fixed set of entities. It is safe for
// concurrent use once built.
type Matcher struct {
	entities []graph.Entity
	names    [][]analysis       // per entity, one per name and alias
	grams    map[string][]int32 // blocking index: gram → entities
}

// New indexes the entities' names and aliases.
func New(entities []graph.Entity) *Matcher {
	m := &Matcher{entities: slices.Clone(entities), names: make([][]analysis, len(entities)), grams: map[string][]int32{}}
	for i, e := range m.entities {
		seen := map[string]bool{}
		for _, n := range e.Names() {
			a := analyse(n, e.Kind)
			if a.empty() {
				continue
			}
			m.names[i] = append(m.names[i], a)
			for _, g := range a.grams() {
				if !seen[g] {
					seen[g] = true
					m.grams[g] = append(m.grams[g], int32(i))
				}
			}
		}
	}
	return m
}

// Match returns the entities of the given kind ("" for every kind) with a
// name or alias scoring at least threshold against name, best first (ties
// by id). Each candidate says which of its names matched and why.
func (m *Matcher) Match(name string, kind graph.Kind, threshold float64) []Candidate {
	return m.MatchNames([]string{name}, kind, threshold)
}

// MatchNames is Match for something known by several names (an incoming
// record's name and aliases): each entity appears once, with its best
// score over all the pairs of names.
func (m *Matcher) MatchNames(names []string, kind graph.Kind, threshold float64) []Candidate {
	best := map[int32]Candidate{}
	for _, name := range names {
		m.matchOne(name, kind, threshold, best)
	}
	out := make([]Candidate, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Entity.ID, b.Entity.ID)
	})
	return out
}

// matchOne scores name against the entities its grams block in, keeping
// in best each entity's best candidate at or above threshold.
func (m *Matcher) matchOne(name string, kind graph.Kind, threshold float64, best map[int32]Candidate) {
	queries := map[nameClass]analysis{}
	query := func(k graph.Kind) analysis {
		c := classOf(k)
		a, ok := queries[c]
		if !ok {
			a = analyse(name, k)
			queries[c] = a
		}
		return a
	}
	var grams []string
	if kind != "" {
		grams = query(kind).grams()
	} else {
		for _, k := range []graph.Kind{graph.KindPerson, graph.KindOrganization, graph.KindCompound} {
			grams = append(grams, query(k).grams()...)
		}
	}
	for _, i := range m.block(grams) {
		e := m.entities[i]
		if kind != "" && e.Kind != kind {
			continue
		}
		q := query(e.Kind)
		c := best[i]
		for _, a := range m.names[i] {
			if s, why := compare(q, a); s > c.Score && s > 0 && s >= threshold {
				c = Candidate{Entity: e, Score: s, Name: a.raw, Reasons: why}
			}
		}
		if c.Score > 0 {
			best[i] = c
		}
	}
}

// block returns the entities sharing enough grams with the query to be
// worth scoring, in index order.
func (m *Matcher) block(grams []string) []int32 {
	if len(grams) == 0 {
		return nil
	}
	count := map[int32]int{}
	seen := map[string]bool{}
	n := 0
	for _, g := range grams {
		if seen[g] {
			continue
		}
		seen[g] = true
		n++
		for _, i := range m.grams[g] {
			count[i]++
		}
	}
	need := max(1, n/5)
	for g := range seen {
		if strings.HasPrefix(g, "a") { // initials: one is enough
			for _, i := range m.grams[g] {
				count[i] = max(count[i], need)
			}
		}
	}
	out := make([]int32, 0, len(count))
	for i, c := range count {
		if c >= need {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// Compare scores two names as Match would if b were the name of an entity
// of the given kind, with the reasons.
func Compare(a, b string, kind graph.Kind) (float64, []string) {
	qa, qb := analyse(a, kind), analyse(b, kind)
	if qa.empty() || qb.empty() {
		return 0, nil
	}
	return compare(qa, qb)
}

// nameClass groups kinds by what is stripped from their names.
type nameClass int

const (
	classOther nameClass = iota
	classPerson
	classOrg
)

func classOf(k graph.Kind) nameClass {
	switch k {
	case graph.KindPerson:
		return classPerson
	case graph.KindOrganization:
		return classOrg
	}
	return classOther
}

// analysis is one name read for comparison.
type analysis struct {
	raw     string
	latin   []string // Latin words, with Han characters as pinyin syllables
	han     string   // the Han characters, in order
	khmer   []string // Khmer words (titles stripped)
	skel    []string // consonant skeleton of each Latin word that is not pinyin
	kskel   []string // consonant skeleton of each Khmer word
	dropped []string // titles or legal forms removed
	glossed []string // Chinese words translated, e.g. "集团 → group"
	whole   []string // the Latin words before anything was removed
}

func (a analysis) empty() bool { return len(a.latin) == 0 && len(a.khmer) == 0 }

// maxWords is the most words of a name compared.
const maxWords = 16

// maxRotations is the most words of a name whose every rotation is tried.
const maxRotations = 6

// token is one word of a folded name, split by script.
type token struct {
	s      string
	script rune // 'L' Latin or other, 'H' one Han character, 'K' Khmer
}

func analyse(name string, kind graph.Kind) analysis {
	a := analysis{raw: name}
	var toks []token
	for _, w := range strings.Fields(graph.Fold(name)) {
		toks = append(toks, splitScripts(w)...)
	}
	if len(toks) > maxWords {
		toks = toks[:maxWords] // a name is not a paragraph; keeps matching fast
	}
	class := classOf(kind)
	for _, t := range toks {
		if t.script == 'L' {
			a.whole = append(a.whole, t.s)
		}
	}
	if class == classPerson {
		toks = a.stripPersonTitles(toks)
	}
	if class == classOrg {
		toks = a.stripLegalForms(toks)
	}
	if class == classOrg || kind == graph.KindCompound {
		toks = a.translate(toks)
	}
	for _, t := range toks {
		switch t.script {
		case 'H':
			if p := hanSyllable([]rune(t.s)[0]); p != "" {
				a.latin = append(a.latin, p)
			}
			a.han += t.s
		case 'K':
			a.khmer = append(a.khmer, t.s)
			if sk := khmerSkeleton(t.s); sk != "" {
				a.kskel = append(a.kskel, sk)
			}
		default:
			a.latin = append(a.latin, t.s)
			if sk := latinSkeleton(t.s); sk != "" {
				a.skel = append(a.skel, sk)
			}
		}
	}
	return a
}

// splitScripts splits a folded word into Han characters, Khmer runs and
// the rest.
func splitScripts(w string) []token {
	var out []token
	var cur strings.Builder
	var curScript rune
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, token{cur.String(), curScript})
			cur.Reset()
		}
	}
	for _, r := range w {
		switch {
		case isHan(r):
			flush()
			out = append(out, token{string(r), 'H'})
			curScript = 0
		case isKhmer(r):
			if curScript != 'K' {
				flush()
				curScript = 'K'
			}
			cur.WriteRune(r)
		default:
			if curScript != 'L' {
				flush()
				curScript = 'L'
			}
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

func (a *analysis) stripPersonTitles(toks []token) []token {
	// Latin titles at the start; keep one word unless other scripts follow.
	lead := 0
	for lead < len(toks) && toks[lead].script == 'L' {
		lead++
	}
	keep := 1
	if lead < len(toks) {
		keep = 0
	}
	rest, removed := stripLeading(words(toks[:lead]), latinTitles, keep)
	a.dropped = append(a.dropped, removed...)
	toks = toks[lead-len(rest):]
	// Khmer titles at the start of the first Khmer word, often written
	// joined to the name.
	for {
		i := slices.IndexFunc(toks, func(t token) bool { return t.script == 'K' })
		if i < 0 {
			break
		}
		t, ok := cutAnyPrefix(toks[i].s, khmerTitles)
		if !ok {
			break
		}
		rest := strings.TrimPrefix(toks[i].s, t)
		if rest == "" && len(toks) == 1 {
			break // never drop the whole name
		}
		toks = slices.Clone(toks)
		if rest == "" {
			toks = slices.Delete(toks, i, i+1)
		} else {
			toks[i].s = rest
		}
		a.dropped = append(a.dropped, t)
	}
	// Chinese titles after the name.
	return a.stripHanSuffix(toks, hanTitles)
}

func (a *analysis) stripLegalForms(toks []token) []token {
	toks = a.stripHanSuffix(toks, hanLegalForms)
	tail := len(toks)
	for tail > 0 && toks[tail-1].script == 'L' {
		tail--
	}
	keep := 1
	if tail > 0 {
		keep = 0
	}
	rest, removed := stripTrailing(words(toks[tail:]), latinLegalForms, keep)
	a.dropped = append(a.dropped, removed...)
	return toks[:tail+len(rest)]
}

// translate replaces the generic Chinese words of hanGlossary with their
// English translation.
func (a *analysis) translate(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); {
		found := false
		if toks[i].script == 'H' {
			for _, k := range hanGlossaryKeys {
				n := len([]rune(k))
				if i+n <= len(toks) && hanRun(toks[i:i+n]) == k {
					for _, w := range strings.Fields(hanGlossary[k]) {
						out = append(out, token{w, 'L'})
					}
					a.glossed = append(a.glossed, k+" → "+hanGlossary[k])
					i += n
					found = true
					break
				}
			}
		}
		if !found {
			out = append(out, toks[i])
			i++
		}
	}
	return out
}

func hanRun(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		if t.script != 'H' {
			return ""
		}
		b.WriteString(t.s)
	}
	return b.String()
}

func words(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.s
	}
	return out
}

// stripHanSuffix removes one of the suffixes from the trailing Han
// characters, unless nothing would be left.
func (a *analysis) stripHanSuffix(toks []token, suffixes []string) []token {
	var han strings.Builder
	start := len(toks)
	for start > 0 && toks[start-1].script == 'H' {
		start--
	}
	for _, t := range toks[start:] {
		han.WriteString(t.s)
	}
	for _, s := range suffixes {
		if strings.HasSuffix(han.String(), s) {
			n := len([]rune(s))
			if n < len(toks) {
				a.dropped = append(a.dropped, s)
				return toks[:len(toks)-n]
			}
		}
	}
	return toks
}

func cutAnyPrefix(s string, prefixes []string) (string, bool) {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return p, true
		}
	}
	return "", false
}

// grams are the blocking keys of a name: trigrams of each Latin word
// (with its ends marked, so word order does not matter) and bigrams of the
// consonant skeletons, so that Khmer and Latin spellings meet.
func (a analysis) grams() []string {
	var out []string
	for _, w := range a.latin {
		r := []rune("^" + w + "$")
		for i := 0; i+3 <= len(r); i++ {
			out = append(out, "l"+string(r[i:i+3]))
		}
		if len(r) < 3 {
			out = append(out, "l"+string(r))
		}
	}
	// Initials, so that "OFAC" meets "Office of Foreign Assets Control".
	if len(a.latin) == 1 {
		if n := utf8.RuneCountInString(a.latin[0]); n >= 2 && n <= 6 {
			out = append(out, "a"+a.latin[0])
		}
	} else if len(a.latin) > 1 {
		ini := []rune(initialsOf(a.latin))
		for i := range ini {
			for j := i + 2; j <= len(ini) && j-i <= 6; j++ {
				out = append(out, "a"+string(ini[i:j]))
			}
		}
	}
	for _, sk := range [][]string{a.skel, a.kskel} {
		s := []rune(joinSkel(sk))
		for i := 0; i+2 <= len(s); i++ {
			out = append(out, "s"+string(s[i:i+2]))
		}
		if len(s) == 1 {
			out = append(out, "s"+string(s))
		}
	}
	return out
}

// compare scores two analysed names.
func compare(q, c analysis) (float64, []string) {
	var best float64
	var why []string
	try := func(s float64, reasons []string) {
		if s > best {
			best, why = s, reasons
		}
	}
	titles := func() []string {
		var r []string
		if d := append(slices.Clone(q.dropped), c.dropped...); len(d) > 0 {
			r = append(r, fmt.Sprintf("ignoring titles and legal forms: %s", strings.Join(dedupe(d), ", ")))
		}
		return r
	}
	quote := func(a analysis) string { return fmt.Sprintf("%q", a.raw) }

	// Latin (and pinyin) words.
	if len(q.latin) > 0 && len(c.latin) > 0 {
		s, how := compareWords(q.latin, c.latin)
		qh, ch := q.han != "", c.han != ""
		switch {
		case s == 0:
		case qh && ch && q.han == c.han && len(q.latin) == len(c.latin):
			try(1, append(titles(), "same Chinese characters"))
		case qh && ch:
			try(math.Min(s, 0.85), append(titles(), "different Chinese characters read alike in pinyin: "+how))
		case qh || ch:
			h := q
			if ch {
				h = c
			}
			read := fmt.Sprintf("Chinese characters read as pinyin: %q → %q", h.han, strings.Join(h.latin, " "))
			if len(h.glossed) > 0 {
				read += " (translated: " + strings.Join(h.glossed, ", ") + ")"
			}
			try(s*0.9, append(titles(), read, how))
		default:
			try(s, append(titles(), how+": "+quote(q)+" ~ "+quote(c)))
		}
	}
	// A title may be part of how a source writes the name ("Alpha
	// Senator" and "Senator Alpha"): compare the whole words too.
	if len(q.dropped)+len(c.dropped) > 0 && len(q.whole) > 0 && len(c.whole) > 0 {
		if s, how := compareWords(q.whole, c.whole); s > 0 {
			try(s, []string{how + " (titles kept): " + quote(q) + " ~ " + quote(c)})
		}
	}
	// Khmer script.
	switch {
	case len(q.khmer) > 0 && len(c.khmer) > 0:
		if strings.Join(q.khmer, " ") == strings.Join(c.khmer, " ") {
			try(1, append(titles(), "same Khmer spelling"))
		} else if sim := skeletonSimilarity(q.kskel, c.kskel); sim >= 0.75 {
			try(0.9*sim, append(titles(), fmt.Sprintf("Khmer spellings with %s consonants", percent(sim))))
		}
	case len(q.khmer) > 0 && len(c.skel) > 0 && c.han == "":
		try(khmerLatin(q, c, titles()))
	case len(c.khmer) > 0 && len(q.skel) > 0 && q.han == "":
		try(khmerLatin(c, q, titles()))
	}
	return math.Round(best*1000) / 1000, why
}

func khmerLatin(k, l analysis, reasons []string) (float64, []string) {
	sim := skeletonSimilarity(k.kskel, l.skel)
	if sim < 0.75 {
		return 0, nil
	}
	return 0.85 * sim, append(reasons, fmt.Sprintf("Khmer read by consonants: %q → %s, %q → %s (%s alike)",
		strings.Join(k.khmer, " "), showSkel(k.kskel), l.raw, showSkel(l.skel), percent(sim)))
}

// compareWords compares two word lists, allowing for order and spacing.
func compareWords(a, b []string) (float64, string) {
	switch {
	case slices.Equal(a, b):
		return 1, "same name after folding case, accents and punctuation"
	case slices.Equal(sorted(a), sorted(b)):
		return 0.97, "same words in another order"
	}
	av, bv := variants(a), variants(b)
	for _, x := range av {
		for _, y := range bv {
			if x == y {
				return 0.96, "same letters, spaced or ordered differently"
			}
		}
	}
	// Word by word: pair the words most alike first. Two names that each
	// have a word the other lacks ("Sok Dara", "Sok Dina"; "Tower A",
	// "Tower B") are different names, however much else they share.
	w := alignWords(a, b)
	var sim float64
	var how string
	switch {
	case w.leftA == 0 && w.leftB == 0:
		sim, how = 0.9*w.share, fmt.Sprintf("similar spelling (%s of letters alike)", percent(w.share))
	case (w.leftA == 0 && len(a) >= 2) || (w.leftB == 0 && len(b) >= 2):
		short, long := a, b
		if w.leftB == 0 {
			short, long = b, a
		}
		sim = 0.85 * w.mean
		how = fmt.Sprintf("every word of %q appears in %q", strings.Join(short, " "), strings.Join(long, " "))
		if w.mean < 1 {
			how += fmt.Sprintf(" (spelled %s alike)", percent(w.mean))
		}
	}
	// The same letters spaced differently: "Thmorda" and "Thmor Da".
	if len(a) != len(b) {
		var c float64
		for _, x := range av {
			for _, y := range bv {
				c = math.Max(c, similarity(x, y))
			}
		}
		if c >= 0.85 && 0.9*c > sim {
			sim, how = 0.9*c, fmt.Sprintf("similar spelling when spaces are ignored (%s of letters alike)", percent(c))
		}
	}
	if sim == 0 {
		sim, how = initials(a, b)
	}
	if sim < 0.6 {
		return 0, ""
	}
	return sim, how
}

// initialsOf returns the first letters of the words, without "of", "the",
// "and", "for" and the "s" of a possessive.
func initialsOf(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		switch w {
		case "of", "the", "and", "for", "s":
		default:
			r, _ := utf8.DecodeRuneInString(w)
			b.WriteRune(r)
		}
	}
	return b.String()
}

// initials scores a one-word name of two to six letters that is (part
// of) the initials of the other name: "OFAC" and "US Treasury Office of
// Foreign Assets Control". Weak evidence: 0.75, for review.
func initials(a, b []string) (float64, string) {
	if len(a) != 1 {
		a, b = b, a
	}
	if len(a) != 1 || len(b) < 2 {
		return 0, ""
	}
	n := utf8.RuneCountInString(a[0])
	if n < 2 || n > 6 {
		return 0, ""
	}
	if !strings.Contains(initialsOf(b), a[0]) {
		return 0, ""
	}
	return 0.75, fmt.Sprintf("%q is (part of) the initials of %q", a[0], strings.Join(b, " "))
}

// alignment is how the words of two names pair up.
type alignment struct {
	share        float64 // letters in paired words, weighted by how alike, over all letters
	mean         float64 // how alike the paired words are, on average
	leftA, leftB int     // words of a and of b without a partner
}

// alignWords pairs the words of a and b that are at least 75% alike,
// most alike first.
func alignWords(a, b []string) alignment {
	type pair struct {
		i, j int
		s    float64
	}
	var pairs []pair
	for i, x := range a {
		for j, y := range b {
			if s := similarity(x, y); s >= 0.75 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	slices.SortStableFunc(pairs, func(p, q pair) int {
		switch {
		case p.s > q.s:
			return -1
		case p.s < q.s:
			return 1
		}
		return 0
	})
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	var matched, total, sum float64
	n := 0
	for _, w := range a {
		total += float64(utf8.RuneCountInString(w))
	}
	for _, w := range b {
		total += float64(utf8.RuneCountInString(w))
	}
	for _, p := range pairs {
		if usedA[p.i] || usedB[p.j] {
			continue
		}
		usedA[p.i], usedB[p.j] = true, true
		matched += p.s * float64(utf8.RuneCountInString(a[p.i])+utf8.RuneCountInString(b[p.j]))
		sum += p.s
		n++
	}
	al := alignment{leftA: len(a) - n, leftB: len(b) - n}
	if total > 0 {
		al.share = matched / total
	}
	if n > 0 {
		al.mean = sum / float64(n)
	}
	return al
}

// variants are the word list joined without spaces in each rotation of its
// words and in sorted order: "ly yong phat" gives lyyongphat, yongphatly,
// phatlyyong and lyphatyong.
func variants(ws []string) []string {
	out := make([]string, 0, len(ws)+1)
	if len(ws) > maxRotations {
		return append(out, strings.Join(ws, ""), strings.Join(sorted(ws), ""))
	}
	for i := range ws {
		out = append(out, strings.Join(ws[i:], "")+strings.Join(ws[:i], ""))
	}
	return append(out, strings.Join(sorted(ws), ""))
}

func skeletonSimilarity(a, b []string) float64 {
	var best float64
	for _, x := range skelVariants(a) {
		for _, y := range skelVariants(b) {
			best = math.Max(best, similarity(x, y))
		}
	}
	if len(joinSkel(a)) < 2 || len(joinSkel(b)) < 2 {
		return 0 // one consonant says nothing
	}
	return best
}

func skelVariants(ws []string) []string {
	out := make([]string, 0, len(ws))
	if len(ws) > maxRotations {
		return append(out, joinSkel(ws))
	}
	for i := range ws {
		out = append(out, joinSkel(append(slices.Clone(ws[i:]), ws[:i]...)))
	}
	return out
}

// joinSkel concatenates skeletons, collapsing a consonant repeated across
// a word boundary as Khmer script would.
func joinSkel(parts []string) string {
	var b []rune
	for _, p := range parts {
		for _, r := range p {
			if len(b) == 0 || b[len(b)-1] != r {
				b = append(b, r)
			}
		}
	}
	return string(b)
}

var skelNames = map[rune]string{clsNG: "ng", clsNY: "nh", clsC: "ch"}

func showSkel(parts []string) string {
	var out []string
	for _, r := range joinSkel(parts) {
		if n, ok := skelNames[r]; ok {
			out = append(out, n)
		} else {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, "·")
}

// similarity is 1 − edit distance / longer length, over runes. Strings
// are cut at 64 runes: names are shorter, and fuzzed input stays fast.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 {
		ra = ra[:64]
	}
	if len(rb) > 64 {
		rb = rb[:64]
	}
	n := max(len(ra), len(rb))
	if n == 0 {
		return 0
	}
	return 1 - float64(editdist.Levenshtein(ra, rb))/float64(n)
}

func sorted(ws []string) []string { s := slices.Clone(ws); slices.Sort(s); return s }

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }
