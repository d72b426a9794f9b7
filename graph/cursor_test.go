package graph

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

// TestCursorRoundTrip: each listing reads back the keys of its own cursors.
func TestCursorRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		list Listing
		key  string
	}{
		{ListRaids, RaidKey(Raid{ID: "R_FX_1", Period: Period{Start: MustDate("2025-07-14")}})},
		{ListRaids, RaidKey(Raid{ID: "R_UNDATED"})},
		{ListCompounds, "C_A"},
		{ListSources, "S_FX_NEWS"},
		{ListSearch, SearchKey(SearchHit{Entity: Entity{ID: "P_SEN", Name: "Ōkna Alpha Senator"}, Rank: 1})},
		{ListSearch, SearchKey(SearchHit{Entity: Entity{ID: "X", Name: "!!"}, Rank: 2})}, // a name that folds to nothing
		{RelationshipsOf("P_SEN"), EdgeKey(Edge{Claim: Claim{ID: "CL_01", Type: RelHoldsPosition, From: "P_SEN", To: "POS_SEN"}, Other: "POS_SEN", Outgoing: true})},
	} {
		c := tc.list.Cursor(tc.key)
		if got, err := tc.list.After(c); err != nil || got != tc.key {
			t.Errorf("%s: After(Cursor(%q)) = %q, %v", tc.list, tc.key, got, err)
		}
		if strings.ContainsAny(c, "+/=") {
			t.Errorf("%s: cursor %q is not URL-safe unpadded base64", tc.list, c)
		}
	}
	if got, err := ListRaids.After(""); got != "" || err != nil {
		t.Errorf(`After("") = %q, %v; want no cursor`, got, err)
	}
}

// TestEdgeCursor: an edge's cursor is the one of its entity's listing,
// whichever end of the claim the entity is.
func TestEdgeCursor(t *testing.T) {
	c := Claim{ID: "CL_02", Type: RelFamilyOf, From: "P_KID", To: "P_SEN"}
	out, in := Edge{Claim: c, Other: "P_SEN", Outgoing: true}, Edge{Claim: c, Other: "P_KID"}
	if _, err := RelationshipsOf("P_KID").After(out.Cursor()); err != nil {
		t.Errorf("P_KID's outgoing edge: %v", err)
	}
	if _, err := RelationshipsOf("P_SEN").After(in.Cursor()); err != nil {
		t.Errorf("P_SEN's incoming edge: %v", err)
	}
	if _, err := RelationshipsOf("P_SEN").After(out.Cursor()); !errors.Is(err, ErrInvalid) {
		t.Errorf("P_KID's edge on P_SEN: error %v, want ErrInvalid", err)
	}
}

// rawCursor builds a cursor from its parts, with a correct checksum unless
// badSum, to reach the checks behind the checksum.
func rawCursor(version byte, list, key string, badSum bool) string {
	b := append([]byte{version}, binary.AppendUvarint(nil, uint64(len(list)))...)
	b = append(append(b, list...), key...)
	sum := crc32.ChecksumIEEE(b)
	if badSum {
		sum++
	}
	return base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint32(b, sum))
}

// TestCursorRefused: what a listing refuses, and what the error says.
func TestCursorRefused(t *testing.T) {
	raid := ListRaids.Cursor("20250714\x00R_FX_1")
	for _, tc := range []struct {
		name   string
		list   Listing
		cursor string
		msg    string
	}{
		{"not base64", ListRaids, "!!", `after: "!!" is not a cursor this service issued`},
		{"padded base64", ListRaids, raid + "=", "is not a cursor this service issued"},
		{"an id in base64", ListCompounds, base64.RawURLEncoding.EncodeToString([]byte("C_A")), "is not a cursor this service issued"},
		{"the old bare key", ListRaids, base64.RawURLEncoding.EncodeToString([]byte("20250714\x00R_FX_1")), "is not a cursor this service issued"},
		{"cut short", ListRaids, raid[:len(raid)-1], "is not a cursor this service issued"},
		{"wrong checksum", ListRaids, rawCursor(cursorVersion, "raids", "20250714\x00R_FX_1", true), "is not a cursor this service issued"},
		{"another version", ListRaids, rawCursor(2, "raids", "20250714\x00R_FX_1", false), "is not a cursor this service issued"},
		{"name longer than the cursor", ListRaids, base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint32([]byte{1, 200, 'r'}, crc32.ChecksumIEEE([]byte{1, 200, 'r'}))), "is not a cursor this service issued"},
		{"unknown listing", ListRaids, rawCursor(cursorVersion, "claims", "CL_01", false), "is not a cursor this service issued"},
		{"empty key", ListCompounds, rawCursor(cursorVersion, "compounds", "", false), "is not a cursor this service issued"},
		{"raid key without a date", ListRaids, rawCursor(cursorVersion, "raids", "R_FX_1", false), "is not a cursor this service issued"},
		{"raid key with a short date", ListRaids, rawCursor(cursorVersion, "raids", "2025\x00R_FX_1", false), "is not a cursor this service issued"},
		{"search key with rank 3", ListSearch, rawCursor(cursorVersion, "search", "3\x00a\x00C_A", false), "is not a cursor this service issued"},
		{"edge key of an unknown type", RelationshipsOf("P_SEN"), rawCursor(cursorVersion, "relationships/P_SEN", "loves\x00P_KID\x00CL_02", false), "is not a cursor this service issued"},
		{"relationships of nobody", RelationshipsOf(""), rawCursor(cursorVersion, "relationships/", "owns\x00O_TOP\x00CL_11", false), "is not a cursor this service issued"},
		{"raids cursor on sources", ListSources, raid, "after: this cursor is for raids, not sources"},
		{"search cursor on compounds", ListCompounds, ListSearch.Cursor("1\x00alpha park\x00C_A"), "after: this cursor is for search results, not compounds"},
		{"compounds cursor on sources", ListSources, ListCompounds.Cursor("C_A"), "after: this cursor is for compounds, not sources"},
		{"another entity's relationships", RelationshipsOf("O_HOLD"), RelationshipsOf("P_SEN").Cursor("owns\x00O_TOP\x00CL_11"),
			"after: this cursor is for the relationships of P_SEN, not the relationships of O_HOLD"},
	} {
		_, err := tc.list.After(tc.cursor)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error = %v, want ErrInvalid saying %q", tc.name, err, tc.msg)
		}
	}
}

func TestTextFilter(t *testing.T) {
	for _, tc := range []struct {
		text  string
		on    bool
		err   bool
		admit map[string]bool // folded values
	}{
		{"", false, false, map[string]bool{"north": true, "": true}},
		{"North", true, false, map[string]bool{"north": true, "": false, "north east": false}},
		{" NÓRTH ", true, false, map[string]bool{"north": true}},
		{"'", true, false, map[string]bool{"": false, "north": false}},
		{"%", true, false, map[string]bool{"": false}},
		{".*", true, false, map[string]bool{"": false, "north": false}},
		{"n%", true, false, map[string]bool{"n": true, "north": false}},
		{" ", false, true, nil},
		{"\t\n", false, true, nil},
		{"\u00a0", false, true, nil},
	} {
		f, err := NewTextFilter("filter.province", tc.text)
		if tc.err {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "filter.province is blank") {
				t.Errorf("NewTextFilter(%q) error = %v, want ErrInvalid naming filter.province", tc.text, err)
			}
			continue
		}
		if err != nil || f.On != tc.on {
			t.Errorf("NewTextFilter(%q) = %+v, %v", tc.text, f, err)
		}
		for v, want := range tc.admit {
			if got := f.Admits(v); got != want {
				t.Errorf("NewTextFilter(%q).Admits(%q) = %v, want %v", tc.text, v, got, want)
			}
		}
	}
	if err := CheckFilterText("filter.province", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf(`CheckFilterText("") = %v, want ErrInvalid`, err)
	}
}

// FuzzCursor: reading any string as a cursor never panics, a cursor read
// is issued again as one that reads the same, and a listing reads back
// every well-formed key of its own.
func FuzzCursor(f *testing.F) {
	f.Add("", "raids", "20250714\x00R_FX_1")
	f.Add(ListCompounds.Cursor("C_A"), "compounds", "C_A")
	f.Add(RelationshipsOf("P_SEN").Cursor("owns\x00O_TOP\x00CL_11"), "relationships/P_SEN", "owns\x00O_TOP\x00CL_11")
	f.Add("AQVyYWlkczIwMjUwNzE0AFIwOSyfWlM", "search", "1\x00\x00C_A")
	f.Fuzz(func(t *testing.T, cursor, list, key string) {
		l := Listing(list)
		if got, err := l.After(cursor); err == nil && cursor != "" {
			if again, err := l.After(l.Cursor(got)); err != nil || again != got {
				t.Errorf("%s: key %q read from %q reads back as %q, %v", l, got, cursor, again, err)
			}
		}
		got, err := l.After(l.Cursor(key))
		if l.validKey(key) != (err == nil) || (err == nil && got != key) {
			t.Errorf("%s: After(Cursor(%q)) = %q, %v (valid key: %v)", l, key, got, err, l.validKey(key))
		}
	})
}
