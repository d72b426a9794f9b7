package neo4j

import (
	"strings"

	"github.com/patronage/patronage/graph"
)

// frag writes the rules of graph/flags.go and of the claim filter as Cypher
// tests, for every statement that needs them: the statements answering one
// question leave out what its arguments make always true (with no as-of
// date nothing tests claim, position or designation dates; with an open
// window nothing tests raid dates), and the statements made once for every
// question (anyArgs) test each optional argument behind its "IS NULL OR".
// The values stay parameters; only which tests are written varies, so each
// variant is planned once and cached by the server.
type frag struct {
	asOf   bool   // an as-of date is given ($asOfFirst, $asOfLast)
	window bool   // a raid window end is given ($fromFirst or $toLast)
	any    bool   // made once for every question: a null argument passes its test
	sfx    string // appended to the names of $min, $asOfFirst and $asOfLast
}

// anyArgs writes the statements made once, when the package is
// initialised, for every question.
var anyArgs = frag{any: true}

func fragFor(f graph.ClaimFilter) frag { return frag{asOf: !f.AsOf.IsZero()} }

// fragForAssessment is fragFor of q's filter, with q's raid window.
func fragForAssessment(q graph.AssessmentQuery) frag {
	f := fragFor(q.Filter)
	f.window = !q.From.IsZero() || !q.To.IsZero()
	return f
}

// param is the parameter name ("$" + name and the suffix).
func (f frag) param(name string) string { return "$" + name + f.sfx }

// asOfTest is " AND t", t being a test of the as-of day: absent without
// an as-of date, passed by a null one for anyArgs.
func (f frag) asOfTest(t string) string {
	switch {
	case f.any:
		return " AND (" + f.param("asOfLast") + " IS NULL OR " + t + ")"
	case f.asOf:
		return " AND " + t
	}
	return ""
}

// admits is ClaimFilter.Admits, less the type, on the claim relationship
// c: status rank at least $min, and in effect on the as-of day (its first
// and last days are $asOfFirst and $asOfLast; the claim's stored startOrd
// is its start's first day and endOrd its end's last day).
func (f frag) admits(c string) string {
	return c + ".rank >= " + f.param("min") + f.asOfTest("("+c+".startOrd IS NULL OR "+c+".startOrd <= "+f.param("asOfLast")+
		") AND ("+c+".endOrd IS NULL OR "+c+".endOrd >= "+f.param("asOfFirst")+")")
}

// positionCounts is graph.CountsAsPosition on the holds_position claim xh:
// strong enough and held by the as-of day (sinceOrd is the first day of
// graph.PositionSince, stored at load).
func (f frag) positionCounts(xh string) string {
	return xh + ".rank >= " + f.param("min") + f.asOfTest("("+xh+".sinceOrd IS NULL OR "+xh+".sinceOrd <= "+f.param("asOfLast")+")")
}

// designationCounts is graph.CountsAsDesignation on designation xd.
func (f frag) designationCounts(xd string) string {
	return xd + ".rank >= " + f.param("min") + f.asOfTest(xd+".dateOrd <= "+f.param("asOfLast"))
}

// raidCounts is graph.RaidCounts on raid r: strong enough, and it may
// overlap the window [$fromFirst, $toLast] (null for open ends).
func (f frag) raidCounts(r string) string {
	t := r + ".rank >= " + f.param("min")
	if f.window || f.any {
		t += " AND ($fromFirst IS NULL OR " + r + ".endOrd IS NULL OR " + r + ".endOrd >= $fromFirst) AND ($toLast IS NULL OR " + r + ".startOrd IS NULL OR " + r + ".startOrd <= $toLast)"
	}
	return t
}

// isPEP is true when node v holds a position that counts (the claim
// variable is xh).
func (f frag) isPEP(v, xh string) string {
	return "EXISTS { MATCH (" + v + ")-[" + xh + ":HOLDS_POSITION]->(:Entity) WHERE " + f.positionCounts(xh) + " }"
}

// isDesignated is true when a designation that counts targets node v (the
// designation variable is xd). For a site this is the whole target test:
// the vocabulary has holds_position from people only, and datasets are
// checked against it.
func (f frag) isDesignated(v, xd string) string {
	return "EXISTS { MATCH (" + xd + ":Designation)-[:TARGETS]->(" + v + ") WHERE " + f.designationCounts(xd) + " }"
}

// targets is a subquery returning t, each entity that counts as connected
// (a target) once: the holders of a position that counts, and the targets
// of a designation that counts.
func (f frag) targets() string {
	return `CALL () {
    MATCH (t:Entity)-[xh:HOLDS_POSITION]->(:Entity) WHERE ` + f.positionCounts("xh") + ` RETURN t
    UNION
    MATCH (xd:Designation)-[:TARGETS]->(t:Entity) WHERE ` + f.designationCounts("xd") + ` RETURN t
  }`
}

// flags is the map {pep, rca, sanctioned} of node v's flags: a position
// that counts; a family, associate or adviser tie that counts to someone
// who holds one; a designation that counts. Its variables end in t, so
// that flags of different nodes never share a name.
func (f frag) flags(v, t string) string {
	otherPEP := f.isPEP("o_"+t, "h2_"+t)
	admits := f.admits("c_" + t)
	return `{pep: ` + f.isPEP(v, "h_"+t) + `,
      rca: EXISTS { MATCH (` + v + `)-[c_` + t + `:FAMILY_OF|ASSOCIATE_OF]-(o_` + t + `:Entity) WHERE ` + admits + ` AND ` + otherPEP + ` }
        OR EXISTS { MATCH (` + v + `)-[c_` + t + `:ADVISER_TO]->(o_` + t + `:Entity) WHERE ` + admits + ` AND ` + otherPEP + ` },
      sanctioned: ` + f.isDesignated(v, "d_"+t) + `}`
}

// reasons is why node v counts as connected: the first position claim
// that counts in edge order (by position id, then claim id), and the
// designations that count, by date, then id.
func (f frag) reasons(v string) string {
	return strings.NewReplacer("{v}", v, "{position}", f.positionCounts("xh"), "{designation}", f.designationCounts("xd")).Replace(`{
  positions: COLLECT { MATCH ({v})-[xh:HOLDS_POSITION]->(xo:Entity) WHERE {position}
                       WITH xh, xo ORDER BY xo.id, xh.id LIMIT 1
                       RETURN {claim: properties(xh), from: {v}.id, to: xo.id} },
  designations: COLLECT { MATCH (xd:Designation)-[:TARGETS]->({v}) WHERE {designation}
                          WITH xd ORDER BY xd.dateOrd, xd.datePrec, xd.id
                          RETURN properties(xd) }
}`)
}
