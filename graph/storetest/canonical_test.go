package storetest

import "testing"

func TestCanonical(t *testing.T) {
	type rec struct {
		List []string
		Ptr  *int
		Note string
	}
	if a, b := Canonical(rec{}), Canonical(rec{List: []string{}}); a != b {
		t.Errorf("nil and empty lists differ: %s vs %s", a, b)
	}
	if a, b := Canonical(rec{Note: "null"}), Canonical(rec{Note: "[]"}); a == b {
		t.Errorf("strings were rewritten: %s", a)
	}
	if a, b := Canonical(rec{List: []string{"x"}}), Canonical(rec{List: []string{"y"}}); a == b {
		t.Errorf("different lists compare equal: %s", a)
	}
}
