package graph

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
)

// Cursors. A cursor names the listing that issued it and a position in
// that listing: the sort key of the item it follows (EdgeKey, SearchKey,
// RaidKey, a compound's or a source's id). The key does not depend on the
// listing's filter, so a cursor stays a valid position when the filter
// changes; it is a position, not a snapshot. Every store makes its cursors
// here from the same keys, so the stores issue and accept the same cursors.
//
// Before URL-safe base64 (no padding), a cursor is:
//
//	1 byte    the format version, cursorVersion
//	uvarint   the length of the listing's name, then the name (Listing)
//	bytes     the key
//	4 bytes   CRC-32 (IEEE, big-endian) of all the bytes before
//
// A listing reads a cursor back with Listing.After, which refuses, with an
// error wrapping ErrInvalid that names the argument after: a string that
// does not decode, has another version, a wrong checksum or a key of the
// wrong shape for the listing, and a cursor of another listing. The
// checksum is not a signature: cursors are not secrets, and a client that
// builds a well-formed cursor by hand gets the page after that position,
// which is no more than it could ask for. It makes a cursor that was cut
// short or mistyped an error rather than a silently different page.

// cursorVersion is the first byte of every cursor.
const cursorVersion = 1

// Listing names an ordered listing for its cursors: each listing issues
// cursors and accepts only its own.
type Listing string

// The listings. The claims of an entity are RelationshipsOf(id): a cursor
// of one entity's claims is refused by another's.
const (
	ListRaids     Listing = "raids"
	ListCompounds Listing = "compounds"
	ListSources   Listing = "sources"
	ListSearch    Listing = "search"

	relationshipsOf = "relationships/"
)

// RelationshipsOf is the listing of the claims of entity id (Neighbours).
func RelationshipsOf(id string) Listing { return Listing(relationshipsOf + id) }

// String names the listing for messages: "raids", "search results", "the
// relationships of P_SEN".
func (l Listing) String() string {
	if id, ok := strings.CutPrefix(string(l), relationshipsOf); ok {
		return "the relationships of " + id
	}
	if l == ListSearch {
		return "search results"
	}
	return string(l)
}

// Cursor makes the cursor of the item whose sort key is key.
func (l Listing) Cursor(key string) string {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(l)+len(key)+crc32.Size)
	b = append(b, cursorVersion)
	b = binary.AppendUvarint(b, uint64(len(l)))
	b = append(b, l...)
	b = append(b, key...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

// After reads the cursor given as the after argument of the listing: ""
// (no cursor) is "", any other cursor is the sort key to start after.
// Returns an error wrapping ErrInvalid, naming after, for a string that is
// not a cursor of this service and for a cursor of another listing.
func (l Listing) After(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	of, key, ok := readCursor(cursor)
	switch {
	case !ok || !of.validKey(key):
		return "", fmt.Errorf("%w: after: %s is not a cursor this service issued", ErrInvalid, Quote(cursor))
	case of != l:
		return "", fmt.Errorf("%w: after: this cursor is for %s, not %s", ErrInvalid, of, l)
	}
	return key, nil
}

// readCursor splits a cursor into its listing and key; false when it is
// not one (bad base64, version, length or checksum).
func readCursor(cursor string) (Listing, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) < 1+1+crc32.Size || b[0] != cursorVersion {
		return "", "", false
	}
	body, sum := b[:len(b)-crc32.Size], b[len(b)-crc32.Size:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(sum) {
		return "", "", false
	}
	n, w := binary.Uvarint(body[1:])
	if w <= 0 || n == 0 || n > uint64(len(body)-1-w) {
		return "", "", false
	}
	rest := body[1+w:]
	return Listing(rest[:n]), string(rest[n:]), true
}

// validKey reports whether key has the shape of the listing's sort keys
// (the last part, an id, may hold anything but nothing).
func (l Listing) validKey(key string) bool {
	switch {
	case l == ListCompounds || l == ListSources: // the id
		return key != ""
	case l == ListRaids: // RaidKey: the start's ordinal in 8 digits, the id
		ord, id, ok := strings.Cut(key, "\x00")
		return ok && len(ord) == 8 && strings.Trim(ord, "0123456789") == "" && id != ""
	case l == ListSearch: // SearchKey: the rank, the folded name (may be empty), the id
		parts := strings.SplitN(key, "\x00", 3)
		return len(parts) == 3 && (parts[0] == "0" || parts[0] == "1" || parts[0] == "2") && parts[2] != ""
	case strings.HasPrefix(string(l), relationshipsOf) && len(l) > len(relationshipsOf):
		// EdgeKey: the relationship type, the other end's id, the claim id
		parts := strings.SplitN(key, "\x00", 3)
		if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
			return false
		}
		_, known := LookupRel(RelType(parts[0]))
		return known
	}
	return false
}
