// Package synthetic generates large made-up datasets for benchmarks. Every
// record it makes is labelled SYNTHETIC (ids start with "SYN_", names with
// "Synthetic", the one source says so) and it never reads or writes the
// curated dataset: synthetic data is never mixed with real data.
package synthetic

import (
	"fmt"
	"math/rand/v2"

	"github.com/patronage/patronage/graph"
)

// Dataset makes a deterministic dataset of about n entities: 60% people,
// 25% companies, 10% compounds, the rest positions and government bodies,
// with about two claims per entity, designations on 1% of companies and
// raids on a third of the compounds.
func Dataset(n int, seed uint64) *graph.Dataset {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	d := &graph.Dataset{Version: fmt.Sprintf("synthetic-%d-%d", n, seed)}
	src := "SYN_SRC"
	d.Sources = []graph.Source{{ID: src, Kind: graph.SourceNews, Title: "SYNTHETIC benchmark data: not a real publication",
		Publisher: "patronage synthetic generator", URL: "https://example.invalid/synthetic", Published: graph.MustDate("2025")}}
	var people, companies, compounds, positions []string
	gov := "SYN_GOV"
	d.Entities = append(d.Entities, graph.Entity{ID: gov, Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: "Synthetic Sanctions Office"})
	// real provinces: the sites are fictional, the places they are put in are not
	provinces := []string{"Oddar Meanchey", "Kampot", "Svay Rieng", "Koh Kong"}
	syllables := []string{"ka", "lo", "mei", "phat", "sok", "chan", "dara", "vy", "rith", "sam", "yong", "heng"}
	name := func() string {
		return fmt.Sprintf("Synthetic %s%s %s", syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))])
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("SYN_%07d", i)
		e := graph.Entity{ID: id, Name: name() + fmt.Sprintf(" %d", i)}
		switch x := r.IntN(100); {
		case x < 60:
			e.Kind = graph.KindPerson
			people = append(people, id)
		case x < 85:
			e.Kind, e.OrgKind = graph.KindOrganization, graph.OrgCompany
			companies = append(companies, id)
		case x < 95:
			e.Kind = graph.KindCompound
			e.Province = provinces[r.IntN(len(provinces))]
			compounds = append(compounds, id)
		default:
			e.Kind = graph.KindPosition
			positions = append(positions, id)
		}
		d.Entities = append(d.Entities, e)
	}
	pick := func(ids []string) string { return ids[r.IntN(len(ids))] }
	claim := func(t graph.RelType, from, to string) {
		if from == to {
			return
		}
		st := []graph.ClaimStatus{graph.StatusAlleged, graph.StatusReported, graph.StatusOfficialRecord}[r.IntN(3)]
		c := graph.Claim{ID: fmt.Sprintf("SYN_CL_%08d", len(d.Claims)), Type: t, From: from, To: to, Status: st, Sources: []string{src}}
		if r.IntN(4) == 0 {
			c.Start = graph.Date{Year: 2015 + r.IntN(10)}
		}
		d.Claims = append(d.Claims, c)
	}
	if len(people) == 0 || len(companies) == 0 || len(compounds) == 0 || len(positions) == 0 {
		return d
	}
	for _, p := range people {
		if r.IntN(50) == 0 {
			claim(graph.RelHoldsPosition, p, pick(positions))
		}
		switch r.IntN(3) {
		case 0:
			claim(graph.RelFamilyOf, p, pick(people))
		case 1:
			claim(graph.RelOfficerOf, p, pick(companies))
		}
	}
	for _, c := range companies {
		claim(graph.RelOwns, pick(people), c)
		if r.IntN(3) == 0 {
			claim(graph.RelPartOf, c, pick(companies))
		}
		if r.IntN(100) == 0 {
			d.Designations = append(d.Designations, graph.Designation{ID: "SYN_D_" + c, Target: c, Authority: gov, Program: "SYNTHETIC",
				Date: graph.Date{Year: 2019 + r.IntN(7), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}, Status: graph.StatusOfficialRecord, Sources: []string{src}})
		}
	}
	for i, c := range compounds {
		claim(graph.RelOwns, pick(companies), c)
		if r.IntN(3) == 0 {
			d.Raids = append(d.Raids, graph.Raid{ID: fmt.Sprintf("SYN_R_%07d", i), Site: c,
				Period:    graph.Period{Start: graph.Date{Year: 2022 + r.IntN(4), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}},
				Provinces: []string{provinces[r.IntN(len(provinces))]},
				Accounts: []graph.RaidAccount{{Detained: &graph.Count{Value: r.IntN(2000), Qualifier: graph.CountAbout},
					Status: graph.StatusReported, Sources: []string{src}}}})
		}
	}
	return d
}

// Busiest returns the id of the entity with the most claims in d (ties: the
// least id): the benchmarks' "entity with its claims" question asks for it.
func Busiest(d *graph.Dataset) string {
	deg := map[string]int{}
	for _, c := range d.Claims {
		deg[c.From]++
		deg[c.To]++
	}
	best := ""
	for id, n := range deg {
		if n > deg[best] || (n == deg[best] && id < best) {
			best = id
		}
	}
	return best
}
