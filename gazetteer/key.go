package gazetteer

import (
	"github.com/patronage/patronage/internal/editdist"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// key is a place name read for comparison.
type key struct {
	// folded is the name in lower case without accents, punctuation or the
	// words that only say what kind of unit it is ("Sangkat Bei" → "bei"),
	// numbers spelled as Khmer romanization spells them ("1" → "muoy").
	folded string
	// skel is folded's consonant skeleton, joined across spaces: what stays
	// the same between the romanizations of one Khmer name ("Tuol Kouk",
	// "Toul Kork" → "tlkk"; "Paoy Paet", "Poipet" → "ppt").
	skel string
}

// typeWords say what kind of unit a name is, not which one; "ti" and "lekh"
// mark an ordinal ("Phsar Depou Ti Muoy", "Lekh Bei").
var typeWords = map[string]bool{
	"province": true, "khett": true, "khet": true, "capital": true, "municipality": true,
	"district": true, "srok": true, "khan": true, "krong": true, "city": true, "town": true,
	"commune": true, "khum": true, "sangkat": true, "village": true, "phum": true,
	"ti": true, "lekh": true,
}

// numbers as the official list spells them.
var numbers = map[string]string{
	"1": "muoy", "2": "pir", "3": "bei", "4": "buon", "5": "pram",
	"6": "pram muoy", "7": "pram pir", "8": "pram bei", "9": "pram buon", "10": "dap",
}

func keyOf(name string) key {
	var words []string
	for _, w := range strings.Fields(fold(name)) {
		if typeWords[w] {
			continue
		}
		if n, ok := numbers[w]; ok {
			words = append(words, strings.Fields(n)...)
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 { // the name is only a type word: keep it
		words = strings.Fields(fold(name))
	}
	var skel strings.Builder
	for _, w := range words {
		skel.WriteString(skeleton(w))
	}
	return key{folded: strings.Join(words, " "), skel: skel.String()}
}

func (k key) empty() bool { return k.folded == "" }

// like reports whether two names are the same name spelled differently. A
// skeleton of fewer than two letters says too little to decide on.
func (k key) like(q key) bool {
	if k.folded == q.folded {
		return !k.empty()
	}
	return len(k.skel) >= 2 && k.skel == q.skel
}

// similarity in [0, 1]: how alike the skeletons, or the folded names when
// either has no skeleton, are by edit distance.
func (k key) similarity(q key) float64 {
	a, b := k.skel, q.skel
	if len(a) < 2 || len(b) < 2 {
		a, b = k.folded, q.folded
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n == 0 {
		return 0
	}
	return 1 - float64(editdist.Levenshtein(ra, rb))/float64(n)
}

// fold lowers case and drops accents on Latin letters and every character
// that is not a letter or a digit; Khmer keeps its signs.
func fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	var b strings.Builder
	space := false
	var base rune
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if base == 0 || unicode.Is(unicode.Latin, base) {
				continue
			}
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			base = r
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’': // "S'ang", "Ou Baek K'am": one word
		default:
			space = true
			base = 0
		}
	}
	return norm.NFC.String(b.String())
}

// skeleton keeps a Latin word's consonants as Khmer romanizations agree on
// them: vowels, y, w and h (aspiration, final h) go; d is t, b is p, g is k,
// j is c; an r after a vowel (Kork/Kouk, Pir/Pi, Pursat/Pousat) goes.
// Words in other scripts are kept whole.
func skeleton(w string) string {
	rs := []rune(w)
	var out []rune
	for i, r := range rs {
		if r > unicode.MaxASCII {
			return w
		}
		switch r {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'h':
			continue
		case 'd':
			r = 't'
		case 'b':
			r = 'p'
		case 'g':
			r = 'k'
		case 'j':
			r = 'c'
		case 'r':
			if i > 0 && strings.ContainsRune("aeiouy", rs[i-1]) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// foldASCII is fold for a name in plain ASCII, without normalizing.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		case c == '\'':
		default:
			space = true
		}
	}
	return string(b)
}
