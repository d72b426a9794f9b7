package graph

// Classify puts assessment rows into the four cells of the table.
func Classify(q AssessmentQuery, rows []SiteAssessment) Assessment {
	var n [4]int
	for i := range rows {
		n[cell(&rows[i])]++
	}
	a := Assessment{Query: q,
		RaidedConnected: make([]SiteAssessment, 0, n[0]), RaidedUnconnected: make([]SiteAssessment, 0, n[1]),
		UnraidedConnected: make([]SiteAssessment, 0, n[2]), UnraidedUnconnected: make([]SiteAssessment, 0, n[3])}
	SortSites(rows)
	for _, r := range rows {
		switch {
		case r.Raided() && r.Connected:
			a.RaidedConnected = append(a.RaidedConnected, r)
		case r.Raided():
			a.RaidedUnconnected = append(a.RaidedUnconnected, r)
		case r.Connected:
			a.UnraidedConnected = append(a.UnraidedConnected, r)
		default:
			a.UnraidedUnconnected = append(a.UnraidedUnconnected, r)
		}
	}
	return a
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
