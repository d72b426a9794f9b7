package httpapi_test

import (
	"slices"
	"testing"

	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/seeds"
)

// TestSeedsHeadline checks a few sourced headline facts on the curated
// dataset built into the binary. The dataset is still growing: only facts
// that new entries cannot change are asserted.
func TestSeedsHeadline(t *testing.T) {
	d, err := seeds.Load(seeds.Embedded(), "seeds")
	if err != nil {
		t.Fatalf("loading the seeds: %v", err)
	}
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, s)
	got := must[struct {
		SiteAssessment table
		DatasetVersion string
	}](t, post(t, h, `{ datasetVersion siteAssessment(from: "2025-07", to: "2025-07") {`+assessmentSelection, nil))
	if got.DatasetVersion != d.Version {
		t.Errorf("datasetVersion = %q, want %q", got.DatasetVersion, d.Version)
	}
	rows := map[string]row{}
	for _, r := range got.SiteAssessment.Sites {
		rows[r.Site.ID] = r
	}

	// O'Smach Resort is itself designated by OFAC (GloMag, 12 Sep 2024):
	// connected at 0 hops, with the designation as the reason.
	osmach, ok := rows["C_OSMACH"]
	if !ok || !osmach.Connected || len(osmach.Evidence) == 0 {
		t.Fatalf("C_OSMACH = %+v, want connected", osmach)
	}
	ev := osmach.Evidence[0]
	if ev.Path.Length != 0 || !slices.ContainsFunc(ev.Reasons, func(r reason) bool {
		return r.Kind == "SANCTIONED" && r.Entity.ID == "C_OSMACH" && r.Designation != nil && r.Designation.Program == "GloMag"
	}) {
		t.Errorf("C_OSMACH evidence = %+v, want its own GloMag designation at 0 hops", ev)
	}

	// Its owner chain is sourced too: L.Y.P. Group owns it, and is designated.
	chain := must[struct {
		Entity struct {
			Sanctions     []struct{ Date, Authority struct{ ID string } }
			Relationships struct {
				Edges []struct {
					Node struct {
						ID    string
						Flags struct{ Sanctioned bool }
					}
					Claim struct {
						Type, Status string
						Sources      []struct{ URL string }
					}
				}
			}
		}
	}](t, post(t, h, `{ entity(id: "C_OSMACH") {
		sanctions { authority { id } }
		relationships(types: [OWNS], direction: IN) { edges { node { id flags { sanctioned } } claim { type status sources { url } } } }
	} }`, nil))
	e := chain.Entity
	if len(e.Sanctions) == 0 || e.Sanctions[0].Authority.ID != "G_OFAC" {
		t.Errorf("C_OSMACH sanctions = %+v, want OFAC's", e.Sanctions)
	}
	owners := e.Relationships.Edges
	if len(owners) == 0 || owners[0].Node.ID != "O_LYPGROUP" || !owners[0].Node.Flags.Sanctioned || owners[0].Claim.Status != "OFFICIAL_RECORD" || owners[0].Claim.Sources[0].URL == "" {
		t.Errorf("C_OSMACH owners = %+v, want O_LYPGROUP (sanctioned), official record, with a source URL", owners)
	}

	// The rented house in Pi Thnou (Kratie) was raided on 16 July 2025 and
	// nothing connects it to anyone.
	house, ok := rows["RS_KRATIE_PITHNOU"]
	if !ok || !house.Raided || house.Connected || len(house.Evidence) != 0 {
		t.Errorf("RS_KRATIE_PITHNOU = %+v, want raided and not connected", house)
	}
	if !slices.ContainsFunc(got.SiteAssessment.RaidedUnconnected, func(r row) bool { return r.Site.ID == "RS_KRATIE_PITHNOU" }) {
		t.Errorf("RS_KRATIE_PITHNOU is not in the raided-unconnected cell")
	}
}
