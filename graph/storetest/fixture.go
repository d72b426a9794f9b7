package storetest

import "github.com/patronage/patronage/graph"

// Fixture returns a small hand-built dataset. Every name in it is
// FICTIONAL test data, made up to exercise hops, as-of dates and claim
// statuses; none of it describes a real person, company or place.
//
//	P_SEN   holds POS_SEN (official, from 2020)            → politically exposed
//	P_KID   family_of P_SEN ("child", reported)            → relative
//	P_ADV   adviser_to P_SEN (alleged, from 2023-06)       → close associate
//	O_HOLD  owned by P_KID (reported, 2021 to 2023-12)
//	C_A     owned by O_HOLD (official)     C_A→O_HOLD→P_KID→P_SEN: 3 hops, until 2023
//	C_B     operated by P_ADV (alleged)    C_B→P_ADV→P_SEN: 2 hops, alleged
//	C_C     itself designated (2024-09-12) connected at 0 hops from 2024-09-12
//	C_D     linked_to P_SEN                not followed by default
//	C_E     O_FAR owns C_E, O_FAR part_of O_MID part_of O_TOP, P_SEN owns O_TOP: 4 hops
//	C_F     owned by O_SANC (denied)       O_SANC is designated: denied claim never counts
//	C_G     nothing known                  raided twice, never connected
//	P_MIN   holds POS_SEN, undated (reported 2025-07) → exposed from 2025-07-01 only
func Fixture() *graph.Dataset {
	d := graph.MustDate
	return &graph.Dataset{
		Version: "fixture",
		Sources: []graph.Source{
			{ID: "S_FX_GAZETTE", Kind: graph.SourceOfficialRecord, Title: "Fictional Gazette, Designations", Publisher: "Fixture Ministry", URL: "https://example.org/gazette", Published: d("2024-09-12")},
			{ID: "S_FX_NEWS", Kind: graph.SourceNews, Title: "Fictional Daily: Who owns the parks", Publisher: "Fictional Daily", URL: "https://example.org/news", Published: d("2025-07")},
			{ID: "S_FX_NGO", Kind: graph.SourceNGOReport, Title: "Fictional Watch report", Publisher: "Fictional Watch", URL: "https://example.org/ngo", Published: d("2025")},
		},
		Entities: []graph.Entity{
			{ID: "P_SEN", Kind: graph.KindPerson, Name: "Ōkna Alpha Senator", Aliases: []string{"阿尔法", "Senator Alpha"}, Country: "XX"},
			{ID: "P_KID", Kind: graph.KindPerson, Name: "Beta Child", Country: "XX"},
			{ID: "P_ADV", Kind: graph.KindPerson, Name: "Gamma Adviser", Aliases: []string{"G. Adviser"}},
			{ID: "P_MIN", Kind: graph.KindPerson, Name: "Mu Minister"},
			{ID: "POS_SEN", Kind: graph.KindPosition, Name: "Senator of Fixtureland"},
			{ID: "G_FX_GOV", Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: "Fixture Sanctions Office"},
			{ID: "O_HOLD", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Hold Co"},
			{ID: "O_FAR", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Far Co"},
			{ID: "O_MID", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Mid Co"},
			{ID: "O_TOP", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Top Group"},
			{ID: "O_SANC", Kind: graph.KindOrganization, OrgKind: graph.OrgCompany, Name: "Sanctioned Co"},
			{ID: "C_A", Kind: graph.KindCompound, Name: "Alpha Park", Aliases: []string{"阿尔法园区"}, Province: "Kampot", Place: "07", Status: graph.SiteOperating, StatusDate: d("2025-07"), StatusSources: []string{"S_FX_NEWS"}, StatusClaimStatus: graph.StatusReported, Coordinates: &graph.Coordinates{Lat: 11.5, Lon: 104.9}},
			{ID: "C_B", Kind: graph.KindCompound, Name: "Beta Tower", Province: "Kampot", Place: "07"},
			{ID: "C_C", Kind: graph.KindCompound, Name: "Casino Ô", Aliases: []string{"Casino O"}, Province: "Kandal", Place: "08"},
			{ID: "C_D", Kind: graph.KindCompound, Name: "Delta Compound", Province: "Kandal", Place: "08"},
			{ID: "C_E", Kind: graph.KindCompound, Name: "Echo Park", Province: "Kep", Place: "23"},
			{ID: "C_F", Kind: graph.KindCompound, Name: "Foxtrot Hotel", Province: "Kep", Place: "23"},
			{ID: "C_G", Kind: graph.KindCompound, Name: "Rented house, Golf village", Province: "Pailin", Place: "24"},
			{ID: "DOC_FX", Kind: graph.KindDocument, Name: "Fictional directive"},
		},
		Claims: []graph.Claim{
			{ID: "CL_01", Type: graph.RelHoldsPosition, From: "P_SEN", To: "POS_SEN", Status: graph.StatusOfficialRecord, Period: graph.Period{Start: d("2020")}, Sources: []string{"S_FX_GAZETTE"}},
			{ID: "CL_02", Type: graph.RelFamilyOf, From: "P_KID", To: "P_SEN", Relation: "child", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_03", Type: graph.RelAdviserTo, From: "P_ADV", To: "P_SEN", Status: graph.StatusAlleged, Period: graph.Period{Start: d("2023-06")}, Sources: []string{"S_FX_NGO"}},
			{ID: "CL_04", Type: graph.RelOwns, From: "P_KID", To: "O_HOLD", Status: graph.StatusReported, Period: graph.Period{Start: d("2021"), End: d("2023-12")}, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_05", Type: graph.RelOwns, From: "O_HOLD", To: "C_A", Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE", "S_FX_NEWS"}},
			{ID: "CL_06", Type: graph.RelOperates, From: "P_ADV", To: "C_B", Status: graph.StatusAlleged, Sources: []string{"S_FX_NGO"}},
			{ID: "CL_07", Type: graph.RelLinkedTo, From: "C_D", To: "P_SEN", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_08", Type: graph.RelOwns, From: "O_FAR", To: "C_E", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_09", Type: graph.RelPartOf, From: "O_FAR", To: "O_MID", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_10", Type: graph.RelPartOf, From: "O_MID", To: "O_TOP", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_11", Type: graph.RelOwns, From: "P_SEN", To: "O_TOP", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_12", Type: graph.RelOwns, From: "O_SANC", To: "C_F", Status: graph.StatusDenied, Sources: []string{"S_FX_NEWS"}, Note: "the company denies owning the hotel"},
			{ID: "CL_13", Type: graph.RelIssued, From: "P_SEN", To: "DOC_FX", Status: graph.StatusReported, Period: graph.Period{Start: d("2025-07-14")}, Sources: []string{"S_FX_NEWS"}},
			{ID: "CL_15", Type: graph.RelHoldsPosition, From: "P_MIN", To: "POS_SEN", Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}, Note: "undated: held from the source's date"},
			{ID: "CL_14", Type: graph.RelIssued, From: "P_SEN", To: "DOC_FX", Status: graph.StatusReported, Period: graph.Period{Start: d("2025-07-15")}, Sources: []string{"S_FX_NGO"}, Note: "a second source dates it a day later; both kept"},
		},
		Designations: []graph.Designation{
			{ID: "D_FX_1", Target: "C_C", Authority: "G_FX_GOV", Program: "FIXTURE", Date: d("2024-09-12"), Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}},
			{ID: "D_FX_2", Target: "O_SANC", Authority: "G_FX_GOV", Program: graph.ProgramNotVerified, Date: d("2025-09-08"), Status: graph.StatusOfficialRecord, Sources: []string{"S_FX_GAZETTE"}},
		},
		Raids: []graph.Raid{
			{ID: "R_FX_1", Period: graph.Period{Start: d("2025-07-14")}, Provinces: []string{"Kampot"}, Places: []string{"07"}, Site: "C_A", Accounts: []graph.RaidAccount{
				{Detained: &graph.Count{Value: 234, Qualifier: graph.CountExact}, Breakdown: []graph.NationalityCount{{Nationality: "Fictionalian", Count: &graph.Count{Value: 200}, Women: &graph.Count{Value: 20}}}, Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
				{Detained: &graph.Count{Value: 230, Qualifier: graph.CountAtLeast}, Status: graph.StatusReported, Sources: []string{"S_FX_NGO"}, Note: "a second count; both kept"},
			}},
			{ID: "R_FX_2", Period: graph.Period{Start: d("2025-07-16")}, Provinces: []string{"Pailin"}, Places: []string{"24"}, Site: "C_G", Accounts: []graph.RaidAccount{
				{Detained: &graph.Count{Value: 312}, Women: &graph.Count{Value: 56}, Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}}}},
			{ID: "R_FX_3", Period: graph.Period{Start: d("2024-10")}, Provinces: []string{"Pailin"}, Places: []string{"24"}, Site: "C_G", Accounts: []graph.RaidAccount{
				{Detained: &graph.Count{Value: 1000, Qualifier: graph.CountAbout}, Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}}}},
			{ID: "R_FX_4", Period: graph.Period{Start: d("2025-07-17"), End: d("2025-07-18")}, Provinces: []string{"Kandal", "Kep"}, Places: []string{"08", "23"}, Accounts: []graph.RaidAccount{
				{Detained: &graph.Count{Value: 500, Qualifier: graph.CountAtLeast}, Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}, Outcomes: []string{"suspects released"}}}},
			{ID: "R_FX_5", Period: graph.Period{Start: d("2025-07-20")}, Provinces: []string{"Kandal"}, Places: []string{"08"}, Site: "C_D", Accounts: []graph.RaidAccount{
				{Nationalities: "not stated", Status: graph.StatusAlleged, Sources: []string{"S_FX_NGO"}}}},
		},
		Statements: []graph.Statement{
			{ID: "ST_FX_1", Topic: "scam_sites_estimate", Text: "as many as 350 active sites", Date: d("2025-07"), Status: graph.StatusReported, Sources: []string{"S_FX_NEWS"}},
		},
	}
}
