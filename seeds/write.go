package seeds

// Writing the format Load reads: Write renders a dataset into the files
// (with the external ids, FollowTheMoney and OFAC, in the optional
// external_ids.csv), ReplaceDir swaps a dataset directory for a new one
// atomically, and Storable says what the format cannot hold.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
)

// ReplaceDir writes d into dir: the files are written to a new directory
// beside dir (with every other file dir holds, such as the Go files of
// seeds/), read back and checked exactly as `patronage validate` would,
// and only then swapped in by two renames (dir to dir.new-*.old, the new
// directory to dir). No reader ever sees a mix of old and new files; on any
// error before the swap dir is left as it was. A crash between the two
// renames leaves the old dataset in the .old directory beside dir.
func ReplaceDir(dir string, d *graph.Dataset) (err error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	info, statErr := os.Stat(dir)
	exists := statErr == nil
	switch {
	case exists && !info.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	case exists:
		if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
			return fmt.Errorf("copy %s: %w", dir, err)
		}
		if err := os.Chmod(tmp, info.Mode().Perm()); err != nil {
			return err
		}
	case !errors.Is(statErr, fs.ErrNotExist):
		return statErr
	default:
		if err := os.Chmod(tmp, 0o755); err != nil {
			return err
		}
	}
	if err := Write(tmp, d); err != nil {
		return err
	}
	if _, err := Load(os.DirFS(tmp), dir); err != nil {
		return fmt.Errorf("the dataset would not read back, so %s was left as it was: %w", dir, err)
	}
	if !exists {
		return os.Rename(tmp, dir)
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w (and restoring %s from %s failed: %v)", err, dir, old, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}

// Write writes the dataset's files into the directory dir (which
// must exist), replacing files of the same names. It fails, writing
// nothing, when a record has a field the format cannot hold.
func Write(dir string, d *graph.Dataset) error {
	if err := Storable(d); err != nil {
		return err
	}
	for _, name := range append(Files(), ExternalIDsFile) {
		rows := rows(d, name)
		if name == ExternalIDsFile && len(rows) == 0 {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		err := interop.WriteFile(filepath.Join(dir, name), func(w io.Writer) error { return interop.WriteCSV(w, header(name), rows) })
		if err != nil {
			return err
		}
	}
	return nil
}

func header(name string) []string {
	if name == ExternalIDsFile {
		return []string{"id", "external_id"}
	}
	return Columns(name)
}

// Storable reports every field of d the seed files have no column for
// (a person's province, an organization's coordinates, a document's
// country) and every alias containing the list separator "|".
func Storable(d *graph.Dataset) error {
	var errs []error
	bad := func(e graph.Entity, field string) {
		errs = append(errs, fmt.Errorf("%w: %s %s: the seed files have no column for a %s's %s", graph.ErrInvalid, e.Kind, e.ID, e.Kind, field))
	}
	for _, e := range d.Entities {
		if e.Kind != graph.KindOrganization && e.OrgKind != "" {
			bad(e, "organization kind")
		}
		if e.Kind != graph.KindCompound {
			if e.Coordinates != nil {
				bad(e, "coordinates")
			}
			if e.District != "" || e.Commune != "" {
				bad(e, "district or commune")
			}
			if e.Place != "" && e.Kind != graph.KindOrganization {
				bad(e, "place")
			}
			if (e.Status != "" && e.Status != graph.SiteUnknown) || !e.StatusDate.IsZero() || len(e.StatusSources) > 0 || e.StatusClaimStatus != 0 {
				bad(e, "site status")
			}
		}
		if e.Province != "" && e.Kind != graph.KindCompound && e.Kind != graph.KindOrganization {
			bad(e, "province")
		}
		if e.Country != "" && e.Kind == graph.KindDocument {
			bad(e, "country")
		}
		if e.Kind == graph.KindDocument && len(e.Aliases) > 0 || e.Kind == graph.KindPosition && len(e.Aliases) > 0 {
			bad(e, "aliases")
		}
		for _, a := range e.Aliases {
			if strings.Contains(a, "|") {
				errs = append(errs, fmt.Errorf("%w: %s %s: alias %q contains the list separator |", graph.ErrInvalid, e.Kind, e.ID, a))
			}
		}
	}
	return errors.Join(errs...)
}

func list(ss []string) string { return strings.Join(ss, " | ") }

func count(c *graph.Count) string {
	if c == nil {
		return ""
	}
	return c.String()
}

func status(s graph.ClaimStatus) string {
	if s == 0 {
		return ""
	}
	return s.String()
}

func float(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rows renders the records of one file.
func rows(d *graph.Dataset, name string) [][]string {
	var out [][]string
	add := func(r ...string) { out = append(out, r) }
	kind := map[string]graph.Kind{"people.csv": graph.KindPerson, "organizations.csv": graph.KindOrganization,
		"compounds.csv": graph.KindCompound, "positions.csv": graph.KindPosition, "documents.csv": graph.KindDocument}
	switch name {
	case "sources.csv":
		for _, s := range d.Sources {
			add(s.ID, string(s.Kind), s.Publisher, s.Published.String(), s.URL, s.Title, s.Note)
		}
	case "people.csv", "organizations.csv", "compounds.csv", "positions.csv", "documents.csv":
		for _, e := range d.Entities {
			if e.Kind != kind[name] {
				continue
			}
			switch e.Kind {
			case graph.KindPerson:
				add(e.ID, e.Name, list(e.Aliases), e.Country, e.Note)
			case graph.KindOrganization:
				add(e.ID, string(e.OrgKind), e.Name, list(e.Aliases), e.Country, e.Province, e.Place, e.Note)
			case graph.KindCompound:
				lat, lon := "", ""
				if e.Coordinates != nil {
					lat, lon = float(e.Coordinates.Lat), float(e.Coordinates.Lon)
				}
				st := string(e.Status)
				if e.Status == graph.SiteUnknown {
					st = ""
				}
				add(e.ID, e.Name, list(e.Aliases), e.Country, e.Province, e.District, e.Commune, e.Place, lat, lon,
					st, e.StatusDate.String(), status(e.StatusClaimStatus), list(e.StatusSources), e.Note)
			case graph.KindPosition:
				add(e.ID, e.Name, e.Country, e.Note)
			case graph.KindDocument:
				add(e.ID, e.Name, e.Note)
			}
		}
	case "claims.csv":
		for _, c := range d.Claims {
			add(c.ID, c.From, string(c.Type), c.To, c.Relation, status(c.Status), c.Start.String(), c.End.String(), list(c.Sources), c.Note)
		}
	case "raids.csv":
		for _, r := range d.Raids {
			for i, a := range r.Accounts {
				start, end, prov, dist, comm, place, site, agency := r.Start.String(), r.End.String(), list(r.Provinces), r.District, r.Commune, list(r.Places), r.Site, r.Agency
				if i > 0 {
					start, end, prov, dist, comm, place, site, agency = "", "", "", "", "", "", "", ""
				}
				var bd []string
				for _, n := range a.Breakdown {
					bd = append(bd, n.Nationality+":"+count(n.Count)+":"+count(n.Women))
				}
				add(r.ID, start, end, prov, dist, comm, place, site, agency, count(a.Detained), list(bd), count(a.Women),
					a.Nationalities, list(a.Outcomes), status(a.Status), list(a.Sources), a.Note)
			}
		}
	case "designations.csv":
		for _, ds := range d.Designations {
			add(ds.ID, ds.Target, ds.Authority, ds.Program, ds.Date.String(), status(ds.Status), list(ds.Sources), ds.Note, ds.OnOrBefore.String())
		}
	case "statements.csv":
		for _, s := range d.Statements {
			add(s.ID, s.Subject, s.Topic, s.Text, s.Date.String(), status(s.Status), list(s.Sources), s.Note)
		}
	case ExternalIDsFile:
		for _, e := range d.Entities {
			for _, x := range e.ExternalIDs {
				add(e.ID, x)
			}
		}
	}
	return out
}
