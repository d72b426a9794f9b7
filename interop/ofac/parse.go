package ofac

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/patronage/patronage/interop"
)

// The legacy SDN CSV files have no header and fixed columns (OFAC's SDN
// data specification):
//
//	sdn.csv  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
//	         Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
//	alt.csv  ent_num, alt_num, alt_type, alt_name, alt_remarks
//	add.csv  ent_num, add_num, address, city/state/province/postal code,
//	         country, add_remarks
//	sdn_comments.csv (optional)  ent_num, remarks continued
//
// "-0-" (often followed by a space) marks an empty field. The files may
// end with a line holding only the DOS end-of-file character (0x1A).

// SDN is one row of sdn.csv.
type SDN struct {
	Line     int
	EntNum   int
	Name     string
	Type     string   // "individual", "vessel", "aircraft", or "" for an entity
	Programs []string // "SDGT] [SYRIA" gives SDGT and SYRIA
	Title    string
	Remarks  string // as published (not trimmed: see raw)
}

// Alt is one row of alt.csv: another name of an SDN entry.
type Alt struct {
	Line    int
	EntNum  int
	AltNum  int
	Type    string // "aka", "fka", "nka"
	Name    string
	Remarks string
}

// Addr is one row of add.csv: an address of an SDN entry.
type Addr struct {
	Line    int
	EntNum  int
	AddNum  int
	Address string
	City    string // city, state or province, postal code
	Country string
	Remarks string
}

// Comment is one row of sdn_comments.csv: remarks that did not fit in
// sdn.csv's 1,000 characters, continuing them exactly where they were cut.
type Comment struct {
	Line    int
	EntNum  int
	Remarks string // as published (not trimmed: see raw)
}

// ParseSDN reads sdn.csv. It returns every row, or an error joining every
// malformed one as "name:line: what is wrong".
func ParseSDN(r io.Reader, name string) ([]SDN, error) {
	var out []SDN
	var probs interop.Problems
	seen := map[int]int{}
	err := rows(r, name, 12, &probs, func(line int, f []string) {
		ent, ok := entNum(f[0], name, line, &probs)
		if !ok {
			return
		}
		if prev, dup := seen[ent]; dup {
			probs.Add(fmt.Sprintf("%s:%d", name, line), "ent_num %d is listed twice (first at line %d)", ent, prev)
			return
		}
		seen[ent] = line
		s := SDN{Line: line, EntNum: ent, Name: field(f[1]), Type: strings.ToLower(field(f[2])), Title: field(f[4]), Remarks: raw(f[11])}
		where := fmt.Sprintf("%s:%d", name, line)
		switch s.Type {
		case "", "individual", "vessel", "aircraft":
		default:
			probs.Add(where, "SDN_Type %q is not individual, vessel, aircraft or -0- (an entity)", f[2])
		}
		if s.Name == "" {
			probs.Add(where, "ent_num %d has no SDN_Name", ent)
		}
		for _, p := range strings.Split(strings.Trim(field(f[3]), "[] "), "]") {
			if p = strings.Trim(p, "[] "); p != "" {
				s.Programs = append(s.Programs, p)
			}
		}
		if len(s.Programs) == 0 {
			probs.Add(where, "ent_num %d has no Program", ent)
		}
		out = append(out, s)
	})
	return out, errors.Join(err, probs.Err())
}

// ParseAlt reads alt.csv.
func ParseAlt(r io.Reader, name string) ([]Alt, error) {
	var out []Alt
	var probs interop.Problems
	err := rows(r, name, 5, &probs, func(line int, f []string) {
		ent, ok1 := entNum(f[0], name, line, &probs)
		num, ok2 := number(f[1], "alt_num", name, line, &probs)
		a := Alt{Line: line, EntNum: ent, AltNum: num, Type: strings.ToLower(field(f[2])), Name: field(f[3]), Remarks: field(f[4])}
		if a.Name == "" {
			probs.Add(fmt.Sprintf("%s:%d", name, line), "alt_num %d has no alt_name", num)
			return
		}
		if ok1 && ok2 {
			out = append(out, a)
		}
	})
	return out, errors.Join(err, probs.Err())
}

// ParseAdd reads add.csv.
func ParseAdd(r io.Reader, name string) ([]Addr, error) {
	var out []Addr
	var probs interop.Problems
	err := rows(r, name, 6, &probs, func(line int, f []string) {
		ent, ok1 := entNum(f[0], name, line, &probs)
		num, ok2 := number(f[1], "add_num", name, line, &probs)
		if ok1 && ok2 {
			out = append(out, Addr{Line: line, EntNum: ent, AddNum: num, Address: field(f[2]), City: field(f[3]),
				Country: field(f[4]), Remarks: field(f[5])})
		}
	})
	return out, errors.Join(err, probs.Err())
}

// ParseComments reads sdn_comments.csv.
func ParseComments(r io.Reader, name string) ([]Comment, error) {
	var out []Comment
	var probs interop.Problems
	err := rows(r, name, 2, &probs, func(line int, f []string) {
		if ent, ok := entNum(f[0], name, line, &probs); ok {
			out = append(out, Comment{Line: line, EntNum: ent, Remarks: raw(f[1])})
		}
	})
	return out, errors.Join(err, probs.Err())
}

// rows reads CSV records of n fields and hands each to fn with its line.
// A record that is not CSV stops the file (what follows cannot be read
// reliably); a record with the wrong number of fields is reported and
// skipped.
func rows(r io.Reader, name string, n int, probs *interop.Problems, fn func(line int, f []string)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs.Add(fmt.Sprintf("%s:%d", name, pe.Line), "malformed CSV: %v", pe.Err)
				return nil
			}
			return fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t") == "" {
			continue // blank line or the DOS end-of-file mark
		}
		if len(rec) != n {
			probs.Add(fmt.Sprintf("%s:%d", name, line), "%d fields, want %d", len(rec), n)
			continue
		}
		if i := slices.IndexFunc(rec, func(f string) bool { return !utf8.ValidString(f) }); i >= 0 {
			probs.Add(fmt.Sprintf("%s:%d", name, line), "field %d is not UTF-8 text (convert the file to UTF-8)", i+1)
			continue
		}
		fn(line, rec)
	}
}

// raw turns OFAC's empty mark "-0-" into "" and leaves any other value as
// published: remarks longer than 1,000 characters are cut there, mid-word
// or after a space, and continue in sdn_comments.csv, so the white space at
// either side of the cut is part of the text.
func raw(s string) string {
	if strings.TrimSpace(s) == "-0-" {
		return ""
	}
	return s
}

// field trims a value and turns OFAC's empty mark "-0-" into "".
func field(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

func entNum(s, name string, line int, probs *interop.Problems) (int, bool) {
	return number(s, "ent_num", name, line, probs)
}

func number(s, col, name string, line int, probs *interop.Problems) (int, bool) {
	n, err := strconv.Atoi(field(s))
	if err != nil || n <= 0 {
		probs.Add(fmt.Sprintf("%s:%d", name, line), "%s %q is not a positive whole number", col, s)
		return 0, false
	}
	return n, true
}
