package graph

// Classify puts assessment rows into the four cells of the table.
func Classify(q AssessmentQuery, rows []SiteAssessment) Assessment {
	a := Assessment{Query: q,
		RaidedConnected: []SiteAssessment{}, RaidedUnconnected: []SiteAssessment{},
		UnraidedConnected: []SiteAssessment{}, UnraidedUnconnected: []SiteAssessment{}}
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
