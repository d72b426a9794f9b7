// Package seeds holds the curated dataset (the CSV files in this directory,
// described in README.md) and owns its format: Load reads it, or any
// directory in the same format, into a graph.Dataset, reporting every
// problem at once as "file:line: what is wrong"; Write and ReplaceDir
// write a dataset in it (write.go).
package seeds

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

//go:embed *.csv
var embedded embed.FS

// Embedded returns the curated dataset shipped in the binary.
func Embedded() fs.FS { return embedded }

// The files and their columns, in order.
var columns = map[string][]string{
	"sources.csv":       {"id", "kind", "publisher", "published", "url", "title", "note"},
	"people.csv":        {"id", "name", "aliases", "country", "note"},
	"organizations.csv": {"id", "org_kind", "name", "aliases", "country", "province", "place", "note"},
	"compounds.csv":     {"id", "name", "aliases", "country", "province", "district", "commune", "place", "lat", "lon", "status", "status_date", "status_claim", "status_sources", "note"},
	"positions.csv":     {"id", "name", "country", "note"},
	"documents.csv":     {"id", "name", "note"},
	"claims.csv":        {"id", "from", "type", "to", "relation", "status", "start", "end", "sources", "note"},
	"raids.csv":         {"id", "start", "end", "province", "district", "commune", "place", "site", "agency", "detained", "breakdown", "women", "nationalities", "outcomes", "status", "sources", "note"},
	"designations.csv":  {"id", "target", "authority", "program", "date", "status", "sources", "note"},
	"statements.csv":    {"id", "subject", "topic", "text", "date", "status", "sources", "note"},
}

// optional are columns a file may have after its own: a file written
// before they were added still loads, with them empty. Columns and the
// writer (Write) include them.
var optional = map[string][]string{
	// on_or_before: for a designation whose date is unknown, the date it is
	// known to have been made by (the date of the list that carries it).
	"designations.csv": {"on_or_before"},
}

// ExternalIDsFile is the optional file of ids in other systems
// (FollowTheMoney, OFAC): columns id,external_id, one row per pair.
const ExternalIDsFile = "external_ids.csv"

// Files lists the dataset's required files in the order they are read.
func Files() []string {
	return []string{"sources.csv", "people.csv", "organizations.csv", "compounds.csv", "positions.csv",
		"documents.csv", "claims.csv", "raids.csv", "designations.csv", "statements.csv"}
}

// Columns returns the header of one of the dataset's files, with its
// optional columns.
func Columns(file string) []string { return slices.Concat(columns[file], optional[file]) }

// Load reads the dataset from fsys. prefix is prepended to file names in
// error messages (e.g. "seeds"). It returns the dataset and nil, or nil and
// an error joining every problem found (each a graph.Problem wrapping
// graph.ErrInvalid, placed "file:line" or, for a missing file, "file").
//
// Every file is read and checked even when another is broken. A file that
// cannot be read completely (missing, empty, a wrong header, or malformed
// CSV: reading resumes on the next record, but the records the error
// swallowed are lost) keeps the rows that could be read, and those are
// checked; but references from other rows to the ids its table holds
// (entities or sources) are not, since the missing ids may be in the part
// that could not be read: one line at the file's first problem says how
// many references were left unchecked.
func Load(fsys fs.FS, prefix string) (*graph.Dataset, error) {
	l := &loader{prefix: prefix, pos: map[string][]string{}, sub: map[int][]string{}, first: map[int][]string{},
		badRows: map[string]bool{}, partial: map[string][]string{}, partialAt: map[string]string{}, unchecked: map[string]int{}}
	var raw [][]byte
	for _, name := range Files() {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				l.unreadable(name, l.file(name), "missing file (every dataset has %s)", strings.Join(Files(), ", "))
				continue
			}
			return nil, fmt.Errorf("read %s: %w", l.file(name), err)
		}
		raw = append(raw, []byte(name), b)
		l.read(name, b)
	}
	l.externalIDs(fsys)
	var joined interface{ Unwrap() []error }
	if err := l.d.Check(l.locate); errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			var p graph.Problem
			switch {
			case !errors.As(e, &p):
			case p.Missing && l.badRows[p.Where]:
				continue // the unreadable value was reported already
			case p.Unknown != "" && len(l.partial[p.Unknown]) > 0:
				l.unchecked[p.Unknown]++
				continue // the id may be in the part that could not be read
			}
			l.errs = append(l.errs, e)
		}
	}
	l.reportUnchecked()
	if len(l.errs) > 0 {
		slices.SortStableFunc(l.errs, l.byPlace)
		return nil, errors.Join(l.errs...)
	}
	l.d.Version = graph.ContentVersion(raw...)
	return &l.d, nil
}

type loader struct {
	prefix string
	d      graph.Dataset
	errs   []error
	pos    map[string][]string // table → "file:line" per record
	sub    map[int][]string    // raid index → "file:line" per account
	first  map[int][]string    // raid index → the raid fields of its first row
	// partial: table of Dataset.Check → its files that could not be read
	// completely, in reading order; partialAt: file → where its first
	// such problem was reported; unchecked: table → references to it
	// left unchecked because of them.
	partial   map[string][]string
	partialAt map[string]string
	unchecked map[string]int
	badRows   map[string]bool // "file:line" of rows with a problem already reported
}

// tableOf names the table of Dataset.Check that a dataset file fills.
func tableOf(file string) string {
	switch file {
	case "people.csv", "organizations.csv", "compounds.csv", "positions.csv", "documents.csv":
		return "entities"
	}
	return strings.TrimSuffix(file, ".csv")
}

// unreadable reports a problem that keeps file from being read completely.
func (l *loader) unreadable(file, where, format string, args ...any) {
	l.problem(where, format, args...)
	if _, seen := l.partialAt[file]; seen {
		return
	}
	l.partialAt[file] = where
	t := tableOf(file)
	l.partial[t] = append(l.partial[t], file)
}

// reportUnchecked says, at the first problem of the first file of a table
// that could not be read completely, how many references to that table
// were not checked.
func (l *loader) reportUnchecked() {
	for _, t := range []string{"sources", "entities"} {
		n := l.unchecked[t]
		if n == 0 {
			continue
		}
		files := make([]string, len(l.partial[t]))
		for i, f := range l.partial[t] {
			files[i] = l.file(f)
		}
		refs := "references to %s were"
		if n == 1 {
			refs = "reference to %s was"
		}
		l.problem(l.partialAt[l.partial[t][0]], "%d "+refs+" not checked, since %s could not be read completely",
			n, t, strings.Join(files, ", "))
	}
}

func (l *loader) file(name string) string {
	if l.prefix == "" {
		return name
	}
	return path.Join(l.prefix, name)
}

func (l *loader) problem(where, format string, args ...any) {
	l.badRows[where] = true
	l.errs = append(l.errs, graph.Problem{Where: where, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) locate(r graph.Record) string {
	if r.Table == "raids" && r.Sub > 0 {
		if s := l.sub[r.Index]; r.Sub < len(s) {
			return s[r.Sub]
		}
	}
	if p := l.pos[r.Table]; r.Index < len(p) {
		return p[r.Index]
	}
	return fmt.Sprintf("%s[%d]", r.Table, r.Index)
}

// byPlace orders problems by file (in Files order), then line.
func (l *loader) byPlace(a, b error) int {
	key := func(e error) (int, int) {
		var p graph.Problem
		if !errors.As(e, &p) {
			return len(columns), 0
		}
		where, lineStr, _ := strings.Cut(strings.TrimPrefix(p.Where, l.file("")), ":")
		file := slices.Index(Files(), strings.TrimPrefix(where, "/"))
		if file < 0 {
			file = len(Files()) // external_ids.csv, read last
		}
		line, _ := strconv.Atoi(lineStr)
		return file, line
	}
	fa, la := key(a)
	fb, lb := key(b)
	if fa != fb {
		return fa - fb
	}
	return la - lb
}

// row is one CSV record with its place, giving fields by column name and
// collecting the problems of converting them.
type row struct {
	l     *loader
	where string
	get   map[string]string
}

func (r row) s(col string) string { return strings.TrimSpace(r.get[col]) }

func (r row) bad(format string, args ...any) { r.l.problem(r.where, format, args...) }

func (r row) list(col string) []string {
	v := r.s(col)
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// place finds the gazetteer unit of a location: the code in the place
// column, checked against the text (gazetteer.Check), or else the unit the
// text names (gazetteer.Resolve). No text and no code is no place.
func (r row) place(t gazetteer.Text) string {
	code := r.s("place")
	if code == "" && t.Empty() {
		return ""
	}
	g, err := gazetteer.Default()
	if err != nil {
		r.bad("place: %v", err)
		return ""
	}
	var u gazetteer.Unit
	if code != "" {
		u, err = g.Check(code, t)
	} else {
		u, err = g.Resolve(t)
	}
	if err != nil {
		r.bad("place: %v", err)
		return ""
	}
	return u.Code
}

// raidPlaces finds a raid's units: one per province when it covers several
// (then it names no district or commune), else one per district the
// district column lists ("A; B"), else one. The place column gives their
// codes in the same order, or nothing.
func (r row) raidPlaces(rd graph.Raid) []string {
	var texts []gazetteer.Text
	switch {
	case len(rd.Provinces) > 1:
		if rd.District != "" || rd.Commune != "" {
			r.bad("place: a raid over several provinces (%s) names no district or commune", strings.Join(rd.Provinces, ", "))
			return nil
		}
		for _, p := range rd.Provinces {
			texts = append(texts, gazetteer.Text{Province: p})
		}
	case strings.Contains(rd.District, ";"):
		if len(rd.Provinces) == 0 {
			r.bad("place: a raid over several districts (%s) names their province", rd.District)
			return nil
		}
		if rd.Commune != "" {
			r.bad("place: a raid over several districts (%s) names no commune", rd.District)
			return nil
		}
		for _, d := range strings.Split(rd.District, ";") {
			texts = append(texts, gazetteer.Text{Province: rd.Provinces[0], District: strings.TrimSpace(d)})
		}
	case len(rd.Provinces) == 1:
		texts = append(texts, gazetteer.Text{Province: rd.Provinces[0], District: rd.District, Commune: rd.Commune})
	}
	codes := r.list("place")
	if len(codes) > 0 && len(codes) != len(texts) {
		r.bad("place: %d codes for %d places (one per province, or per district when the district column lists several)", len(codes), len(texts))
		return nil
	}
	var out []string
	for i, t := range texts {
		one := row{l: r.l, where: r.where, get: map[string]string{"place": ""}}
		if len(codes) > 0 {
			one.get["place"] = codes[i]
		}
		if code := one.place(t); code != "" {
			out = append(out, code)
		}
	}
	return out
}

func (r row) date(col string) graph.Date {
	d, err := graph.ParseDate(r.s(col))
	if err != nil {
		r.bad("%s: %v", col, unwrapMsg(err))
	}
	return d
}

func (r row) status(col string) graph.ClaimStatus {
	if r.s(col) == "" {
		r.bad("%s: missing claim status (official_record, reported, alleged, disputed or denied)", col)
		return 0
	}
	st, err := graph.ParseClaimStatus(r.s(col))
	if err != nil {
		r.bad("%s: %v", col, unwrapMsg(err))
	}
	return st
}

func (r row) count(col string) *graph.Count {
	if r.s(col) == "" {
		return nil
	}
	c, err := graph.ParseCount(r.s(col))
	if err != nil {
		r.bad("%s: %v", col, unwrapMsg(err))
		return nil
	}
	return &c
}

// float reads an optional number; given says whether the field was filled
// in (even if it was not a number, which is reported).
func (r row) float(col string) (f float64, given, ok bool) {
	if r.s(col) == "" {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(r.s(col), 64)
	if err != nil {
		r.bad("%s: %q is not a number", col, r.s(col))
		return 0, true, false
	}
	return f, true, true
}

// withoutPlace is a header without its place column, which is optional.
func withoutPlace(cols []string) []string {
	return slices.DeleteFunc(slices.Clone(cols), func(c string) bool { return c == "place" })
}

// unwrapMsg drops the "invalid: " prefix the sentinel adds.
func unwrapMsg(err error) string {
	return strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": ")
}

func (l *loader) read(name string, b []byte) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	want := columns[name]
	header, err := cr.Read()
	switch {
	case err == io.EOF:
		l.unreadable(name, l.file(name)+":1", "empty file: want the header %s", strings.Join(want, ","))
		return
	case err != nil:
		l.malformed(name, b, want, header, err)
		return
	case !slices.Equal(trimAll(header), want) && slices.Equal(trimAll(header), withoutPlace(want)):
		want = withoutPlace(want) // a dataset from before places: every place is found from its text
	case len(optional[name]) > 0 && slices.Equal(trimAll(header), Columns(name)):
		want = Columns(name)
	case !slices.Equal(trimAll(header), want):
		line, _ := cr.FieldPos(0) // a record read without error has a field
		if len(optional[name]) > 0 {
			want = Columns(name)
		}
		l.unreadable(name, fmt.Sprintf("%s:%d", l.file(name), line), "header is %s, want %s", strings.Join(header, ","), strings.Join(want, ","))
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			if !l.malformed(name, b, want, rec, err) {
				return
			}
			continue // the reader resumes on the line after the error
		}
		line, _ := cr.FieldPos(0) // a record read without error has a field
		where := fmt.Sprintf("%s:%d", l.file(name), line)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(want) {
			if end := line + strings.Count(strings.Join(rec, ""), "\n"); end > line {
				// a quote opened a field that ran on over the lines of
				// other records, which are lost
				l.unreadable(name, where, "%d fields, want %d (%s); the record runs on to line %d: a field's quotes are probably not paired",
					len(rec), len(want), strings.Join(want, ","), end)
				continue
			}
			l.problem(where, "%d fields, want %d (%s)", len(rec), len(want), strings.Join(want, ","))
			continue
		}
		r := row{l: l, where: where, get: map[string]string{}}
		for i, c := range want {
			r.get[c] = rec[i]
		}
		l.record(name, r)
	}
}

// malformed reports a CSV syntax error in file (contents b, columns cols),
// with rec the fields read before it, at the line where the record starts.
// It reports whether reading can go on: encoding/csv resumes on the line
// after a syntax error.
func (l *loader) malformed(file string, b []byte, cols, rec []string, err error) bool {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		l.unreadable(file, l.file(file), "%v", err)
		return false
	}
	field := fmt.Sprintf("field %d", len(rec)+1)
	if len(rec) < len(cols) {
		field += " (" + cols[len(rec)] + ")"
	}
	at := fmt.Sprintf("column %d", pe.Column)
	if pe.Line != pe.StartLine {
		at = fmt.Sprintf("line %d, column %d", pe.Line, pe.Column)
	}
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = fmt.Sprintf("%v at %s (quote the whole field and double the quote: \"a \"\"b\"\" c\")", pe.Err, at)
	case errors.Is(pe.Err, csv.ErrQuote) && !quoteAt(b, pe.Line, pe.Column):
		// encoding/csv reports an unclosed quote where the file ends
		msg = fmt.Sprintf("the quote that opens it is never closed, so everything to the end of the file (line %d) was read into it", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		msg = fmt.Sprintf("the quote that opens it is not closed on its line, so the field ran on to a stray \" at %s, reading everything between into it", at)
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = fmt.Sprintf("%v at %s (inside a quoted field, write a quote as \"\")", pe.Err, at)
	default:
		msg = fmt.Sprintf("%v at %s", pe.Err, at)
	}
	l.unreadable(file, fmt.Sprintf("%s:%d", l.file(file), pe.StartLine), "malformed CSV in %s: %s", field, msg)
	return true
}

// quoteAt reports whether b has a double quote at line and column (both
// counted from 1, column in bytes, as csv.ParseError counts them).
func quoteAt(b []byte, line, col int) bool {
	for ; line > 1; line-- {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return false
		}
		b = b[i+1:]
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return col >= 1 && col <= len(b) && b[col-1] == '"'
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	}
	return out
}

func (l *loader) add(table string, r row) { l.pos[table] = append(l.pos[table], r.where) }

func (l *loader) record(file string, r row) {
	switch file {
	case "sources.csv":
		kind, err := graph.ParseSourceKind(r.s("kind"))
		if err != nil {
			r.bad("kind: %v", unwrapMsg(err))
		}
		l.d.Sources = append(l.d.Sources, graph.Source{ID: r.s("id"), Kind: kind, Publisher: r.s("publisher"),
			Published: r.date("published"), URL: r.s("url"), Title: r.s("title"), Note: r.s("note")})
		l.add("sources", r)
	case "people.csv":
		l.entity(r, graph.Entity{Kind: graph.KindPerson})
	case "organizations.csv":
		ok, err := graph.ParseOrgKind(r.s("org_kind"))
		if err != nil {
			r.bad("org_kind: %v", unwrapMsg(err))
		}
		e := graph.Entity{Kind: graph.KindOrganization, OrgKind: ok, Province: r.s("province")}
		e.Place = r.place(gazetteer.Text{Province: e.Province})
		l.entity(r, e)
	case "compounds.csv":
		e := graph.Entity{Kind: graph.KindCompound, Province: r.s("province"), District: r.s("district"), Commune: r.s("commune")}
		e.Place = r.place(gazetteer.Text{Province: e.Province, District: e.District, Commune: e.Commune})
		lat, hasLat, latOK := r.float("lat")
		lon, hasLon, lonOK := r.float("lon")
		switch {
		case latOK && lonOK:
			if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
				r.bad("lat/lon %v,%v is not a point on Earth", lat, lon)
			}
			e.Coordinates = &graph.Coordinates{Lat: lat, Lon: lon}
		case hasLat != hasLon:
			r.bad("lat and lon go together: give both or neither")
		}
		st, err := graph.ParseSiteStatus(r.s("status"))
		if err != nil {
			r.bad("status: %v", unwrapMsg(err))
		}
		e.Status = st
		e.StatusDate = r.date("status_date")
		e.StatusSources = r.list("status_sources")
		if st != graph.SiteUnknown {
			e.StatusClaimStatus = r.status("status_claim")
			if e.StatusDate.IsZero() {
				r.bad("status_date: a status of %s needs the date it was observed", st)
			}
		} else if r.s("status_claim") != "" || r.s("status_date") != "" || len(e.StatusSources) > 0 {
			r.bad("status is empty (unknown) but status_date, status_claim or status_sources is given")
		}
		l.entity(r, e)
	case "positions.csv":
		l.entity(r, graph.Entity{Kind: graph.KindPosition})
	case "documents.csv":
		l.entity(r, graph.Entity{Kind: graph.KindDocument})
	case "claims.csv":
		c := graph.Claim{ID: r.s("id"), From: r.s("from"), To: r.s("to"), Relation: r.s("relation"),
			Status: r.status("status"), Sources: r.list("sources"), Note: r.s("note")}
		c.Start, c.End = r.date("start"), r.date("end")
		t, err := graph.ParseRelType(r.s("type"))
		if err != nil {
			r.bad("type: %v", unwrapMsg(err))
		}
		c.Type = t
		l.d.Claims = append(l.d.Claims, c)
		l.add("claims", r)
	case "raids.csv":
		l.raid(r)
	case "designations.csv":
		l.d.Designations = append(l.d.Designations, graph.Designation{ID: r.s("id"), Target: r.s("target"),
			Authority: r.s("authority"), Program: r.s("program"), Date: r.date("date"), OnOrBefore: r.date("on_or_before"),
			Status: r.status("status"), Sources: r.list("sources"), Note: r.s("note")})
		l.add("designations", r)
	case "statements.csv":
		l.d.Statements = append(l.d.Statements, graph.Statement{ID: r.s("id"), Subject: r.s("subject"),
			Topic: r.s("topic"), Text: r.s("text"), Date: r.date("date"), Status: r.status("status"),
			Sources: r.list("sources"), Note: r.s("note")})
		l.add("statements", r)
	}
}

func (l *loader) entity(r row, e graph.Entity) {
	e.ID, e.Name, e.Aliases, e.Note = r.s("id"), r.s("name"), r.list("aliases"), r.s("note")
	if _, ok := r.get["country"]; ok {
		e.Country = r.s("country")
	}
	l.d.Entities = append(l.d.Entities, e)
	l.add("entities", r)
}

// raid reads one account row; rows sharing an id are accounts of one raid.
func (l *loader) raid(r row) {
	acc := graph.RaidAccount{Detained: r.count("detained"), Women: r.count("women"),
		Nationalities: r.s("nationalities"), Outcomes: r.list("outcomes"), Status: r.status("status"),
		Sources: r.list("sources"), Note: r.s("note")}
	for _, item := range r.list("breakdown") {
		parts := strings.Split(item, ":")
		if len(parts) > 3 || strings.TrimSpace(parts[0]) == "" {
			r.bad("breakdown: %q is not Nationality:count:women", item)
			continue
		}
		nc := graph.NationalityCount{Nationality: strings.TrimSpace(parts[0])}
		for i, p := range parts[1:] {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			c, err := graph.ParseCount(p)
			if err != nil {
				r.bad("breakdown %q: %v", item, unwrapMsg(err))
				continue
			}
			if i == 0 {
				nc.Count = &c
			} else {
				nc.Women = &c
			}
		}
		acc.Breakdown = append(acc.Breakdown, nc)
	}
	id := r.s("id")
	fields := []string{"start", "end", "province", "district", "commune", "place", "site", "agency"}
	for i := range l.d.Raids {
		if l.d.Raids[i].ID != id {
			continue
		}
		first := l.pos["raids"][i]
		for j, f := range fields {
			if v := r.s(f); v != "" && v != l.first[i][j] {
				r.bad("%s %q differs from the raid's first row (%s): leave it empty on later accounts", f, v, first)
			}
		}
		l.d.Raids[i].Accounts = append(l.d.Raids[i].Accounts, acc)
		l.sub[i] = append(l.sub[i], r.where)
		return
	}
	rd := graph.Raid{ID: id, Provinces: r.list("province"), District: r.s("district"), Commune: r.s("commune"),
		Site: r.s("site"), Agency: r.s("agency"), Accounts: []graph.RaidAccount{acc}}
	rd.Places = r.raidPlaces(rd)
	rd.Start, rd.End = r.date("start"), r.date("end")
	idx := len(l.d.Raids)
	l.d.Raids = append(l.d.Raids, rd)
	l.add("raids", r)
	l.sub[idx] = []string{r.where}
	vals := make([]string, len(fields))
	for i, f := range fields {
		vals[i] = r.s(f)
	}
	l.first[idx] = vals
}

// externalIDs reads the optional external_ids.csv and attaches each id to
// its entity.
func (l *loader) externalIDs(fsys fs.FS) {
	b, err := fs.ReadFile(fsys, ExternalIDsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	name := l.file(ExternalIDsFile)
	if err != nil {
		l.problem(name, "%v", err)
		return
	}
	index := make(map[string]int, len(l.d.Entities))
	for i, e := range l.d.Entities {
		index[e.ID] = i
	}
	cols := []string{"id", "external_id"}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	switch {
	case err == io.EOF:
		return
	case err != nil:
		l.malformed(ExternalIDsFile, b, cols, header, err)
		return
	case !slices.Equal(trimAll(header), cols):
		line, _ := cr.FieldPos(0) // a record read without error has a field
		l.problem(fmt.Sprintf("%s:%d", name, line), "header is %s, want id,external_id", strings.Join(header, ","))
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			if !l.malformed(ExternalIDsFile, b, cols, rec, err) {
				return
			}
			continue
		}
		line, _ := cr.FieldPos(0) // a record read without error has a field
		where := fmt.Sprintf("%s:%d", name, line)
		switch {
		case len(rec) != 2 || strings.TrimSpace(rec[0]) == "" || !strings.Contains(rec[1], ":"):
			l.problem(where, "want an entity id and an external id scheme:value, got %q", strings.Join(rec, ","))
		default:
			i, ok := index[strings.TrimSpace(rec[0])]
			switch {
			case ok:
				l.d.Entities[i].ExternalIDs = append(l.d.Entities[i].ExternalIDs, strings.TrimSpace(rec[1]))
			case len(l.partial["entities"]) > 0:
				l.unchecked["entities"]++ // the entity may be in the part that could not be read
			default:
				l.problem(where, "%q is not an entity of the dataset", rec[0])
			}
		}
	}
}
