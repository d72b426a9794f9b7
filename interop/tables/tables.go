// Package tables writes the graph as flat CSV tables for pandas and
// spreadsheets: entities.csv, claims.csv, raids.csv (one row per account),
// designations.csv, statements.csv and sources.csv. Lists are joined with
// " | " as in the seed files; references carry the name of what they
// point at next to its id; counts are split into a number and its
// qualifier; dates keep their precision (YYYY, YYYY-MM or YYYY-MM-DD);
// places are gazetteer codes (package gazetteer), with the province,
// district and commune codes that contain them.
package tables

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
)

// Files are the tables Write writes, in order.
func Files() []string {
	return []string{"entities.csv", "claims.csv", "raids.csv", "designations.csv", "statements.csv", "sources.csv"}
}

// Columns returns the header of a table.
func Columns(file string) []string { return columns[file] }

var columns = map[string][]string{
	"entities.csv": {"id", "kind", "name", "aliases", "org_kind", "country", "province", "district", "commune",
		"place_code", "province_code", "district_code", "commune_code", "lat", "lon",
		"site_status", "status_date", "status_claim", "status_sources", "external_ids", "note"},
	"claims.csv": {"id", "type", "from", "from_name", "from_kind", "to", "to_name", "to_kind", "relation", "status",
		"start", "end", "sources", "source_urls", "source_publishers", "note"},
	"raids.csv": {"raid_id", "account", "start", "end", "provinces", "district", "commune",
		"place_codes", "province_codes", "district_codes", "commune_codes", "site", "site_name", "agency",
		"detained", "detained_qualifier", "women", "women_qualifier", "breakdown", "nationalities", "outcomes",
		"status", "sources", "source_urls", "note", "raid_note"},
	"designations.csv": {"id", "target", "target_name", "target_kind", "authority", "authority_name", "program", "date",
		"on_or_before", "status", "sources", "source_urls", "note"},
	"statements.csv": {"id", "subject", "subject_name", "topic", "text", "date", "status", "sources", "source_urls", "note"},
	"sources.csv":    {"id", "kind", "publisher", "published", "url", "title", "note"},
}

// Write writes every table into dir (created if needed), each file
// replaced at once (interop.WriteFile).
func Write(dir string, d *graph.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	g, err := gazetteer.Default()
	if err != nil {
		return err
	}
	t := newTables(d, g)
	for _, name := range Files() {
		rows := t.rows(name)
		err := interop.WriteFile(filepath.Join(dir, name), func(w io.Writer) error { return interop.WriteCSV(w, columns[name], rows) })
		if err != nil {
			return err
		}
	}
	return nil
}

type tables struct {
	d        *graph.Dataset
	g        *gazetteer.Gazetteer
	entities map[string]graph.Entity
	sources  map[string]graph.Source
}

func newTables(d *graph.Dataset, g *gazetteer.Gazetteer) *tables {
	t := &tables{d: d, g: g, entities: map[string]graph.Entity{}, sources: map[string]graph.Source{}}
	for _, e := range d.Entities {
		t.entities[e.ID] = e
	}
	for _, s := range d.Sources {
		t.sources[s.ID] = s
	}
	return t
}

// lineage is the province, district and commune codes of a place (its
// own among them), "" for a level it does not reach or an unknown code.
func (t *tables) lineage(code string) [3]string {
	var out [3]string
	for _, u := range t.g.Lineage(code) {
		if u.Level <= gazetteer.Commune {
			out[u.Level-gazetteer.Province] = u.Code
		}
	}
	return out
}

func list(ss []string) string { return strings.Join(ss, " | ") }

func (t *tables) urls(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, t.sources[id].URL)
	}
	return list(out)
}

func (t *tables) publishers(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, t.sources[id].Publisher)
	}
	return list(out)
}

func status(s graph.ClaimStatus) string {
	if s == 0 {
		return ""
	}
	return s.String()
}

func count(c *graph.Count) (string, string) {
	if c == nil {
		return "", ""
	}
	return strconv.Itoa(c.Value), string(c.Qualifier)
}

func (t *tables) rows(name string) [][]string {
	var out [][]string
	add := func(r ...string) { out = append(out, r) }
	switch name {
	case "entities.csv":
		for _, e := range t.d.Entities {
			lat, lon := "", ""
			if c := e.Coordinates; c != nil {
				lat, lon = strconv.FormatFloat(c.Lat, 'f', -1, 64), strconv.FormatFloat(c.Lon, 'f', -1, 64)
			}
			codes := t.lineage(e.Place)
			add(e.ID, string(e.Kind), e.Name, list(e.Aliases), string(e.OrgKind), e.Country, e.Province, e.District, e.Commune,
				e.Place, codes[0], codes[1], codes[2], lat, lon, string(e.Status), e.StatusDate.String(), status(e.StatusClaimStatus), list(e.StatusSources),
				list(e.ExternalIDs), e.Note)
		}
	case "claims.csv":
		for _, c := range t.d.Claims {
			f, to := t.entities[c.From], t.entities[c.To]
			add(c.ID, string(c.Type), c.From, f.Name, string(f.Kind), c.To, to.Name, string(to.Kind), c.Relation, status(c.Status),
				c.Start.String(), c.End.String(), list(c.Sources), t.urls(c.Sources), t.publishers(c.Sources), c.Note)
		}
	case "raids.csv":
		for _, r := range t.d.Raids {
			var codes [3][]string
			for _, p := range r.Places {
				for l, c := range t.lineage(p) {
					if c != "" && !slices.Contains(codes[l], c) {
						codes[l] = append(codes[l], c)
					}
				}
			}
			for i, a := range r.Accounts {
				det, detQ := count(a.Detained)
				wom, womQ := count(a.Women)
				var bd []string
				for _, n := range a.Breakdown {
					c, _ := count(n.Count)
					w, _ := count(n.Women)
					if n.Count != nil && n.Count.Qualifier != graph.CountExact {
						c = n.Count.String()
					}
					if n.Women != nil && n.Women.Qualifier != graph.CountExact {
						w = n.Women.String()
					}
					bd = append(bd, n.Nationality+":"+c+":"+w)
				}
				add(r.ID, strconv.Itoa(i+1), r.Start.String(), r.End.String(), list(r.Provinces), r.District, r.Commune,
					list(r.Places), list(codes[0]), list(codes[1]), list(codes[2]), r.Site, t.entities[r.Site].Name, r.Agency, det, detQ, wom, womQ, list(bd), a.Nationalities,
					list(a.Outcomes), status(a.Status), list(a.Sources), t.urls(a.Sources), a.Note, r.Note)
			}
		}
	case "designations.csv":
		for _, ds := range t.d.Designations {
			tg := t.entities[ds.Target]
			add(ds.ID, ds.Target, tg.Name, string(tg.Kind), ds.Authority, t.entities[ds.Authority].Name, ds.Program,
				ds.Date.String(), ds.OnOrBefore.String(), status(ds.Status), list(ds.Sources), t.urls(ds.Sources), ds.Note)
		}
	case "statements.csv":
		for _, s := range t.d.Statements {
			add(s.ID, s.Subject, t.entities[s.Subject].Name, s.Topic, s.Text, s.Date.String(), status(s.Status),
				list(s.Sources), t.urls(s.Sources), s.Note)
		}
	case "sources.csv":
		for _, s := range t.d.Sources {
			add(s.ID, string(s.Kind), s.Publisher, s.Published.String(), s.URL, s.Title, s.Note)
		}
	}
	return out
}
