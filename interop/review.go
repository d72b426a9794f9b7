package interop

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReviewColumns is the header of the review CSV.
var ReviewColumns = []string{"decision", "score", "incoming_where", "incoming_id", "incoming_kind", "incoming_name",
	"existing_id", "existing_kind", "existing_name", "result_id", "reasons"}

// WriteReviewCSV writes every candidate pair, one per row: the automatic
// merges (so that a person can undo one) and the pairs kept apart.
func WriteReviewCSV(w io.Writer, pairs []Pair) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ReviewColumns); err != nil {
		return err
	}
	for _, p := range pairs {
		if err := cw.Write([]string{p.Decision, strconv.FormatFloat(p.Score, 'f', 3, 64), p.Where,
			p.Incoming.ID, string(p.Incoming.Kind), p.Incoming.Name,
			p.Existing.ID, string(p.Existing.Kind), p.Existing.Name, p.Result, strings.Join(p.Reasons, "; ")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteReviewMarkdown writes the review report for people: what to check,
// then a table of the pairs.
func WriteReviewMarkdown(w io.Writer, title string, rep *Report, opt MergeOptions) error {
	if opt.AutoMerge == 0 {
		opt.AutoMerge = DefaultAutoMerge
	}
	if opt.Review == 0 {
		opt.Review = DefaultReview
	}
	ew := &errWriter{w: w}
	ew.printf("# Review: %s\n\n", title)
	ew.printf("Incoming entities were merged into existing ones only when the kinds agree and a name scores at least %.2f "+
		"(the same name after folding case, accents, titles and legal forms; the same words in another order or spacing), "+
		"or when they share an id or an external id. Pairs scoring at least %.2f are listed below. "+
		"Check each pair marked *%s*, *%s* or *%s* against the sources before merging them by hand; "+
		"check the *%s* ones too: merged names are listed as aliases.\n\n",
		opt.AutoMerge, opt.Review, DecisionReview, DecisionKind, DecisionTwo, DecisionMerged)
	if len(rep.Pairs) == 0 {
		ew.printf("No candidate pairs.\n")
		return ew.err
	}
	ew.printf("| decision | score | incoming | existing | now | reasons |\n|---|---|---|---|---|---|\n")
	for _, p := range rep.Pairs {
		ew.printf("| %s | %.3f | %s %s %q (%s) | %s %s %q | %s | %s |\n", p.Decision, p.Score,
			mdEscape(p.Where), p.Incoming.Kind, mdEscape(p.Incoming.Name), mdEscape(p.Incoming.ID),
			p.Existing.ID, p.Existing.Kind, mdEscape(p.Existing.Name), p.Result, mdEscape(strings.Join(p.Reasons, "; ")))
	}
	return ew.err
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// WriteSummary writes what the import did: counts, then every note (at
// most limit per kind, 0 for all).
func (r *Report) WriteSummary(w io.Writer, limit int) error {
	ew := &errWriter{w: w}
	ew.printf("read and mapped:\n")
	for _, k := range sortedKeys(r.Mapped) {
		ew.printf("  %6d  %s\n", r.Mapped[k], k)
	}
	for _, t := range []struct {
		name string
		m    map[string]int
	}{{"added", r.Added}, {"already present, unchanged", r.Unchanged}} {
		if len(t.m) == 0 {
			continue
		}
		var parts []string
		for _, k := range sortedKeys(t.m) {
			parts = append(parts, fmt.Sprintf("%d %s", t.m[k], k))
		}
		ew.printf("%s: %s\n", t.name, strings.Join(parts, ", "))
	}
	for _, kind := range []string{NoteMerged, NoteConflict, NoteRenamed, NoteSkipped} {
		n := r.Count(kind)
		if n == 0 {
			continue
		}
		ew.printf("%s: %d\n", kind, n)
		shown := 0
		for _, x := range r.Notes {
			if x.Kind != kind {
				continue
			}
			if limit > 0 && shown == limit {
				ew.printf("  ... and %d more\n", n-shown)
				break
			}
			shown++
			ew.printf("  %s\n", x)
		}
	}
	review := 0
	for _, p := range r.Pairs {
		if p.Decision != DecisionMerged {
			review++
		}
	}
	ew.printf("candidate pairs: %d (%d merged automatically, %d to review)\n", len(r.Pairs), len(r.Pairs)-review, review)
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
