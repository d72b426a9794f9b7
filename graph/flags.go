package graph

// The rules that derive Flags. Every backend applies exactly these.

// CountsAsPosition reports whether a holds_position claim makes its holder
// politically exposed under q: strong enough, and held by q.AsOf — since
// the date PositionSince gives. A position that has ended still counts
// ("holds or held", as FATF has it).
func CountsAsPosition(c Claim, since Date, q FlagQuery) bool {
	return c.Type == RelHoldsPosition && c.Status.AtLeast(q.MinStatus) && startedBy(since, q.AsOf)
}

// PositionSince is when a holds_position claim is taken to hold from: its
// start date, or, when the sources give none, the earliest publication
// date among its sources — the office is attested from then, not from the
// beginning of time. Zero when neither is known (then it counts at any
// as-of date). published gives a source's publication date.
func PositionSince(c Claim, published func(sourceID string) Date) Date {
	if !c.Start.IsZero() {
		return c.Start
	}
	var since Date
	for _, id := range c.Sources {
		if p := published(id); !p.IsZero() && (since.IsZero() || p.First().Ordinal() < since.First().Ordinal()) {
			since = p
		}
	}
	return since
}

// CountsAsDesignation reports whether a designation makes its target
// sanctioned under q: strong enough and made by q.AsOf.
//
// A designation whose date is unknown counts at every as-of date: what is
// documented is that it was made, not when. Its OnOrBefore date does not
// change that: from that date on the designation is known to be in force;
// before it, the designation may already have been made (a list dated
// 2025-02-07 carries designations of 2019), so the unknown date counts as
// documented there too, as for one with no on-or-before date at all.
func CountsAsDesignation(d Designation, q FlagQuery) bool {
	return d.Status.AtLeast(q.MinStatus) && startedBy(d.Date, q.AsOf)
}

// CloseAssociateTypes are the claims that make someone a relative or close
// associate of a politically exposed person: family_of and associate_of in
// either direction, adviser_to from the adviser.
func CloseAssociateTypes() []RelType { return []RelType{RelFamilyOf, RelAssociateOf, RelAdviserTo} }

// CountsAsCloseTie reports whether claim c ties entity self to the other
// end as relative or close associate under q (in effect at q.AsOf).
func CountsAsCloseTie(c Claim, self string, q FlagQuery) bool {
	if !c.Status.AtLeast(q.MinStatus) || !c.InEffect(q.AsOf) {
		return false
	}
	switch c.Type {
	case RelFamilyOf, RelAssociateOf:
		return c.From == self || c.To == self
	case RelAdviserTo:
		return c.From == self
	}
	return false
}

func startedBy(start, asOf Date) bool {
	return asOf.IsZero() || start.IsZero() || start.First().Ordinal() <= asOf.Last().Ordinal()
}

// RaidCounts reports whether a raid counts within the window [from, to]
// at the minimum status: its period may overlap the window and at least
// one account is strong enough.
func RaidCounts(r Raid, from, to Date, min ClaimStatus) bool {
	return r.Overlaps(from, to) && r.Status().AtLeast(min)
}
