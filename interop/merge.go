package interop

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
)

// MergeOptions tune how incoming entities are linked to existing ones.
type MergeOptions struct {
	// AutoMerge is the score at or above which an incoming entity is merged
	// into an existing one of the same kind; 0 means 0.95.
	AutoMerge float64
	// Review is the score at or above which a pair is listed for review;
	// 0 means 0.7.
	Review float64
	// BaseName names the dataset merged into in messages, e.g. its directory.
	BaseName string
}

// Default thresholds.
const (
	DefaultAutoMerge = 0.95
	DefaultReview    = 0.7
)

// Merge adds a fragment to a copy of base and checks the result.
//
// An incoming entity is merged into an existing one when it has the same
// id and kind, when they share an external id, or when the name matcher
// scores one of its names at least opt.AutoMerge against an existing
// entity of the same kind, and no other existing entity scores as high.
// Otherwise it is added; every existing entity scoring at least opt.Review
// is listed as a Pair for review. Merging adds names, aliases and external
// ids and fills empty fields; where both have a value and they differ, the
// existing value is kept and a conflict noted.
//
// Sources with the same id and content, or the same URL, are one source.
// A claim equal to an existing one but for its id and sources (type, ends,
// relation, status, dates and note) adds its sources to it; a designation
// with the same target, authority, program, date and note likewise (two
// claims with their own notes stay two, as in the curated seeds). Records
// whose references cannot be resolved are skipped with a note. Ids taken
// by a different record are renamed.
//
// Merge returns the merged dataset and the report, or an error joining
// every problem dataset.Check finds in the result (then nothing should be
// written).
func Merge(base *graph.Dataset, frag *Fragment, opt MergeOptions) (*graph.Dataset, *Report, error) {
	if opt.AutoMerge == 0 {
		opt.AutoMerge = DefaultAutoMerge
	}
	if opt.Review == 0 {
		opt.Review = DefaultReview
	}
	if opt.BaseName == "" {
		opt.BaseName = "dataset"
	}
	mg := &merger{
		opt:   opt,
		frag:  frag,
		out:   cloneDataset(base),
		rep:   cloneReport(frag.Report),
		used:  map[string]bool{},
		where: map[string]string{},
	}
	mg.indexBase()
	mg.sources()
	mg.entities()
	mg.claims()
	mg.designations()
	mg.addSources()
	if err := mg.out.Check(mg.locate); err != nil {
		return nil, nil, err
	}
	return mg.out, mg.rep, nil
}

type merger struct {
	opt   MergeOptions
	frag  *Fragment
	out   *graph.Dataset
	rep   *Report
	used  map[string]bool   // every id in out
	where map[string]string // merged id → where the incoming record was read

	srcByID, srcByURL map[string]int
	newSources        []graph.Source  // incoming sources, added at the end if cited
	cited             map[string]bool // source ids cited by records added or merged
	entByID, entByExt map[string]int
	srcMap, entMap    map[string]string // fragment id → id in out
	claimByKey        map[string]int
	desigByKey        map[string]int
	claimByID         map[string]int // claims and designations of the base, by id
	desigByID         map[string]int
}

func cloneDataset(d *graph.Dataset) *graph.Dataset {
	if d == nil {
		return &graph.Dataset{}
	}
	out := *d
	out.Sources = slices.Clone(d.Sources)
	out.Entities = slices.Clone(d.Entities)
	out.Claims = slices.Clone(d.Claims)
	out.Raids = slices.Clone(d.Raids)
	out.Designations = slices.Clone(d.Designations)
	out.Statements = slices.Clone(d.Statements)
	out.Version = ""
	return &out
}

func cloneReport(r Report) *Report {
	out := r
	out.Mapped = maps.Clone(r.Mapped)
	out.Added, out.Unchanged = map[string]int{}, map[string]int{}
	out.Notes = slices.Clone(r.Notes)
	out.Pairs = slices.Clone(r.Pairs)
	return &out
}

func (mg *merger) indexBase() {
	d := mg.out
	mg.srcByID, mg.srcByURL = map[string]int{}, map[string]int{}
	mg.cited = map[string]bool{}
	mg.entByID, mg.entByExt = map[string]int{}, map[string]int{}
	mg.srcMap, mg.entMap = map[string]string{}, map[string]string{}
	mg.claimByKey, mg.desigByKey = map[string]int{}, map[string]int{}
	mg.claimByID, mg.desigByID = map[string]int{}, map[string]int{}
	for i, s := range d.Sources {
		mg.used[s.ID] = true
		mg.srcByID[s.ID] = i
		if s.URL != "" {
			mg.srcByURL[s.URL] = i
		}
	}
	for i, e := range d.Entities {
		mg.used[e.ID] = true
		mg.entByID[e.ID] = i
		for _, x := range e.ExternalIDs {
			mg.entByExt[x] = i
		}
	}
	for i, c := range d.Claims {
		mg.used[c.ID] = true
		mg.claimByKey[claimKey(c)] = i
		mg.claimByID[c.ID] = i
	}
	for _, r := range d.Raids {
		mg.used[r.ID] = true
	}
	for i, ds := range d.Designations {
		mg.used[ds.ID] = true
		mg.desigByKey[desigKey(ds)] = i
		mg.desigByID[ds.ID] = i
	}
	for _, s := range d.Statements {
		mg.used[s.ID] = true
	}
}

// fresh returns id, or id_2, id_3 ... if it is taken, and marks it used.
func (mg *merger) fresh(id, what string) string {
	out := id
	for n := 2; mg.used[out]; n++ {
		out = fmt.Sprintf("%s_%d", id, n)
	}
	mg.used[out] = true
	if out != id {
		mg.rep.Note(NoteRenamed, mg.frag.Where[id], what+" "+id, "id taken by a different record in %s: added as %s", mg.opt.BaseName, out)
	}
	return out
}

func (mg *merger) locate(r graph.Record) string {
	var id string
	switch r.Table {
	case "sources":
		id = mg.out.Sources[r.Index].ID
	case "entities":
		id = mg.out.Entities[r.Index].ID
	case "claims":
		id = mg.out.Claims[r.Index].ID
	case "raids":
		id = mg.out.Raids[r.Index].ID
	case "designations":
		id = mg.out.Designations[r.Index].ID
	case "statements":
		id = mg.out.Statements[r.Index].ID
	}
	if w, ok := mg.where[id]; ok && w != "" {
		return w
	}
	return fmt.Sprintf("%s: %s %s", mg.opt.BaseName, strings.TrimSuffix(r.Table, "s"), id)
}

// sources maps the incoming sources to existing ones (same id and
// content, or same URL) or new ids. New ones are added by addSources once
// it is known which records cite them.
func (mg *merger) sources() {
	for _, s := range mg.frag.Sources {
		where := mg.frag.Where[s.ID]
		if i, ok := mg.srcByID[s.ID]; ok && i >= 0 && mg.out.Sources[i] == s {
			mg.srcMap[s.ID] = s.ID
			mg.rep.count(&mg.rep.Unchanged, "sources")
			continue
		}
		if i, ok := mg.srcByURL[s.URL]; ok && s.URL != "" && i >= 0 {
			id := mg.out.Sources[i].ID
			mg.srcMap[s.ID] = id
			mg.rep.Note(NoteMerged, where, "source "+s.ID, "same URL as source %s in %s", id, mg.opt.BaseName)
			continue
		}
		if i, ok := mg.srcByURL[s.URL]; ok && s.URL != "" {
			mg.srcMap[s.ID] = mg.newSources[-i-1].ID // same URL as another incoming source
			continue
		}
		old := s.ID
		s.ID = mg.fresh(s.ID, "source")
		mg.srcMap[old] = s.ID
		mg.where[s.ID] = where
		// Negative indexes point into newSources.
		mg.srcByID[s.ID] = -len(mg.newSources) - 1
		if s.URL != "" {
			mg.srcByURL[s.URL] = -len(mg.newSources) - 1
		}
		mg.newSources = append(mg.newSources, s)
	}
}

// addSources adds the new sources that a record added or merged cites, or
// that no incoming record cites (a source exported on its own). A source
// made only for records that were all skipped is left out.
func (mg *merger) addSources() {
	citedIn := map[string]bool{}
	for _, c := range mg.frag.Claims {
		for _, s := range mg.mapSources(c.Sources) {
			citedIn[s] = true
		}
	}
	for _, d := range mg.frag.Designations {
		for _, s := range mg.mapSources(d.Sources) {
			citedIn[s] = true
		}
	}
	for _, e := range mg.out.Entities {
		for _, s := range e.StatusSources {
			mg.cited[s] = true
		}
	}
	for _, s := range mg.newSources {
		if mg.cited[s.ID] || !citedIn[s.ID] {
			mg.out.Sources = append(mg.out.Sources, s)
			mg.rep.count(&mg.rep.Added, "sources")
		}
	}
}

func (mg *merger) entities() {
	base := mg.out.Entities
	m := match.New(base)
	for _, e := range mg.frag.Entities {
		where := mg.frag.Where[e.ID]
		if i, ok := mg.entByID[e.ID]; ok && mg.out.Entities[i].Kind == e.Kind {
			mg.entMap[e.ID] = e.ID
			if mg.mergeInto(i, e, where) {
				mg.rep.Note(NoteMerged, where, "entity "+e.ID, "same id and kind as in %s; names, aliases and external ids added", mg.opt.BaseName)
			} else {
				mg.rep.count(&mg.rep.Unchanged, "entities")
			}
			continue
		}
		if i, x, ok := mg.byExternalID(e); ok {
			id := mg.out.Entities[i].ID
			mg.entMap[e.ID] = id
			mg.mergeInto(i, e, where)
			mg.rep.Note(NoteMerged, where, "entity "+e.ID, "same external id %s as %s", x, id)
			continue
		}
		if programs, ok := mg.frag.Authorities[e.ID]; ok {
			mg.authority(e, programs, where, m)
			continue
		}
		cands := m.MatchNames(e.Names(), "", mg.opt.Review)
		var strong []match.Candidate
		for _, c := range cands {
			if c.Score >= mg.opt.AutoMerge && c.Entity.Kind == e.Kind {
				strong = append(strong, c)
			}
		}
		if len(strong) == 1 {
			c := strong[0]
			i := mg.entByID[c.Entity.ID]
			mg.entMap[e.ID] = c.Entity.ID
			mg.mergeInto(i, e, where)
			mg.rep.Note(NoteMerged, where, "entity "+e.ID, "name %q matches %s %q (score %.2f): %s",
				e.Name, c.Entity.ID, c.Name, c.Score, strings.Join(c.Reasons, "; "))
			mg.rep.Pairs = append(mg.rep.Pairs, Pair{Incoming: e, Where: where, Existing: c.Entity,
				Score: c.Score, Reasons: c.Reasons, Decision: DecisionMerged, Result: c.Entity.ID})
			continue
		}
		old := e.ID
		e.ID = mg.fresh(e.ID, "entity")
		mg.entMap[old] = e.ID
		mg.where[e.ID] = where
		for _, x := range e.ExternalIDs {
			mg.entByExt[x] = len(mg.out.Entities)
		}
		mg.entByID[e.ID] = len(mg.out.Entities)
		mg.out.Entities = append(mg.out.Entities, e)
		mg.rep.count(&mg.rep.Added, "entities")
		for _, c := range cands {
			d := DecisionReview
			switch {
			case c.Entity.Kind != e.Kind:
				d = DecisionKind
			case len(strong) > 1 && c.Score >= mg.opt.AutoMerge:
				d = DecisionTwo
			}
			in := e
			in.ID = old
			mg.rep.Pairs = append(mg.rep.Pairs, Pair{Incoming: in, Where: where, Existing: c.Entity,
				Score: c.Score, Reasons: c.Reasons, Decision: d, Result: e.ID})
		}
	}
}

func (mg *merger) byExternalID(e graph.Entity) (int, string, bool) {
	for _, x := range e.ExternalIDs {
		if i, ok := mg.entByExt[x]; ok && mg.out.Entities[i].Kind == e.Kind {
			return i, x, true
		}
	}
	return 0, "", false
}

// mergeInto adds what src knows to the existing entity i and reports
// whether anything changed.
func (mg *merger) mergeInto(i int, src graph.Entity, where string) bool {
	orig := mg.out.Entities[i]
	dst := orig                  // slices are cloned before they change
	known := map[string]string{} // folded → the name or alias as kept
	exact := map[string]bool{}
	for _, n := range dst.Names() {
		exact[n] = true
		if _, ok := known[graph.Fold(n)]; !ok {
			known[graph.Fold(n)] = n
		}
	}
	for _, n := range src.Names() {
		f := graph.Fold(n)
		kept, dup := known[f]
		switch {
		case n == "":
		case !dup:
			known[f], exact[n] = n, true
			dst.Aliases = append(slices.Clone(dst.Aliases), n)
		case !exact[n]:
			exact[n] = true
			// not lost silently: the spelling differs, if only in case or
			// punctuation, and a person may want it
			mg.rep.Note(NoteSkipped, where, fmt.Sprintf("alias %q of entity %s", n, dst.ID),
				"the same as its name or alias %q but for case, accents or punctuation", kept)
		}
	}
	for _, x := range src.ExternalIDs {
		if !slices.Contains(dst.ExternalIDs, x) {
			dst.ExternalIDs = append(slices.Clone(dst.ExternalIDs), x)
			mg.entByExt[x] = i
		}
	}
	fill := func(field string, dv *string, sv string) {
		switch {
		case sv == "" || sv == *dv:
		case *dv == "":
			*dv = sv
		default:
			mg.rep.Note(NoteConflict, where, "entity "+dst.ID, "%s: kept %q, incoming record says %q", field, *dv, sv)
		}
	}
	fill("country", &dst.Country, src.Country)
	fill("province", &dst.Province, src.Province)
	fill("district", &dst.District, src.District)
	fill("commune", &dst.Commune, src.Commune)
	fill("note", &dst.Note, src.Note)
	ok := string(dst.OrgKind)
	fill("organization kind", &ok, string(src.OrgKind))
	dst.OrgKind = graph.OrgKind(ok)
	switch {
	case src.Coordinates == nil:
	case dst.Coordinates == nil:
		c := *src.Coordinates
		dst.Coordinates = &c
	case *dst.Coordinates != *src.Coordinates:
		mg.rep.Note(NoteConflict, where, "entity "+dst.ID, "coordinates: kept %v, incoming record says %v", *dst.Coordinates, *src.Coordinates)
	}
	if (dst.Status == "" || dst.Status == graph.SiteUnknown) && src.Status != "" && src.Status != graph.SiteUnknown {
		dst.Status, dst.StatusDate, dst.StatusClaimStatus = src.Status, src.StatusDate, src.StatusClaimStatus
		dst.StatusSources = mg.mapSources(src.StatusSources)
	}
	mg.out.Entities[i] = dst
	return !reflect.DeepEqual(orig, dst)
}

// mapSources maps fragment source ids to ids in out (ids of the base pass
// through); unknown ids pass through too and fail the check.
func (mg *merger) mapSources(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, s := range ids {
		if m, ok := mg.srcMap[s]; ok {
			s = m
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// resolve finds the entity a fragment reference names.
func (mg *merger) resolve(ref string) (string, bool) {
	if id, ok := mg.entMap[ref]; ok {
		return id, true
	}
	if _, ok := mg.entByID[ref]; ok {
		return ref, true
	}
	if i, ok := mg.entByExt[ref]; ok {
		return mg.out.Entities[i].ID, true
	}
	return "", false
}

func (mg *merger) resolveSources(what, where string, ids []string) ([]string, bool) {
	out := mg.mapSources(ids)
	for _, s := range out {
		if _, ok := mg.srcByID[s]; !ok {
			mg.rep.Note(NoteSkipped, where, what, "source %s is neither in the input nor in %s", s, mg.opt.BaseName)
			return nil, false
		}
	}
	return out, true
}

func (mg *merger) cite(ids []string) {
	for _, s := range ids {
		mg.cited[s] = true
	}
}

func claimKey(c graph.Claim) string {
	return strings.Join([]string{string(c.Type), c.From, c.To, c.Relation, c.Status.String(), c.Start.String(), c.End.String(), c.Note}, "\x00")
}

func (mg *merger) claims() {
	for _, c := range mg.frag.Claims {
		where := mg.frag.Where[c.ID]
		what := fmt.Sprintf("claim %s (%s)", c.ID, c.Type)
		from, okF := mg.resolve(c.From)
		to, okT := mg.resolve(c.To)
		if !okF || !okT {
			missing := c.From
			if okF {
				missing = c.To
			}
			mg.rep.Note(NoteSkipped, where, what, "%s is neither an entity of the input nor of %s", missing, mg.opt.BaseName)
			continue
		}
		src, ok := mg.resolveSources(what, where, c.Sources)
		if !ok {
			continue
		}
		mg.cite(src)
		c.From, c.To, c.Sources = from, to, src
		if i, ok := mg.claimByID[c.ID]; ok && reflect.DeepEqual(mg.out.Claims[i], c) {
			mg.rep.count(&mg.rep.Unchanged, "claims")
			continue
		}
		key := claimKey(c)
		i, dup := mg.claimByKey[key]
		if spec, _ := graph.LookupRel(c.Type); !dup && spec.Symmetric {
			r := c
			r.From, r.To = c.To, c.From
			i, dup = mg.claimByKey[claimKey(r)]
		}
		if dup {
			if added := mg.unionSources(&mg.out.Claims[i].Sources, src); added > 0 {
				mg.rep.Note(NoteMerged, where, what, "same claim as %s: %d source(s) added to it", mg.out.Claims[i].ID, added)
			} else {
				mg.rep.count(&mg.rep.Unchanged, "claims")
			}
			continue
		}
		c.ID = mg.fresh(c.ID, "claim")
		mg.where[c.ID] = where
		mg.claimByKey[key] = len(mg.out.Claims)
		mg.out.Claims = append(mg.out.Claims, c)
		mg.rep.count(&mg.rep.Added, "claims")
	}
}

func (mg *merger) unionSources(dst *[]string, src []string) int {
	n := 0
	for _, s := range src {
		if !slices.Contains(*dst, s) {
			*dst = append(slices.Clone(*dst), s)
			n++
		}
	}
	return n
}

func desigKey(d graph.Designation) string {
	return strings.Join([]string{d.Target, d.Authority, d.Program, d.Date.String(), d.OnOrBefore.String(), d.Note}, "\x00")
}

// sameAction returns the designations of out with d's target and
// authority and a program that folds to d's, and (later) those among them
// dated after d's on-or-before date: d was made by then, so a designation
// made after it is another action (a re-designation), never d.
func (mg *merger) sameAction(d graph.Designation) (same, later []int) {
	for i, x := range mg.out.Designations {
		if x.Target != d.Target || x.Authority != d.Authority || graph.Fold(x.Program) != graph.Fold(d.Program) {
			continue
		}
		if !x.Date.IsZero() && !d.OnOrBefore.IsZero() && x.Date.First().Ordinal() > d.OnOrBefore.Last().Ordinal() {
			later = append(later, i)
			continue
		}
		same = append(same, i)
	}
	return same, later
}

// dateOf says what is known of a designation's date.
func dateOf(d graph.Designation) string {
	switch {
	case !d.Date.IsZero():
		return "dated " + d.Date.String()
	case !d.OnOrBefore.IsZero():
		return "undated, made on or before " + d.OnOrBefore.String()
	}
	return "undated"
}

func (mg *merger) designations() {
	for _, d := range mg.frag.Designations {
		where := mg.frag.Where[d.ID]
		what := "designation " + d.ID
		target, okT := mg.resolve(d.Target)
		auth, okA := mg.resolve(d.Authority)
		if !okT || !okA {
			missing := d.Target
			if okT {
				missing = d.Authority
			}
			mg.rep.Note(NoteSkipped, where, what, "%s is neither an entity of the input nor of %s", missing, mg.opt.BaseName)
			continue
		}
		src, ok := mg.resolveSources(what, where, d.Sources)
		if !ok {
			continue
		}
		mg.cite(src)
		d.Target, d.Authority, d.Sources = target, auth, src
		if i, ok := mg.desigByID[d.ID]; ok && reflect.DeepEqual(mg.out.Designations[i], d) {
			mg.rep.count(&mg.rep.Unchanged, "designations")
			continue
		}
		if i, dup := mg.desigByKey[desigKey(d)]; dup {
			if added := mg.unionSources(&mg.out.Designations[i].Sources, src); added > 0 {
				mg.rep.Note(NoteMerged, where, what, "same designation as %s: %d source(s) added to it", mg.out.Designations[i].ID, added)
			} else {
				mg.rep.count(&mg.rep.Unchanged, "designations")
			}
			continue
		}
		if d.Date.IsZero() {
			// An undated designation (the SDN list gives no date) by the
			// same authority, of the same target, under the same program
			// as one the dataset dates is, as far as anyone can tell, the
			// same action: its sources are added to it. Where several
			// could be it, it is added and they are listed for review.
			// One dated after d's on-or-before date is not it.
			same, later := mg.sameAction(d)
			if len(same) == 1 {
				x := &mg.out.Designations[same[0]]
				was := dateOf(*x)
				added := mg.unionSources(&x.Sources, src)
				narrowed := ""
				if x.Date.IsZero() && !d.OnOrBefore.IsZero() && (x.OnOrBefore.IsZero() || d.OnOrBefore.Compare(x.OnOrBefore) < 0) {
					// Both undated: the earlier on-or-before date is
					// what is known.
					x.OnOrBefore = d.OnOrBefore
					narrowed = fmt.Sprintf("; now known to be made on or before %s", d.OnOrBefore)
				}
				mg.rep.Note(NoteMerged, where, what, "%s, and the same target, authority and program as %s (%s): taken for the same designation, %d source(s) added to it%s; check its sources",
					dateOf(d), x.ID, was, added, narrowed)
				continue
			}
			if len(same) > 1 {
				var ids []string
				for _, i := range same {
					ids = append(ids, mg.out.Designations[i].ID)
				}
				mg.rep.Note(NoteConflict, where, what, "%s; may be the same designation as any of %s (same target, authority and program): added, for review", dateOf(d), strings.Join(ids, ", "))
			} else if len(later) > 0 {
				var ids []string
				for _, i := range later {
					ids = append(ids, mg.out.Designations[i].ID+" ("+dateOf(mg.out.Designations[i])+")")
				}
				mg.rep.Note(NoteConflict, where, what, "%s; the same target, authority and program as %s, made after that date, so another action: added, for review", dateOf(d), strings.Join(ids, ", "))
			}
		}
		d.ID = mg.fresh(d.ID, "designation")
		mg.where[d.ID] = where
		mg.desigByKey[desigKey(d)] = len(mg.out.Designations)
		mg.out.Designations = append(mg.out.Designations, d)
		mg.rep.count(&mg.rep.Added, "designations")
	}
}
