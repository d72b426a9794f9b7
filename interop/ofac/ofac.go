// Package ofac reads the US Treasury's Specially Designated Nationals
// (SDN) list in its legacy CSV form (sdn.csv, alt.csv, add.csv and,
// optionally, sdn_comments.csv) into sanctions designations.
//
// Each individual becomes a person and each entity an organization (the
// list does not say what kind: recorded as company, and the note says so);
// vessels and aircraft are skipped. Each program of an entry becomes one
// designation by the Office of Foreign Assets Control, an official_record
// citing the list, dated by the entry's "Listing Date" remark for that
// program where the remarks give one (a directive's dates are noted, not
// taken for it). Where they do not, the designation is undated, made on
// or before the date of the list read (its OnOrBefore).
// Remarks continued in sdn_comments.csv are joined exactly as published. Names in alt.csv and a.k.a. remarks become aliases;
// addresses go into the note (and, when they all agree, give an
// organization's country); "Linked To:" remarks that name another entry of
// the list become linked_to claims. Each entity keeps its entry number as
// the external id "ofac:<ent_num>".
package ofac

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
)

// Options describe the list read.
type Options struct {
	// ListDate is the date of the list (its publication date on OFAC's
	// site). Required: it dates the source, and the notes of the
	// designations whose remarks give no listing date ("on or before").
	ListDate graph.Date
	// URL is where the files were downloaded from, if known.
	URL string
	// Authority is the id of the designating body in the dataset merged
	// into; "" adds the body as G_OFAC, which the merge links to an
	// existing body of the same name.
	Authority string
	// Keep selects the entries to read (nil keeps all); entries linked to
	// a kept one by a "Linked To:" remark are kept too.
	Keep func(Entry) bool
}

// Entry is an SDN entry with its other names and addresses, as Keep sees it.
type Entry struct {
	SDN
	Alts      []Alt
	Addresses []Addr
	// Countries are the ISO codes of the entry's address countries and
	// nationalities, where known.
	Countries []string
}

// Authority is the designating body added when Options.Authority is empty.
var Authority = graph.Entity{ID: "G_OFAC", Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody,
	Name: "Office of Foreign Assets Control", Aliases: []string{"OFAC"}, Country: "US"}

// Files are the files Read needs, and the optional one.
var (
	Files    = []string{"sdn.csv", "alt.csv", "add.csv"}
	Optional = "sdn_comments.csv"
)

// Read reads the list from the directory fsys (prefix names it in
// messages). It returns the fragment, or an error joining every problem as
// "file:line: what is wrong".
func Read(fsys fs.FS, prefix string, opt Options) (*interop.Fragment, error) {
	if opt.ListDate.IsZero() {
		return nil, fmt.Errorf("%w: the date of the list is required", graph.ErrInvalid)
	}
	var sdns []SDN
	var alts []Alt
	var adds []Addr
	var comments []Comment
	var errs []error
	open := func(name string, optional bool, parse func(io.Reader, string) error) {
		f, err := fsys.Open(name)
		if optional && errors.Is(err, fs.ErrNotExist) {
			return
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path.Join(prefix, name), err))
			return
		}
		defer f.Close()
		if err := parse(f, path.Join(prefix, name)); err != nil {
			errs = append(errs, err)
		}
	}
	open("sdn.csv", false, func(r io.Reader, n string) (err error) { sdns, err = ParseSDN(r, n); return })
	open("alt.csv", false, func(r io.Reader, n string) (err error) { alts, err = ParseAlt(r, n); return })
	open("add.csv", false, func(r io.Reader, n string) (err error) { adds, err = ParseAdd(r, n); return })
	open(Optional, true, func(r io.Reader, n string) (err error) { comments, err = ParseComments(r, n); return })
	// Cross-file checks run even when a file had bad rows, so that every
	// problem is reported at once.
	frag, err := build(sdns, alts, adds, comments, prefix, opt)
	if err := errors.Join(append(errs, err)...); err != nil {
		return nil, err
	}
	return frag, nil
}

func build(sdns []SDN, alts []Alt, adds []Addr, comments []Comment, prefix string, opt Options) (*interop.Fragment, error) {
	var probs interop.Problems
	entries := map[int]*Entry{}
	order := make([]int, 0, len(sdns))
	for _, s := range sdns {
		entries[s.EntNum] = &Entry{SDN: s}
		order = append(order, s.EntNum)
	}
	for _, c := range comments {
		e, ok := entries[c.EntNum]
		if !ok {
			probs.Add(fmt.Sprintf("%s:%d", path.Join(prefix, Optional), c.Line), "ent_num %d is not in sdn.csv", c.EntNum)
			continue
		}
		// OFAC cuts the remarks at exactly 1,000 characters, mid-word if
		// need be: the continuation is joined exactly as published.
		e.Remarks += c.Remarks
	}
	for _, a := range alts {
		e, ok := entries[a.EntNum]
		if !ok {
			probs.Add(fmt.Sprintf("%s:%d", path.Join(prefix, "alt.csv"), a.Line), "ent_num %d is not in sdn.csv", a.EntNum)
			continue
		}
		e.Alts = append(e.Alts, a)
	}
	for _, a := range adds {
		e, ok := entries[a.EntNum]
		if !ok {
			probs.Add(fmt.Sprintf("%s:%d", path.Join(prefix, "add.csv"), a.Line), "ent_num %d is not in sdn.csv", a.EntNum)
			continue
		}
		e.Addresses = append(e.Addresses, a)
	}
	remarks := map[int]remarkInfo{}
	byName := map[string]int{}
	for _, n := range order {
		e := entries[n]
		r := parseRemarks(e.Remarks, e.Programs)
		for _, bad := range r.badDates {
			probs.Add(fmt.Sprintf("%s:%d", path.Join(prefix, "sdn.csv"), e.Line), "listing date %q is not a date (want DD Mon YYYY)", bad)
		}
		remarks[n] = r
		e.Countries = countries(e, r)
		byName[graph.Fold(e.Name)] = n
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	sdnFile := path.Join(prefix, "sdn.csv")
	if len(order) == 0 {
		return nil, errors.Join(graph.Problem{Where: sdnFile, Msg: "holds no entry (the file is empty or blank): nothing to import"})
	}
	kept := keep(order, entries, remarks, byName, opt.Keep)
	if len(kept) == 0 {
		return nil, errors.Join(graph.Problem{Where: sdnFile, Msg: fmt.Sprintf("none of its %d entries is selected (by program or country): nothing to import", len(order))})
	}
	frag := fragment(order, entries, remarks, byName, kept, prefix, opt)
	if len(frag.Designations) == 0 {
		return nil, errors.Join(graph.Problem{Where: sdnFile, Msg: fmt.Sprintf("none of the %d entries selected is a person or an organization (vessels and aircraft are skipped): nothing to import", len(kept))})
	}
	return frag, nil
}

// keep returns the entries selected, with those they are linked to.
func keep(order []int, entries map[int]*Entry, remarks map[int]remarkInfo, byName map[string]int, sel func(Entry) bool) map[int]bool {
	kept := map[int]bool{}
	for _, n := range order {
		if sel == nil || sel(*entries[n]) {
			kept[n] = true
		}
	}
	for _, n := range order {
		if !kept[n] || sel == nil {
			continue
		}
		for _, l := range remarks[n].linked {
			if m, ok := byName[graph.Fold(l)]; ok {
				kept[m] = true
			}
		}
	}
	return kept
}

func fragment(order []int, entries map[int]*Entry, remarks map[int]remarkInfo, byName map[string]int, kept map[int]bool, prefix string, opt Options) *interop.Fragment {
	frag := &interop.Fragment{Where: map[string]string{}}
	rep := &frag.Report
	sdnFile := path.Join(prefix, "sdn.csv")
	src := listSource(prefix, opt)
	frag.Sources = append(frag.Sources, src)
	frag.Where[src.ID] = sdnFile
	authority := opt.Authority
	if authority == "" {
		authority = Authority.ID
		frag.Entities = append(frag.Entities, Authority)
		frag.Where[Authority.ID] = "the designating body of " + sdnFile
	}
	ids := map[int]string{}
	for _, n := range order {
		e := entries[n]
		where := fmt.Sprintf("%s:%d", sdnFile, e.Line)
		what := fmt.Sprintf("SDN entry %d (%s)", n, e.Name)
		switch {
		case !kept[n]:
			rep.Map("skipped: not selected")
			continue
		case e.Type == "vessel" || e.Type == "aircraft":
			rep.Map("skipped: " + e.Type)
			rep.Note(interop.NoteSkipped, where, what, "a %s is not an entity of this graph", e.Type)
			continue
		}
		r := remarks[n]
		ent := entity(*e, r, func(alias, kept string) {
			rep.Note(interop.NoteSkipped, where, fmt.Sprintf("alias %q of SDN entry %d", alias, n),
				"the same as its name or alias %q but for case, accents or punctuation", kept)
		})
		ids[n] = ent.ID
		frag.Entities = append(frag.Entities, ent)
		frag.Where[ent.ID] = where
		rep.Map(fmt.Sprintf("SDN %s → %s", cmp.Or(e.Type, "entity"), ent.Kind))
		for _, d := range designations(n, e.Programs, r, ent.ID, authority, src.ID, opt.ListDate) {
			frag.Designations = append(frag.Designations, d)
			frag.Where[d.ID] = where
			rep.Map("SDN program → designation")
		}
	}
	linkClaims(frag, order, entries, remarks, byName, ids, sdnFile, src.ID)
	return frag
}

// listSource is the source every record read from the list cites: the
// list itself, of the given date.
func listSource(prefix string, opt Options) graph.Source {
	src := graph.Source{ID: "S_OFAC_SDN_" + strings.ReplaceAll(opt.ListDate.String(), "-", ""), Kind: graph.SourceOfficialRecord,
		Publisher: "U.S. Department of the Treasury, Office of Foreign Assets Control", URL: opt.URL, Published: opt.ListDate,
		Title: "Specially Designated Nationals and Blocked Persons List (SDN), CSV files, " + opt.ListDate.String()}
	if opt.URL == "" {
		src.Note = "read from " + prefix + " (sdn.csv, alt.csv, add.csv); where it was downloaded from was not recorded"
	}
	return src
}

// designations are SDN entry n's designations of target, one per program,
// dated by the remarks (or undated, with a note, when they give no date).
func designations(n int, programs []string, r remarkInfo, target, authority, source string, listDate graph.Date) []graph.Designation {
	var out []graph.Designation
	for _, p := range programs {
		d := graph.Designation{ID: "D_OFAC_" + strconv.Itoa(n) + "_" + idPart(p), Target: target, Authority: authority,
			Program: p, Date: r.listedFor(p), Status: graph.StatusOfficialRecord, Sources: []string{source},
			Note: fmt.Sprintf("SDN list entry %d", n)}
		if d.Date.IsZero() {
			// The legacy files give no designation date: the date is
			// unknown, and all the list says is that the entry was on
			// it on the day it was published.
			d.OnOrBefore = listDate
			d.Note += fmt.Sprintf("; date of designation unknown (the remarks give no listing date for %s): made on or before %s, the date of the list read", p, listDate)
		}
		for _, a := range r.annotations {
			d.Note += "; " + a
		}
		out = append(out, d)
	}
	return out
}

// linkClaims adds to frag a linked_to claim for each "Linked To:" remark
// of an imported entry that names another imported entry, and a note for
// each that names none.
func linkClaims(frag *interop.Fragment, order []int, entries map[int]*Entry, remarks map[int]remarkInfo, byName map[string]int, ids map[int]string, sdnFile, source string) {
	rep := &frag.Report
	for _, n := range order {
		from, ok := ids[n]
		if !ok {
			continue
		}
		for i, l := range remarks[n].linked {
			where := fmt.Sprintf("%s:%d", sdnFile, entries[n].Line)
			m, found := byName[graph.Fold(l)]
			to, kept := ids[m]
			if !found || !kept {
				rep.Note(interop.NoteSkipped, where, fmt.Sprintf("SDN entry %d: Linked To: %s", n, l), "no entry imported from the list has that name")
				continue
			}
			c := graph.Claim{ID: fmt.Sprintf("CL_OFAC_%d_%d", n, i+1), Type: graph.RelLinkedTo, From: from, To: to,
				Relation: "Linked To (SDN list remarks)", Status: graph.StatusOfficialRecord, Sources: []string{source}}
			frag.Claims = append(frag.Claims, c)
			frag.Where[c.ID] = where
			rep.Map("SDN Linked To → claim linked_to")
		}
	}
}

// entity maps an entry; dropped is told of every alias left out as a
// spelling of a name or alias already kept.
func entity(e Entry, r remarkInfo, dropped func(alias, kept string)) graph.Entity {
	out := graph.Entity{Name: e.Name, ExternalIDs: []string{"ofac:" + strconv.Itoa(e.EntNum)}}
	var note []string
	if e.Type == "individual" {
		out.ID, out.Kind = "P_OFAC_"+strconv.Itoa(e.EntNum), graph.KindPerson
	} else {
		out.ID, out.Kind, out.OrgKind = "O_OFAC_"+strconv.Itoa(e.EntNum), graph.KindOrganization, graph.OrgCompany
		note = append(note, "the SDN list does not say what kind of entity this is (recorded as company)")
	}
	if len(e.Countries) == 1 {
		out.Country = e.Countries[0]
	}
	names := map[string]string{graph.Fold(e.Name): e.Name} // folded → as kept
	addAlias := func(a string) {
		a = strings.ReplaceAll(strings.Join(strings.Fields(a), " "), "|", "/")
		f := graph.Fold(a)
		kept, dup := names[f]
		switch {
		case a == "":
		case !dup:
			names[f] = a
			out.Aliases = append(out.Aliases, a)
		case kept != a:
			dropped(a, kept)
		}
	}
	for _, a := range e.Alts {
		addAlias(a.Name)
	}
	for _, a := range r.aliases {
		addAlias(a)
	}
	note = append(note, fmt.Sprintf("SDN list entry %d", e.EntNum))
	if e.Title != "" {
		note = append(note, "title: "+e.Title)
	}
	if e.Remarks != "" {
		note = append(note, "remarks: "+strings.Join(strings.Fields(e.Remarks), " "))
	}
	for _, a := range e.Addresses {
		var parts []string
		for _, p := range []string{a.Address, a.City, a.Country, a.Remarks} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) > 0 {
			note = append(note, "address: "+strings.Join(parts, ", "))
		}
	}
	out.Note = strings.Join(note, "; ")
	return out
}

// idPart makes a program name usable in an id: GLOMAG-EO13818 → GLOMAG_EO13818.
func idPart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// remarkInfo is what the remarks say that the graph records.
type remarkInfo struct {
	aliases []string
	// listed is the earliest "Listing Date (PROGRAM): …" by program, and
	// under "" a "Listing Date: …" that names no program.
	listed   map[string]graph.Date
	badDates []string
	// annotations are the other dated remarks, read for what they are: a
	// directive's listing or effective date is not the date of the
	// designation ("Listing Date (EO 14024 Directive 3): 24 Feb 2022").
	annotations []string
	linked      []string // names after "Linked To:"
	nationality []string // as written
}

// listedFor is the listing date of a program, or of the entry.
func (r remarkInfo) listedFor(program string) graph.Date {
	if d, ok := r.listed[strings.ToUpper(program)]; ok {
		return d
	}
	return r.listed[""]
}

// parseRemarks reads the "; "-separated items of an entry's remarks.
func parseRemarks(s string, programs []string) remarkInfo {
	r := remarkInfo{listed: map[string]graph.Date{}}
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSuffix(strings.Join(strings.Fields(item), " "), ".")
		lower := strings.ToLower(item)
		switch {
		case strings.HasPrefix(lower, "a.k.a.") || strings.HasPrefix(lower, "f.k.a.") || strings.HasPrefix(lower, "n.k.a."):
			if a := strings.Trim(strings.TrimSpace(item[6:]), "'\""); a != "" {
				r.aliases = append(r.aliases, a)
			}
		case strings.HasPrefix(lower, "listing date") || strings.HasPrefix(lower, "effective date"):
			r.dated(item, programs)
		case strings.HasPrefix(lower, "linked to:"):
			if l := strings.TrimSpace(item[len("linked to:"):]); l != "" {
				r.linked = append(r.linked, l)
			}
		case strings.HasPrefix(lower, "nationality "):
			r.nationality = append(r.nationality, strings.TrimSpace(item[len("nationality "):]))
		}
	}
	return r
}

// dated reads a "Listing Date (QUALIFIER): DD Mon YYYY" or "Effective
// Date (…): …" remark. Only a listing date that names no qualifier or
// one of the entry's programs dates a designation; a malformed date there
// is an error. Every other dated remark (a directive's listing or
// effective date) is kept, as written and with its date read where it is
// one, for the designation's note.
func (r *remarkInfo) dated(item string, programs []string) {
	label, value, hasValue := strings.Cut(item, ":")
	label, value = strings.TrimSpace(label), strings.TrimSpace(value)
	qualifier := ""
	if i := strings.Index(label, "("); i >= 0 {
		qualifier = strings.TrimSpace(strings.Trim(label[i:], "()"))
		label = strings.TrimSpace(label[:i])
	}
	isListing := strings.EqualFold(label, "listing date")
	program := ""
	forProgram := isListing && qualifier == ""
	for _, p := range programs {
		if isListing && qualifier != "" && strings.EqualFold(p, qualifier) {
			forProgram, program = true, strings.ToUpper(p)
		}
	}
	if !forProgram {
		what := label
		if qualifier != "" {
			what += " (" + qualifier + ")"
		}
		d, err := parseDate(value)
		switch {
		case !hasValue || value == "":
			r.annotations = append(r.annotations, fmt.Sprintf("the remarks name a %s but give no date for it", what))
		case err != nil:
			r.annotations = append(r.annotations, fmt.Sprintf("%s: %s, as the remarks write it (not read as a date)", what, value))
		default:
			r.annotations = append(r.annotations, fmt.Sprintf("%s: %s (the date of what the remarks name, not of this designation)", what, d))
		}
		return
	}
	if !hasValue {
		r.badDates = append(r.badDates, item)
		return
	}
	d, err := parseDate(value)
	if err != nil {
		r.badDates = append(r.badDates, value)
		return
	}
	if old, ok := r.listed[program]; !ok || d.Compare(old) < 0 {
		r.listed[program] = d
	}
}

// parseDate reads the dates of SDN remarks: "03 Jun 2021", "Jun 2021", "2021".
func parseDate(s string) (graph.Date, error) {
	for _, layout := range []struct {
		layout string
		prec   graph.Precision
	}{{"02 Jan 2006", graph.PrecisionDay}, {"2 Jan 2006", graph.PrecisionDay}, {"Jan 2006", graph.PrecisionMonth}, {"2006", graph.PrecisionYear}} {
		t, err := time.Parse(layout.layout, s)
		if err != nil {
			continue
		}
		d := graph.Day(t)
		switch layout.prec {
		case graph.PrecisionMonth:
			d.Day = 0
		case graph.PrecisionYear:
			d.Month, d.Day = 0, 0
		}
		return d, nil
	}
	return graph.Date{}, fmt.Errorf("%w: %q is not a date", graph.ErrInvalid, s)
}

// countries are the ISO codes of where the entry is: the countries of its
// addresses for an entity, its nationalities for an individual.
func countries(e *Entry, r remarkInfo) []string {
	var names []string
	if e.Type == "individual" {
		names = r.nationality
	} else {
		for _, a := range e.Addresses {
			names = append(names, a.Country)
		}
	}
	var out []string
	for _, n := range names {
		if c, ok := iso[strings.ToLower(strings.TrimSpace(n))]; ok && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// iso maps country names as the SDN list writes them to ISO 3166-1
// alpha-2 codes: the region's countries and the usual places of
// registration. A name not listed leaves the country empty.
var iso = map[string]string{
	"cambodia": "KH", "china": "CN", "hong kong": "HK", "macau": "MO", "taiwan": "TW", "thailand": "TH",
	"burma": "MM", "laos": "LA", "vietnam": "VN", "philippines": "PH", "malaysia": "MY", "singapore": "SG",
	"indonesia": "ID", "brunei": "BN", "timor-leste": "TL", "korea, south": "KR", "korea, north": "KP", "japan": "JP",
	"india": "IN", "bangladesh": "BD", "sri lanka": "LK", "nepal": "NP", "pakistan": "PK", "mongolia": "MN",
	"australia": "AU", "new zealand": "NZ", "palau": "PW", "marshall islands": "MH", "vanuatu": "VU", "samoa": "WS",
	"united states": "US", "canada": "CA", "mexico": "MX", "panama": "PA", "united kingdom": "GB", "ireland": "IE",
	"france": "FR", "germany": "DE", "netherlands": "NL", "switzerland": "CH", "cyprus": "CY", "malta": "MT",
	"russia": "RU", "ukraine": "UA", "turkey": "TR", "united arab emirates": "AE", "saudi arabia": "SA",
	"british virgin islands": "VG", "virgin islands, british": "VG", "cayman islands": "KY", "seychelles": "SC",
	"belize": "BZ", "bahamas": "BS", "bermuda": "BM", "mauritius": "MU", "liberia": "LR",
}

// CountryCode returns the ISO code of a country as the SDN list writes it.
func CountryCode(name string) (string, bool) {
	c, ok := iso[strings.ToLower(strings.TrimSpace(name))]
	return c, ok
}
