package interop

import (
	"fmt"
	"slices"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/match"
)

// An authority an importer knows only by the name a record gives it (an
// FtM Sanction's "authority") is not linked like other entities. It is
// compared, with the name matcher, with the government bodies of the
// dataset, and linked to the best of them when
//
//   - that body scores at least the review threshold and no other scores
//     as high (a transliteration or a longer form of the name is enough:
//     "Foreign, Commonwealth & Development Office" is the curated "UK
//     Foreign, Commonwealth & Development Office"), and
//   - every program of the incoming designations is one the body is known
//     to run: a program of one of its designations in the dataset, or any
//     program when the dataset records none of its designations. A
//     program it never ran ("Reciprocal", a SAM.gov exclusion naming
//     "OFAC") is never attached to it.
//
// Otherwise the authority is added as a body of its own. Either way the
// pair is listed for review (Report.Pairs) with the reason.

// AuthorityPrograms are, for each authority of a fragment named only by
// text, the programs of the designations naming it.
type AuthorityPrograms map[string][]string

// Decision for an authority linked below the merge threshold.
const DecisionAuthority = "authority linked"

func (mg *merger) authority(e graph.Entity, programs []string, where string, m *match.Matcher) {
	ran := map[string][]string{} // body id → programs of its designations
	for _, d := range mg.out.Designations {
		if !slices.Contains(ran[d.Authority], d.Program) {
			ran[d.Authority] = append(ran[d.Authority], d.Program)
		}
	}
	var bodies []match.Candidate
	for _, c := range m.MatchNames(e.Names(), graph.KindOrganization, mg.opt.Review) {
		if c.Entity.OrgKind == graph.OrgGovernmentBody {
			bodies = append(bodies, c)
		}
	}
	add := func(reason string) {
		old := e.ID
		e.ID = mg.fresh(e.ID, "entity")
		mg.entMap[old] = e.ID
		mg.where[e.ID] = where
		mg.entByID[e.ID] = len(mg.out.Entities)
		mg.out.Entities = append(mg.out.Entities, e)
		mg.rep.count(&mg.rep.Added, "entities")
		for _, c := range bodies {
			in := e
			in.ID = old
			mg.rep.Pairs = append(mg.rep.Pairs, Pair{Incoming: in, Where: where, Existing: c.Entity, Score: c.Score,
				Reasons: append(slices.Clone(c.Reasons), reason), Decision: DecisionReview, Result: e.ID})
		}
	}
	if len(bodies) == 0 {
		add("")
		return
	}
	best := bodies[0]
	if len(bodies) > 1 && bodies[1].Score == best.Score {
		add(fmt.Sprintf("several government bodies score %.2f", best.Score))
		return
	}
	known := ran[best.Entity.ID]
	for _, p := range programs {
		if len(known) > 0 && !runs(known, p) {
			add(fmt.Sprintf("program %q is not one %s is known to run (%s): not attached to it", p, best.Entity.ID, strings.Join(known, ", ")))
			mg.rep.Note(NoteSkipped, where, "link of authority "+e.ID+" to "+best.Entity.ID,
				"program %q is not one %s is known to run (%s); added as a body of its own, for review", p, best.Entity.ID, strings.Join(known, ", "))
			return
		}
	}
	i := mg.entByID[best.Entity.ID]
	mg.entMap[e.ID] = best.Entity.ID
	mg.mergeInto(i, e, where)
	d := DecisionMerged
	if best.Score < mg.opt.AutoMerge {
		d = DecisionAuthority
	}
	mg.rep.Note(NoteMerged, where, "entity "+e.ID, "authority %q is the government body %s %q (score %.2f; it runs %s): linked, listed for review",
		e.Name, best.Entity.ID, best.Name, best.Score, strings.Join(programs, ", "))
	mg.rep.Pairs = append(mg.rep.Pairs, Pair{Incoming: e, Where: where, Existing: best.Entity, Score: best.Score,
		Reasons: best.Reasons, Decision: d, Result: best.Entity.ID})
}

// runs reports whether a program is among those known, by folded name or
// one containing the other ("Global Human Rights" and "UK Global Human
// Rights"). "not verified" matches nothing but itself.
func runs(known []string, p string) bool {
	fp := graph.Fold(p)
	for _, k := range known {
		fk := graph.Fold(k)
		if fk == fp || fp != "" && fk != "" && fp != graph.Fold(graph.ProgramNotVerified) && fk != graph.Fold(graph.ProgramNotVerified) &&
			(strings.Contains(fk, fp) || strings.Contains(fp, fk)) {
			return true
		}
	}
	return false
}
