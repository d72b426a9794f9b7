package ftm

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/patronage/patronage/graph"
)

// OpenSanctions (and other publishers of FtM data) put provenance on the
// dataset and on entities, not on each Ownership, Directorship, Family or
// Sanction record. A record that cites nothing of its own takes its
// provenance, in this order, from the entities it links (their sourceUrl
// and publisher), from the dataset's own metadata (Options.Dataset), or
// from what the person importing says (Options.Given). The claim's note
// says which. Nothing is invented: with none of them, the record is
// skipped and the report says so.

// Dataset describes a dataset as its publisher does: an OpenSanctions
// dataset's index.json, for instance.
type Dataset struct {
	Name, Title, URL string
	Publisher        string
	PublisherURL     string
	Published        graph.Date // when the data were last changed or exported
	File             string     // where the description was read
}

// Given is provenance stated at import (--source-url, --publisher,
// --published).
type Given struct {
	URL, Publisher string
	Published      graph.Date
}

func (g Given) empty() bool { return g.URL == "" && g.Publisher == "" }

// ReadDatasets reads dataset descriptions: the JSON object of an
// OpenSanctions dataset (its index.json: name, title, url, publisher
// {name, url}, updated_at / last_change / last_export), or an index of
// several, {"datasets": [...]}. Each must give a title and a publisher or
// an address.
func ReadDatasets(r io.Reader, file string) ([]Dataset, error) {
	var top struct {
		datasetJSON
		Datasets []datasetJSON `json:"datasets"`
	}
	if err := json.NewDecoder(r).Decode(&top); err != nil {
		return nil, fmt.Errorf("%w: %s: not a dataset description (a JSON object): %v", graph.ErrInvalid, file, err)
	}
	list := top.Datasets
	if top.Title != "" {
		list = append([]datasetJSON{top.datasetJSON}, list...)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: %s: no dataset described (want a title, or a list \"datasets\")", graph.ErrInvalid, file)
	}
	var out []Dataset
	for i, raw := range list {
		d, err := raw.dataset(file)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: dataset %d (%s): %v", graph.ErrInvalid, file, i+1, raw.Name, err)
		}
		out = append(out, d)
	}
	return out, nil
}

type datasetJSON struct {
	Name       string          `json:"name"`
	Title      string          `json:"title"`
	URL        string          `json:"url"`
	Publisher  json.RawMessage `json:"publisher"`
	UpdatedAt  string          `json:"updated_at"`
	LastChange string          `json:"last_change"`
	LastExport string          `json:"last_export"`
}

func (raw datasetJSON) dataset(file string) (Dataset, error) {
	d := Dataset{Name: clean(raw.Name), Title: clean(raw.Title), URL: clean(raw.URL), File: file}
	var pub struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	if len(raw.Publisher) > 0 && raw.Publisher[0] == '{' {
		if err := json.Unmarshal(raw.Publisher, &pub); err != nil {
			return d, fmt.Errorf("publisher: %v", err)
		}
	} else if len(raw.Publisher) > 0 {
		_ = json.Unmarshal(raw.Publisher, &pub.Name)
	}
	d.Publisher, d.PublisherURL = clean(pub.Name), clean(pub.URL)
	for _, s := range []string{raw.LastChange, raw.UpdatedAt, raw.LastExport} {
		if day, _, _ := strings.Cut(strings.TrimSpace(s), "T"); day != "" {
			if p, err := graph.ParseDate(day); err == nil {
				d.Published = p
				break
			}
		}
	}
	for _, u := range []string{d.URL, d.PublisherURL} {
		if u != "" && !isHTTP(u) {
			return d, fmt.Errorf("url %q is not an http(s) address", u)
		}
	}
	if d.Title == "" || d.Publisher == "" && d.URL == "" && d.PublisherURL == "" {
		return d, fmt.Errorf("a dataset description needs a title and a publisher or url")
	}
	return d, nil
}

// entProv is what an entity of the file says of where it comes from.
type entProv struct {
	urls, pubs []string
	datasets   []string
}

// provenance finds sources for a record that cites none of its own, and
// says where they came from; ok is false when there are none.
func (rd *reader) provenance(p pending) (sources []string, how string, ok bool) {
	for _, end := range p.ends {
		ep, found := rd.entProv[end]
		if end == "" || !found || len(ep.urls)+len(ep.pubs) == 0 {
			continue
		}
		pub := strings.Join(ep.pubs, ", ")
		if len(ep.urls) == 0 {
			sources = []string{rd.source("", pub, "", graph.Date{})}
		}
		for _, u := range ep.urls {
			if !isHTTP(u) {
				continue
			}
			sources = append(sources, rd.source(u, pub, "", graph.Date{}))
		}
		if len(sources) > 0 {
			return sources, "the sourceUrl/publisher of the entity it links, " + end, true
		}
	}
	if d, ok := rd.datasetOf(p.datasets); ok {
		u := cmpOr(d.URL, d.PublisherURL)
		title := d.Title
		if d.Name != "" {
			title += " (" + d.Name + ")"
		}
		key := "dataset\x00" + d.File + "\x00" + d.Name
		id, made := rd.srcByKey[key]
		if !made {
			id = rd.source(u, d.Publisher, title, d.Published)
			rd.frag.Sources[rd.srcIdx[id]].Note = "the dataset " + d.Name + " as its description " + d.File + " gives it: the provenance of records of " + rd.opt.Name + " that cite none of their own"
			rd.srcByKey[key] = id
		}
		return []string{id}, "the metadata of the dataset " + cmpOr(d.Name, d.Title) + " (" + d.File + ")", true
	}
	if g := rd.opt.Given; !g.empty() {
		id := rd.source(g.URL, g.Publisher, "", g.Published)
		rd.frag.Sources[rd.srcIdx[id]].Note = "given at import (--source-url/--publisher/--published) as the provenance of records of " + rd.opt.Name + " that cite none of their own"
		return []string{id}, "what was given at import (--source-url/--publisher/--published)", true
	}
	return nil, "", false
}

// datasetOf is the described dataset a record comes from: the one its
// "datasets" names, or the only one described when it names none.
func (rd *reader) datasetOf(names []string) (Dataset, bool) {
	for _, n := range names {
		for _, d := range rd.opt.Datasets {
			if d.Name != "" && d.Name == n {
				return d, true
			}
		}
	}
	if len(names) == 0 && len(rd.opt.Datasets) == 1 {
		return rd.opt.Datasets[0], true
	}
	return Dataset{}, false
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// noProvenance is the reason given for a record skipped for want of a source.
const noProvenance = "no source: it has no proof, sourceUrl or publisher; neither do the entities it links; no dataset description given (--dataset) describes its datasets; and no --source-url/--publisher was given"
