// Package interop moves the graph in and out of other formats. Each format
// lives in its own subpackage and never imports a sibling:
//
//	interop/ftm      FollowTheMoney entity JSON lines, both ways
//	interop/ofac     the US Treasury SDN list (sdn.csv, alt.csv, add.csv), in
//	interop/tables   CSV tables for pandas, out
//	interop/geojson  compounds with coordinates as GeoJSON, out
//
// The curated dataset format of seeds/ is read and written by package seeds
// (seeds.Load, seeds.ReplaceDir).
//
// This package holds what they share: the Fragment an importer reads, the
// Report of what was mapped, merged and skipped, Merge (which links
// incoming records to existing entities with the name matcher and never
// merges silently), the review report, Subset for partial exports, and
// WriteFile, which replaces a file at once.
package interop

import (
	"errors"
	"fmt"
	"slices"

	"github.com/patronage/patronage/graph"
)

// Fragment is what an importer read from its input: sources, entities,
// claims and designations, not yet merged into a dataset.
//
// The ends of its claims and the targets and authorities of its
// designations name either an entity of the fragment, an entity id of the
// dataset it will be merged into, or an external id ("ftm:<id>") that an
// entity of that dataset may carry. Merge resolves them.
type Fragment struct {
	Sources      []graph.Source
	Entities     []graph.Entity
	Claims       []graph.Claim
	Designations []graph.Designation
	// Where says where each record came from, as "file:line", by id.
	Where map[string]string
	// Report is what the importer mapped and skipped.
	Report Report
	// Authorities are the designating bodies the importer knows only by
	// the name its records give them, with the programs of their
	// designations: Merge links them to government bodies by name and
	// program (see authority.go).
	Authorities AuthorityPrograms
}

// Report says what an import did, in numbers and in notes a person can
// check.
type Report struct {
	// Mapped counts the input records read, by what they became
	// ("Ownership → claim owns").
	Mapped map[string]int
	// Added and Unchanged count records by table ("entities", "claims" ...)
	// that were new, or already in the dataset exactly.
	Added, Unchanged map[string]int
	// Notes are the records merged, renamed or skipped, each with why.
	Notes []Note
	// Pairs are the candidate matches between incoming and existing
	// entities: every automatic merge and every pair left for review.
	Pairs []Pair
}

// Note kinds.
const (
	NoteSkipped  = "skipped"
	NoteMerged   = "merged"
	NoteRenamed  = "renamed"
	NoteConflict = "conflict" // a merged record disagrees with the existing one
)

// Note is one thing the import did to one record.
type Note struct {
	Kind  string // NoteSkipped, NoteMerged, NoteRenamed or NoteConflict
	Where string // file:line of the input record
	What  string // the record, e.g. "Ownership abc123" or "entity P_X"
	Why   string
}

func (n Note) String() string {
	s := n.Kind + " " + n.What + ": " + n.Why
	if n.Where != "" {
		s = n.Where + ": " + s
	}
	return s
}

// Pair decisions.
const (
	DecisionMerged = "merged"       // merged automatically: same kind, score at or above the merge threshold
	DecisionReview = "kept apart"   // added as a new entity; a person should look
	DecisionKind   = "kind differs" // added as a new entity: the kinds differ
	DecisionTwo    = "ambiguous"    // added as a new entity: several existing entities score as high
)

// Pair is an incoming entity and an existing entity it may be.
type Pair struct {
	Incoming graph.Entity // as read (with its id in the input)
	Where    string       // where the incoming entity was read
	Existing graph.Entity
	Score    float64
	Reasons  []string
	Decision string
	// Result is the id the incoming entity has in the merged dataset.
	Result string
}

// Mapped records one input record mapped to a domain record.
func (r *Report) Map(what string) {
	if r.Mapped == nil {
		r.Mapped = map[string]int{}
	}
	r.Mapped[what]++
}

// Note adds a note.
func (r *Report) Note(kind, where, what, why string, args ...any) {
	if len(args) > 0 {
		why = fmt.Sprintf(why, args...)
	}
	r.Notes = append(r.Notes, Note{Kind: kind, Where: where, What: what, Why: why})
}

func (r *Report) count(m *map[string]int, table string) {
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[table]++
}

// Count returns how many notes of a kind there are.
func (r *Report) Count(kind string) int {
	n := 0
	for _, x := range r.Notes {
		if x.Kind == kind {
			n++
		}
	}
	return n
}

// sortedKeys returns a map's keys in order.
func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Problems collects input errors as "file:line: what is wrong", keeping at
// most Limit of them (and counting the rest), so that a file with a
// million bad lines does not fill memory.
type Problems struct {
	Limit   int // 0 means 1000
	list    []error
	dropped int
}

// Add records a problem at where.
func (p *Problems) Add(where, format string, args ...any) {
	limit := p.Limit
	if limit == 0 {
		limit = 1000
	}
	if len(p.list) >= limit {
		p.dropped++
		return
	}
	p.list = append(p.list, graph.Problem{Where: where, Msg: fmt.Sprintf(format, args...)})
}

// Len is the number of problems found, kept or not.
func (p *Problems) Len() int { return len(p.list) + p.dropped }

// Err returns nil, or every problem kept joined (each wrapping
// graph.ErrInvalid), followed by a count of those not kept.
func (p *Problems) Err() error {
	if p.Len() == 0 {
		return nil
	}
	errs := slices.Clone(p.list)
	if p.dropped > 0 {
		errs = append(errs, fmt.Errorf("%w: and %d more problem(s) not shown", graph.ErrInvalid, p.dropped))
	}
	return errors.Join(errs...)
}
