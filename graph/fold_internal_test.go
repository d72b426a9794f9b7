package graph

import (
	"math/rand/v2"
	"testing"
)

// TestFoldASCII: the ASCII fast path folds every ASCII text exactly as the
// general one does, and leaves other texts to it.
func TestFoldASCII(t *testing.T) {
	texts := []string{"", " ", "a", "A", "kalo", "Synthetic kalo chan 14977", "  O'Smach  Resort ", "o smach resort",
		"ly", "a  b", "a b ", " a b", "Huione\tPay", "x-1_2.3", "\x00\x7f", "ÁB", "Lý", "ក្រុម"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZz09 -'\t.\x01~A"
	for range 5000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		got, ok := foldASCII(s)
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < 0x80
		}
		if ok != ascii {
			t.Fatalf("foldASCII(%q) ok = %v, want %v", s, ok, ascii)
		}
		if want := foldText(s); ok && got != want {
			t.Fatalf("foldASCII(%q) = %q, foldText gives %q", s, got, want)
		}
		if Fold(s) != foldText(s) {
			t.Fatalf("Fold(%q) = %q, foldText gives %q", s, Fold(s), foldText(s))
		}
	}
}

// BenchmarkFold: Fold, and its general path on the same texts (what an
// ASCII text cost before it had a path of its own).
func BenchmarkFold(b *testing.B) {
	for _, s := range []string{"Synthetic kalo chan 14977", "synthetic kalo chan 14977", "Lý Yong Phat"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				Fold(s)
			}
		})
		b.Run("general/"+s, func(b *testing.B) {
			for b.Loop() {
				foldText(s)
			}
		})
	}
}
