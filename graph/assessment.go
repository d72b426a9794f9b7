package graph

// Classify puts assessment rows into the four cells of the table, each cell
// in site id order. It reorders rows in place and the cells share its
// array: a table has thousands of rows of a few hundred bytes each, so
// they are moved once each and never copied into new arrays.
func Classify(q AssessmentQuery, rows []SiteAssessment) Assessment {
	if rows == nil {
		rows = []SiteAssessment{} // cells are never null
	}
	SortSites(rows)
	var n [4]int
	for i := range rows {
		n[cell(&rows[i])]++
	}
	// dest[i] is where row i goes: after the cells before its own, in id
	// order within it
	at := [4]int{0, n[0], n[0] + n[1], n[0] + n[1] + n[2]}
	dest := make([]int32, len(rows))
	for i := range rows {
		c := cell(&rows[i])
		dest[i] = int32(at[c])
		at[c]++
	}
	// follow each cycle of the permutation: every swap puts one row home
	for i := range rows {
		for int(dest[i]) != i {
			j := dest[i]
			rows[i], rows[j] = rows[j], rows[i]
			dest[i], dest[j] = dest[j], j
		}
	}
	end := [4]int{n[0], n[0] + n[1], n[0] + n[1] + n[2], len(rows)}
	return Assessment{Query: q,
		RaidedConnected:     rows[0:end[0]:end[0]],
		RaidedUnconnected:   rows[end[0]:end[1]:end[1]],
		UnraidedConnected:   rows[end[1]:end[2]:end[2]],
		UnraidedUnconnected: rows[end[2]:end[3]:end[3]],
	}
}

// cell numbers a row's cell in Classify's order: raided and connected,
// raided, connected, neither.
func cell(r *SiteAssessment) int {
	switch {
	case r.Raided() && r.Connected:
		return 0
	case r.Raided():
		return 1
	case r.Connected:
		return 2
	}
	return 3
}
