package match

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Transliteration into a common Latin space.
//
// Chinese: each Han character is read as its first Mandarin pinyin
// syllable without tones (go-pinyin's table), so 徐爱民 reads "xu ai min".
// Surnames with a special reading (单 Shan, 曾 Zeng) and Cantonese or
// Hokkien romanisations (Chan for 陈) are not recognised: a pinyin match is
// evidence for a review, never for a merge.
//
// Khmer: Khmer names are compared with Latin ones by their consonant
// skeleton. Khmer script writes consonants as base letters with vowels as
// dependent signs, and the romanisations used in the press (UNGEGN-like
// "Ly Yong Phat", French-influenced "Chhay", ad hoc ones) differ mostly in
// their vowels. So both sides are reduced to a sequence of consonant
// classes: every Khmer consonant (subscript ones too) maps to the class of
// its usual romanisation, vowels and diacritics are dropped, nikahit (ំ)
// counts as m; Latin words are read with the same classes (kh, chh, ph, th,
// ng, nh as one consonant, vowels dropped, y and h only at the start of a
// word). លី យ៉ុងផាត់ and "Ly Yong Phat" both give l·y·ŋ·p·t. Two names with
// the same skeleton may still be different names, so a skeleton match is
// never enough to merge.

// Consonant classes, one letter each.
const (
	clsK  = 'k' // k, kh, g, q
	clsNG = 'q' // ng
	clsC  = 'c' // ch, chh, j
	clsNY = 'x' // nh, ny
	clsT  = 't' // t, th, d
	clsN  = 'n'
	clsP  = 'p' // p, ph, b, bh, f
	clsM  = 'm'
	clsY  = 'y'
	clsR  = 'r'
	clsL  = 'l'
	clsV  = 'v' // v, w
	clsS  = 's' // s, sh, x, z
	clsH  = 'h'
)

// khmerConsonants maps the Khmer consonants U+1780..U+17A2 to classes.
// អ (U+17A2) carries a vowel and has no consonant value.
var khmerConsonants = map[rune]rune{
	'ក': clsK, 'ខ': clsK, 'គ': clsK, 'ឃ': clsK, 'ង': clsNG,
	'ច': clsC, 'ឆ': clsC, 'ជ': clsC, 'ឈ': clsC, 'ញ': clsNY,
	'ដ': clsT, 'ឋ': clsT, 'ឌ': clsT, 'ឍ': clsT, 'ណ': clsN,
	'ត': clsT, 'ថ': clsT, 'ទ': clsT, 'ធ': clsT, 'ន': clsN,
	'ប': clsP, 'ផ': clsP, 'ព': clsP, 'ភ': clsP, 'ម': clsM,
	'យ': clsY, 'រ': clsR, 'ល': clsL, 'វ': clsV, 'ឝ': clsS,
	'ឞ': clsS, 'ស': clsS, 'ហ': clsH, 'ឡ': clsL,
	// Independent vowels with a consonant sound.
	'ឫ': clsR, 'ឬ': clsR, 'ឭ': clsL, 'ឮ': clsL,
	// Nikahit: a final nasal, romanised m ("Sam", "Kem").
	'ំ': clsM,
}

// khmerSkeleton reduces Khmer text to its consonant classes.
func khmerSkeleton(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		c, ok := khmerConsonants[r]
		if !ok || c == last {
			continue
		}
		b.WriteRune(c)
		last = c
	}
	return b.String()
}

var latinDigraphs = []struct {
	s   string
	cls rune
}{
	{"chh", clsC}, {"ch", clsC}, {"kh", clsK}, {"gh", clsK}, {"ph", clsP}, {"bh", clsP},
	{"th", clsT}, {"dh", clsT}, {"sh", clsS}, {"zh", clsC}, {"ng", clsNG}, {"nh", clsNY}, {"ny", clsNY},
}

var latinSingles = map[byte]rune{
	'k': clsK, 'g': clsK, 'q': clsK, 'c': clsK, 'j': clsC, 'd': clsT, 't': clsT,
	'n': clsN, 'b': clsP, 'p': clsP, 'f': clsP, 'm': clsM, 'r': clsR, 'l': clsL,
	'v': clsV, 's': clsS, 'x': clsS, 'z': clsS,
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// latinSkeleton reduces one folded Latin word to its consonant classes.
func latinSkeleton(w string) string {
	var b strings.Builder
	var last rune
	emit := func(c rune) {
		if c != last {
			b.WriteRune(c)
			last = c
		}
	}
	for i := 0; i < len(w); {
		matched := false
		for _, d := range latinDigraphs {
			if strings.HasPrefix(w[i:], d.s) {
				emit(d.cls)
				i += len(d.s)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		c := w[i]
		switch {
		case c == 'y' || c == 'w':
			// A consonant only where a word starts with it before a vowel.
			if i == 0 && i+1 < len(w) && isVowel(w[i+1]) {
				if c == 'y' {
					emit(clsY)
				} else {
					emit(clsV)
				}
			}
		case c == 'h':
			if i == 0 {
				emit(clsH)
			}
		case c == 'v' && i > 0 && i == len(w)-1 && isVowel(w[i-1]):
			// A final v after a vowel writes a vowel: "Pov" is ពៅ.
		case isVowel(c):
			// Vowels are dropped; as in Khmer script, two equal
			// consonants around a vowel collapse into one.
		default:
			if cls, ok := latinSingles[c]; ok {
				emit(cls)
			}
		}
		i++
	}
	return b.String()
}

// pinyinArgs reads Han characters as toneless pinyin.
var pinyinArgs = pinyin.Args{Style: pinyin.Normal}

// hanSyllable returns the pinyin of one Han character, or "".
func hanSyllable(r rune) string {
	p := pinyin.SinglePinyin(r, pinyinArgs)
	if len(p) == 0 {
		return ""
	}
	return strings.ReplaceAll(p[0], "v", "u") // lü is written lu in names
}

func isHan(r rune) bool   { return unicode.Is(unicode.Han, r) }
func isKhmer(r rune) bool { return unicode.Is(unicode.Khmer, r) }
