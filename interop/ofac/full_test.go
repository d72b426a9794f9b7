package ofac_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ofac"
	"github.com/patronage/patronage/seeds"
)

// fullList is one of the complete real SDN lists of testdata/full (see
// its README.md): where it is, the date it was published by, and the
// SHA-256 of each file as published.
type fullList struct {
	dir      string
	listDate string
	sha256   map[string]string
}

var fullLists = []fullList{
	{"testdata/full/2025", "2025-02-07", map[string]string{
		"sdn.csv":          "9bac35a057c255bf8cfae5c03b97eef8ff071f8ef69eace8fd9d8c449ae7f06d",
		"add.csv":          "c3baf64ca27529fc97ba0b75b9e3e5d67c83c4df7abb711ef71a26d5ddc209c1",
		"alt.csv":          "c33f3bc7c3a22aae8830c2379c541666a038a91c4758fbb8f7e62d0b32db5693",
		"sdn_comments.csv": "cf75a1645d0778b2b104279895ae97186f994cc1a26469a1f93022668ed8c035",
	}},
	{"testdata/full/2021", "2021-07-16", map[string]string{
		"sdn.csv":          "2a08fac873a3be0b92208f8874b2e7c138b7938190eeeb7ef991c15ba60e855b",
		"add.csv":          "c98720815c4589ccd17f6f535b8f9facc6993a93b460e227d83a8bd804f93890",
		"alt.csv":          "82403d348e2209bf9533fbecdd3c0e1ae4e30fd75af8a8da99ea749a7f914949",
		"sdn_comments.csv": "ca007d3fbb52990034c52318f9d108ae357fa18295d8743f7f2a3bb407191836",
	}},
}

// files decompresses the list's files, checking each against its SHA-256;
// withComments false leaves sdn_comments.csv out, as a researcher who
// downloaded only the three required files has it.
func (l fullList) files(t *testing.T, withComments bool) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, want := range l.sha256 {
		if name == ofac.Optional && !withComments {
			continue
		}
		fsys[name] = &fstest.MapFile{Data: gunzip(t, path.Join(l.dir, name+".gz"), want)}
	}
	return fsys
}

func gunzip(t *testing.T, file, wantSHA string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%s: %v (the real lists are part of the repository: see testdata/full/README.md)", file, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != wantSHA {
		t.Fatalf("%s: SHA-256 %x, want %s: not the file as published", file, sum, wantSHA)
	}
	return data
}

// sdnEntry is an entry of sdn.csv as encoding/csv reads it: an independent
// reading to compare the importer with.
type sdnEntry struct {
	num      int
	name     string
	typ      string // "individual", "vessel", "aircraft" or "" (an entity)
	programs []string
	remarks  string // with its continuation, if any
	cut      bool   // continued in sdn_comments.csv
}

// readIndependently reads sdn.csv (and sdn_comments.csv, when there) with
// encoding/csv: fields "-0-" are empty, the 0x1A byte ends the file.
func readIndependently(t *testing.T, fsys fstest.MapFS) []sdnEntry {
	t.Helper()
	rows := func(name string) [][]string {
		f, ok := fsys[name]
		if !ok {
			return nil
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimRight(f.Data, "\x1a\r\n")))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: encoding/csv: %v", name, err)
		}
		return recs
	}
	val := func(s string) string {
		if s = strings.TrimSpace(s); s == "-0-" {
			return ""
		}
		return s
	}
	cont := map[string]string{}
	for _, r := range rows(ofac.Optional) {
		cont[r[0]] = r[1] // not trimmed: joined exactly
	}
	var out []sdnEntry
	for _, r := range rows("sdn.csv") {
		if len(r) != 12 {
			t.Fatalf("sdn.csv: entry %s has %d fields, want 12", r[0], len(r))
		}
		n, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("sdn.csv: ent_num %q: %v", r[0], err)
		}
		// The remarks as published, untrimmed: a cut may fall just
		// after a space ("… Address - XBT " + "194xmr…").
		e := sdnEntry{num: n, name: r[1], typ: val(r[2]), remarks: r[11]}
		if val(r[11]) == "" {
			e.remarks = ""
		}
		for _, p := range strings.Split(val(r[3]), "] [") {
			if p = strings.Trim(p, "[] "); p != "" && !slices.Contains(e.programs, p) {
				e.programs = append(e.programs, p)
			}
		}
		if c, ok := cont[r[0]]; ok {
			e.remarks += c
			e.cut = true
		}
		out = append(out, e)
	}
	return out
}

// TestFullRealSDNLists imports each complete real SDN list, with
// sdn_comments.csv and without it, and checks that no listing is lost
// and every remark is kept exactly, against an independent reading of the
// same files.
func TestFullRealSDNLists(t *testing.T) {
	for _, l := range fullLists {
		for _, withComments := range []bool{true, false} {
			name := path.Base(l.dir) + "/with sdn_comments.csv"
			if !withComments {
				name = path.Base(l.dir) + "/without sdn_comments.csv"
			}
			t.Run(name, func(t *testing.T) {
				fsys := l.files(t, withComments)
				want := readIndependently(t, fsys)
				listDate := graph.MustDate(l.listDate)
				frag, err := ofac.Read(fsys, l.dir, ofac.Options{ListDate: listDate})
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				checkFullList(t, frag, want, listDate, withComments)
			})
		}
	}
}

func checkFullList(t *testing.T, frag *interop.Fragment, want []sdnEntry, listDate graph.Date, withComments bool) {
	t.Helper()
	entities := map[string]graph.Entity{}
	for _, e := range frag.Entities {
		entities[e.ID] = e
	}
	programs := map[string][]string{} // target → programs designated
	for _, d := range frag.Designations {
		programs[d.Target] = append(programs[d.Target], d.Program)
	}
	undated, dated := checkDesignationDates(t, frag.Designations, listDate)
	var tally fullListTally
	notes := map[string][]string{} // target → notes of its designations
	for _, d := range frag.Designations {
		notes[d.Target] = append(notes[d.Target], d.Note)
	}
	for _, e := range want {
		checkFullEntry(t, e, entities, programs, notes, &tally)
	}
	if got := len(frag.Entities) - 1; got != tally.people+tally.orgs { // less the designating body
		t.Errorf("%d entities imported, want %d (%d individuals, %d entities)", got, tally.people+tally.orgs, tally.people, tally.orgs)
	}
	if len(frag.Designations) != tally.designations {
		t.Errorf("%d designations, want %d (one per program of each entry)", len(frag.Designations), tally.designations)
	}
	skipped := map[string]int{}
	for _, n := range frag.Report.Notes {
		if n.Kind == interop.NoteSkipped && strings.HasPrefix(n.What, "SDN entry ") && strings.HasSuffix(n.Why, "is not an entity of this graph") {
			skipped[strings.Fields(n.Why)[1]]++
		}
	}
	if skipped["vessel"] != tally.vessels || skipped["aircraft"] != tally.aircraft {
		t.Errorf("skipped %d vessels and %d aircraft with a note, want %d and %d", skipped["vessel"], skipped["aircraft"], tally.vessels, tally.aircraft)
	}
	if withComments && tally.cut == 0 {
		t.Errorf("no remarks continued in sdn_comments.csv: not the whole list")
	}
	t.Logf("%d entries: %d individuals → people, %d entities → organizations, %d vessels and %d aircraft skipped; %d designations (%d dated by a Listing Date remark, %d undated, made on or before %s); %d linked_to claims; %d remarks continued in sdn_comments.csv (%d cut inside a word); %d entries name an EO 14024 directive's listing date (noted, not taken for the designation's); %d aliases left out as spellings of another name",
		len(want), tally.people, tally.orgs, tally.vessels, tally.aircraft, tally.designations, dated, undated, listDate, len(frag.Claims), tally.cut, tally.midWord, tally.directive, countNotes(frag.Report, "alias "))
	if unresolved := countNotes(frag.Report, "SDN entry ", ": Linked To: "); unresolved > 0 {
		t.Logf("%d Linked To remarks name no entry of the list (skipped, each listed)", unresolved)
	}
}

// checkDesignationDates checks that each designation is either dated or
// undated and made on or before the date of the list, and counts both.
func checkDesignationDates(t *testing.T, designations []graph.Designation, listDate graph.Date) (undated, dated int) {
	t.Helper()
	for _, d := range designations {
		switch {
		case d.Date.IsZero() && d.OnOrBefore != listDate:
			t.Errorf("%s: undated, on or before %q: want the date of the list, %s", d.ID, d.OnOrBefore, listDate)
		case d.Date.IsZero():
			undated++
		case !d.OnOrBefore.IsZero():
			t.Errorf("%s: dated %s and on or before %s", d.ID, d.Date, d.OnOrBefore)
		default:
			dated++
		}
	}
	return undated, dated
}

// fullListTally counts what checkFullList found in the list, entry by entry.
type fullListTally struct {
	people, orgs, vessels, aircraft, designations, cut, midWord, directive int
}

// checkFullEntry checks the entity and designations imported from one
// entry of the list (vessels and aircraft are only counted) and adds the
// entry to tally.
func checkFullEntry(t *testing.T, e sdnEntry, entities map[string]graph.Entity, programs, notes map[string][]string, tally *fullListTally) {
	t.Helper()
	var id string
	switch e.typ {
	case "vessel":
		tally.vessels++
		return
	case "aircraft":
		tally.aircraft++
		return
	case "individual":
		tally.people++
		id = "P_OFAC_" + strconv.Itoa(e.num)
	case "":
		tally.orgs++
		id = "O_OFAC_" + strconv.Itoa(e.num)
	default:
		t.Fatalf("entry %d: type %q", e.num, e.typ)
	}
	got, ok := entities[id]
	if !ok {
		t.Errorf("entry %d (%s) lost: no entity %s", e.num, e.name, id)
		return
	}
	if got.Name != e.name || !slices.Contains(got.ExternalIDs, "ofac:"+strconv.Itoa(e.num)) {
		t.Errorf("entry %d: entity %s named %q, external ids %v", e.num, id, got.Name, got.ExternalIDs)
	}
	if gp, wp := slices.Sorted(slices.Values(programs[id])), slices.Sorted(slices.Values(e.programs)); !slices.Equal(gp, wp) {
		t.Errorf("entry %d: designated under %q, want %q", e.num, gp, wp)
	}
	tally.designations += len(e.programs)
	// A directive's listing date (EO 14024) is not the date of the
	// designation: it goes into the note, the designation stays
	// undated (checked above).
	if i := strings.Index(e.remarks, "Listing Date (EO 14024 Directive"); i >= 0 {
		tally.directive++
		item, _, _ := strings.Cut(e.remarks[i:], ";")
		label, _, _ := strings.Cut(item, ":")
		for _, note := range notes[id] {
			if !strings.Contains(note, label) {
				t.Errorf("entry %d: remarks name %q, the note of its designation does not: %q", e.num, label, note)
			}
		}
	}
	// The remarks, as published (continuation joined with nothing
	// added), with runs of spaces read as one.
	if e.remarks != "" && !strings.Contains(got.Note, "remarks: "+strings.Join(strings.Fields(e.remarks), " ")) {
		t.Errorf("entry %d: remarks not kept exactly; note %q", e.num, got.Note)
	}
	if e.cut {
		tally.cut++
		// OFAC cuts at 1,000 characters (bytes here: the cut rows
		// are ASCII there): where that is inside a word, an added
		// space would change the text.
		if len(e.remarks) > 1000 && e.remarks[999] != ' ' && e.remarks[1000] != ' ' {
			tally.midWord++
		}
	}
}

// countNotes counts the report's skipped notes whose What starts with
// prefix and contains each of the others.
func countNotes(rep interop.Report, prefix string, contains ...string) int {
	n := 0
	for _, x := range rep.Notes {
		if x.Kind != interop.NoteSkipped || !strings.HasPrefix(x.What, prefix) {
			continue
		}
		ok := true
		for _, c := range contains {
			ok = ok && strings.Contains(x.What, c)
		}
		if ok {
			n++
		}
	}
	return n
}

// TestFullListWithoutCommentsLosesOnlyTheCutRemarks: read without
// sdn_comments.csv, a list keeps every listing; what it lacks are the
// remarks after OFAC's 1,000-character cut, so the "Linked To" claims it
// makes are a subset of those made with the continuations.
func TestFullListWithoutCommentsLosesOnlyTheCutRemarks(t *testing.T) {
	l := fullLists[0]
	listDate := graph.MustDate(l.listDate)
	claims := func(withComments bool) []string {
		frag, err := ofac.Read(l.files(t, withComments), l.dir, ofac.Options{ListDate: listDate})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		var out []string
		for _, c := range frag.Claims {
			out = append(out, c.From+" → "+c.To)
		}
		return out
	}
	with, without := claims(true), claims(false)
	for _, c := range without {
		if !slices.Contains(with, c) {
			t.Errorf("claim %s read without sdn_comments.csv but not with it", c)
		}
	}
	if len(with) <= len(without) {
		t.Errorf("%d linked_to claims with sdn_comments.csv, %d without: the continuations name more entries", len(with), len(without))
	}
	t.Logf("linked_to claims: %d with sdn_comments.csv, %d without", len(with), len(without))
}

// TestRealTryPheapNoSecondDesignation: OFAC designated Try Pheap under
// Global Magnitsky on 2019-12-09, which the curated seeds record. The real
// 2025 list carries him (entry 28042, program GLOMAG, no listing date):
// importing its Cambodian entries into the seeds merges him into the
// curated person and takes the list's undated GLOMAG designation for the
// curated one (made on 2019-12-09, before the list's date), adding the
// list as a source, instead of a second designation for the same action.
func TestRealTryPheapNoSecondDesignation(t *testing.T) {
	l := fullLists[0]
	listDate := graph.MustDate(l.listDate)
	frag, err := ofac.Read(l.files(t, true), l.dir, ofac.Options{ListDate: listDate,
		Keep: func(e ofac.Entry) bool { return slices.Contains(e.Countries, "KH") }})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	base, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	var curated []graph.Designation
	for _, d := range base.Designations {
		if d.Target == "P_TRYPHEAP" {
			curated = append(curated, d)
		}
	}
	if len(curated) != 1 || curated[0].Date.String() != "2019-12-09" {
		t.Fatalf("the seeds' designations of Try Pheap: %+v, want the one of 2019-12-09", curated)
	}
	merged, rep, err := interop.Merge(base, frag, interop.MergeOptions{BaseName: "seeds"})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	var got []graph.Designation
	for _, d := range merged.Designations {
		if d.Target == "P_TRYPHEAP" {
			got = append(got, d)
		}
	}
	src := "S_OFAC_SDN_" + strings.ReplaceAll(l.listDate, "-", "")
	if len(got) != 1 || got[0].ID != curated[0].ID || got[0].Date != curated[0].Date || !got[0].OnOrBefore.IsZero() || !slices.Contains(got[0].Sources, src) {
		t.Errorf("Try Pheap's designations after the import: %+v; want only %s, dated %s, citing %s too", got, curated[0].ID, curated[0].Date, src)
	}
	var entity graph.Entity
	for _, e := range merged.Entities {
		if e.ID == "P_TRYPHEAP" {
			entity = e
		}
	}
	if !slices.Contains(entity.ExternalIDs, "ofac:28042") {
		t.Errorf("P_TRYPHEAP external ids %v: SDN entry 28042 was not merged into him", entity.ExternalIDs)
	}
	for _, d := range merged.Designations {
		if d.Target == "P_OFAC_28042" {
			t.Errorf("a second person for Try Pheap carries %s", d.ID)
		}
	}
	kinds := map[string]int{}
	for _, n := range rep.Notes {
		kinds[n.Kind]++
	}
	t.Logf("KH entries of the 2025 list into the seeds: mapped %v; added %v; unchanged %v; notes %v; candidate pairs %d", frag.Report.Mapped, rep.Added, rep.Unchanged, kinds, len(rep.Pairs))
	for _, n := range rep.Notes {
		if n.Kind == interop.NoteMerged && strings.HasPrefix(n.What, "designation ") {
			t.Log(n)
		}
	}
}

// TestFullListMergesIntoNothing: the whole 2025 list merged into an empty
// dataset passes the dataset's check, and every entity and designation
// read is added (none merged away, none lost).
func TestFullListMergesIntoNothing(t *testing.T) {
	l := fullLists[0]
	frag, err := ofac.Read(l.files(t, true), l.dir, ofac.Options{ListDate: graph.MustDate(l.listDate)})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	merged, rep, err := interop.Merge(&graph.Dataset{}, frag, interop.MergeOptions{BaseName: "empty"})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if len(merged.Entities) != len(frag.Entities) || len(merged.Designations) != len(frag.Designations) {
		t.Errorf("merged %d entities and %d designations, read %d and %d", len(merged.Entities), len(merged.Designations), len(frag.Entities), len(frag.Designations))
	}
	kinds := map[string]int{}
	for _, n := range rep.Notes {
		kinds[n.Kind]++
	}
	t.Logf("added %v; unchanged %v; notes %v", rep.Added, rep.Unchanged, kinds)
}
