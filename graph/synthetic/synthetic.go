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
	g := &generator{r: rand.New(rand.NewPCG(seed, 0x5eed)), d: &graph.Dataset{Version: fmt.Sprintf("synthetic-%d-%d", n, seed)}}
	g.d.Sources = []graph.Source{{ID: source, Kind: graph.SourceNews, Title: "SYNTHETIC benchmark data: not a real publication",
		Publisher: "patronage synthetic generator", URL: "https://example.invalid/synthetic", Published: graph.MustDate("2025")}}
	g.d.Entities = append(g.d.Entities, graph.Entity{ID: gov, Kind: graph.KindOrganization, OrgKind: graph.OrgGovernmentBody, Name: "Synthetic Sanctions Office"})
	g.entities(n)
	if len(g.people) == 0 || len(g.companies) == 0 || len(g.compounds) == 0 || len(g.positions) == 0 {
		return g.d
	}
	g.relatePeople()
	g.relateCompanies()
	g.relateCompounds()
	return g.d
}

// The one source every record cites, and the one designating body.
const (
	source = "SYN_SRC"
	gov    = "SYN_GOV"
)

// real provinces: the sites are fictional, the places they are put in are not
var provinces = []string{"Oddar Meanchey", "Kampot", "Svay Rieng", "Koh Kong"}

var syllables = []string{"ka", "lo", "mei", "phat", "sok", "chan", "dara", "vy", "rith", "sam", "yong", "heng"}

// generator makes one dataset; every random draw comes from r, in a fixed
// order, so that a seed gives one dataset.
type generator struct {
	r                                       *rand.Rand
	d                                       *graph.Dataset
	people, companies, compounds, positions []string // ids by kind
}

func (g *generator) name() string {
	r := g.r
	return fmt.Sprintf("Synthetic %s%s %s", syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))])
}

func (g *generator) pick(ids []string) string { return ids[g.r.IntN(len(ids))] }

// entities makes n entities of random kinds.
func (g *generator) entities(n int) {
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("SYN_%07d", i)
		e := graph.Entity{ID: id, Name: g.name() + fmt.Sprintf(" %d", i)}
		switch x := g.r.IntN(100); {
		case x < 60:
			e.Kind = graph.KindPerson
			g.people = append(g.people, id)
		case x < 85:
			e.Kind, e.OrgKind = graph.KindOrganization, graph.OrgCompany
			g.companies = append(g.companies, id)
		case x < 95:
			e.Kind = graph.KindCompound
			e.Province = provinces[g.r.IntN(len(provinces))]
			g.compounds = append(g.compounds, id)
		default:
			e.Kind = graph.KindPosition
			g.positions = append(g.positions, id)
		}
		g.d.Entities = append(g.d.Entities, e)
	}
}

// claim adds a claim between two different entities.
func (g *generator) claim(t graph.RelType, from, to string) {
	if from == to {
		return
	}
	r := g.r
	st := []graph.ClaimStatus{graph.StatusAlleged, graph.StatusReported, graph.StatusOfficialRecord}[r.IntN(3)]
	c := graph.Claim{ID: fmt.Sprintf("SYN_CL_%08d", len(g.d.Claims)), Type: t, From: from, To: to, Status: st, Sources: []string{source}}
	if r.IntN(4) == 0 {
		c.Start = graph.Date{Year: 2015 + r.IntN(10)}
	}
	g.d.Claims = append(g.d.Claims, c)
}

// relatePeople gives people positions, families and companies they are officers of.
func (g *generator) relatePeople() {
	for _, p := range g.people {
		if g.r.IntN(50) == 0 {
			g.claim(graph.RelHoldsPosition, p, g.pick(g.positions))
		}
		switch g.r.IntN(3) {
		case 0:
			g.claim(graph.RelFamilyOf, p, g.pick(g.people))
		case 1:
			g.claim(graph.RelOfficerOf, p, g.pick(g.companies))
		}
	}
}

// relateCompanies gives companies owners, parents and designations.
func (g *generator) relateCompanies() {
	r := g.r
	for _, c := range g.companies {
		g.claim(graph.RelOwns, g.pick(g.people), c)
		if r.IntN(3) == 0 {
			g.claim(graph.RelPartOf, c, g.pick(g.companies))
		}
		if r.IntN(100) == 0 {
			g.d.Designations = append(g.d.Designations, graph.Designation{ID: "SYN_D_" + c, Target: c, Authority: gov, Program: "SYNTHETIC",
				Date: graph.Date{Year: 2019 + r.IntN(7), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}, Status: graph.StatusOfficialRecord, Sources: []string{source}})
		}
	}
}

// relateCompounds gives compounds owners and raids.
func (g *generator) relateCompounds() {
	r := g.r
	for i, c := range g.compounds {
		g.claim(graph.RelOwns, g.pick(g.companies), c)
		if r.IntN(3) == 0 {
			g.d.Raids = append(g.d.Raids, graph.Raid{ID: fmt.Sprintf("SYN_R_%07d", i), Site: c,
				Period:    graph.Period{Start: graph.Date{Year: 2022 + r.IntN(4), Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}},
				Provinces: []string{provinces[r.IntN(len(provinces))]},
				Accounts: []graph.RaidAccount{{Detained: &graph.Count{Value: r.IntN(2000), Qualifier: graph.CountAbout},
					Status: graph.StatusReported, Sources: []string{source}}}})
		}
	}
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
