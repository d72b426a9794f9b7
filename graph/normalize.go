package graph

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxQueryText is the longest name or search text, in characters, that
// search and matching accept: longer ones are not names, and would only
// make the work expensive.
const MaxQueryText = 200

// CheckQueryText folds a search text or name and rejects one that is not
// valid UTF-8, an empty one or one longer than MaxQueryText, with an error
// wrapping ErrInvalid. U+FFFD, the replacement character, counts as not
// valid: it is what JSON decoders put in place of invalid bytes and lone
// surrogates, so a text that holds it was not valid when it was sent.
func CheckQueryText(what, s string) (string, error) {
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return "", fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalid, what)
	}
	if n := utf8.RuneCountInString(s); n > MaxQueryText {
		return "", fmt.Errorf("%w: %s is %d characters long; at most %d", ErrInvalid, what, n, MaxQueryText)
	}
	folded := Fold(s)
	if folded == "" {
		return "", fmt.Errorf("%w: %s is empty", ErrInvalid, what)
	}
	return folded, nil
}

// Fold normalises a name for lookup: lower case, accents removed from Latin
// letters (Khmer and other scripts keep their combining signs, which carry
// meaning), punctuation turned into spaces, and runs of space collapsed.
// Invalid UTF-8 bytes count as spaces; a combining mark with no letter
// before it is dropped. Fold(Fold(s)) == Fold(s).
// "O'Smach  Resort" and "o smach resort" fold alike; so do "Lý" and "ly".
func Fold(s string) string {
	if f, ok := foldASCII(s); ok {
		return f
	}
	return foldText(s)
}

// foldText is Fold for any text.
func foldText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var base rune
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// accents on Latin letters go; other scripts keep their signs;
			// a mark with no letter before it is noise
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
		default:
			space = true
			base = 0
		}
	}
	return norm.NFC.String(b.String())
}

// foldASCII is Fold for a text of ASCII bytes only (most names and search
// texts), where decomposition and composition change nothing: it returns
// false for any other text. A text already folded is returned as it is.
func foldASCII(s string) (string, bool) {
	folded := true // s is its own fold so far
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case c == ' ' && prev != ' ':
		default:
			folded = false
		}
		prev = c
	}
	if folded && prev != ' ' || s == "" {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		default:
			space = true
		}
	}
	return string(b), true
}
