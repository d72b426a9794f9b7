package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
	"github.com/patronage/patronage/interop/geojson"
	"github.com/patronage/patronage/interop/ofac"
	"github.com/patronage/patronage/interop/tables"
	"github.com/patronage/patronage/seeds"
)

const importAbout = `Read FollowTheMoney entity JSON lines (ftm FILE, "-" for standard input) or the OFAC SDN
list (ofac DIR holding sdn.csv, alt.csv, add.csv) and merge them into a dataset directory.

The input is read whole first; any malformed record is printed as file:line: what is wrong
and nothing is written. The records are then merged into the dataset in --into (or, when
that directory does not exist yet, into a copy of the configured dataset: --data, or the
seeds built into the binary; --empty starts from nothing). An incoming entity is merged
into an existing one only when both are of the same kind and a name matches at or above
--merge-threshold (or they share an id or external id); candidate pairs are written to a
review report next to the output (DIR.review.md and DIR.review.csv). The merged dataset is
checked like 'patronage validate' and only then written, replacing the directory at once.
Writing into the curated seeds/ needs an explicit --into seeds.`

// importOptions are import's flags, for one format, and its argument.
type importOptions struct {
	format, input     string
	into, dataDir     string
	empty, dryRun     bool
	mergeAt, reviewAt score
	notes             int
	ftm               ftmOptions
	ofac              ofacOptions
}

// ftmOptions are the flags of import ftm.
type ftmOptions struct {
	status, sourceKind, datasetFile     string
	givenURL, givenPublisher, givenDate string
}

// ofacOptions are the flags of import ofac.
type ofacOptions struct {
	listDate, url, authority, programs, countries string
}

// score is a flag holding a name score, between 0 and 1.
type score float64

func (s *score) String() string { return strconv.FormatFloat(float64(*s), 'g', -1, 64) }
func (s *score) Set(v string) error {
	f, err := parseScore(v)
	*s = score(f)
	return err
}

func importFlags(format string, stderr io.Writer) (*flagSet, *importOptions) {
	o := &importOptions{format: format, mergeAt: score(interop.DefaultAutoMerge), reviewAt: score(interop.DefaultReview)}
	fs := newFlags("import "+format, map[string]string{"ftm": "FILE", "ofac": "DIR"}[format], importAbout, stderr)
	fs.StringVar(&o.into, "into", "", "dataset directory to merge into and write (default: a new directory import-"+format+"); never from the environment")
	fs.StringVar(&o.dataDir, "data", "", "dataset to start from when --into does not exist yet; empty: the seeds built into the binary")
	fs.BoolVar(&o.empty, "empty", false, "start from an empty dataset when --into does not exist yet")
	fs.Var(&o.mergeAt, "merge-threshold", "merge an incoming entity into an existing one of the same kind at or above this name score")
	fs.Var(&o.reviewAt, "review-threshold", "list candidate pairs at or above this score in the review report")
	fs.BoolVar(&o.dryRun, "dry-run", false, "read, merge, check and report, but write nothing")
	fs.IntVar(&o.notes, "notes", 20, "how many notes of each kind to print (0: all)")
	env := map[string]string{"data": "PATRONAGE_DATA", "empty": "PATRONAGE_IMPORT_EMPTY", "merge-threshold": "PATRONAGE_MERGE_THRESHOLD",
		"review-threshold": "PATRONAGE_REVIEW_THRESHOLD", "dry-run": "PATRONAGE_IMPORT_DRY_RUN", "notes": "PATRONAGE_IMPORT_NOTES"}
	switch format {
	case "ftm":
		f := &o.ftm
		fs.StringVar(&f.status, "status", "reported", "claim status of claims read from other systems (official_record, reported or alleged); sanctions are official_record")
		fs.StringVar(&f.sourceKind, "source-kind", string(graph.SourceSecondaryCopy), "kind of the sources made from sourceUrl and publisher (official_record, news, ngo_report or secondary_copy)")
		fs.StringVar(&f.datasetFile, "dataset", "", "an OpenSanctions dataset description (index.json): the provenance of records that cite none of their own and link no entity that does")
		fs.StringVar(&f.givenURL, "source-url", "", "provenance for records that cite none and have none from their entities or --dataset: where the file was published")
		fs.StringVar(&f.givenPublisher, "publisher", "", "with --source-url: who published the file")
		fs.StringVar(&f.givenDate, "published", "", "with --source-url: when the file was published, YYYY[-MM[-DD]]")
		maps.Copy(env, map[string]string{"status": "PATRONAGE_IMPORT_STATUS", "source-kind": "PATRONAGE_IMPORT_SOURCE_KIND", "dataset": "PATRONAGE_IMPORT_DATASET",
			"source-url": "PATRONAGE_IMPORT_SOURCE_URL", "publisher": "PATRONAGE_IMPORT_PUBLISHER", "published": "PATRONAGE_IMPORT_PUBLISHED"})
	case "ofac":
		f := &o.ofac
		fs.StringVar(&f.listDate, "list-date", "", "the date of the list read, YYYY-MM-DD, as OFAC's site gives it (required): dates the source, and the designations whose remarks give no listing date, as on or before")
		fs.StringVar(&f.url, "url", "", "where the list was downloaded from (recorded on the source)")
		fs.StringVar(&f.authority, "authority", "", "id of the designating body in the dataset (default: G_OFAC, added or matched by name)")
		fs.StringVar(&f.programs, "programs", "", "read only entries under these programs, comma-separated (e.g. TCO,GLOMAG-EO13818)")
		fs.StringVar(&f.countries, "countries", "", "read only entries with an address or nationality in these countries, ISO codes comma-separated (e.g. KH,MM,LA)")
		maps.Copy(env, map[string]string{"list-date": "PATRONAGE_IMPORT_LIST_DATE", "url": "PATRONAGE_IMPORT_URL", "authority": "PATRONAGE_IMPORT_AUTHORITY",
			"programs": "PATRONAGE_IMPORT_PROGRAMS", "countries": "PATRONAGE_IMPORT_COUNTRIES"})
	}
	fs.fromEnv(env)
	return fs, o
}

func runImport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ftm" && args[0] != "ofac") {
		fmt.Fprintf(stderr, "Usage: patronage import ftm [flags] FILE\n       patronage import ofac [flags] DIR\n\n%s\n\nRun 'patronage import ftm --help' for the flags.\n", importAbout)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return fmt.Errorf("import: say what to read: ftm FILE or ofac DIR")
	}
	fs, o := importFlags(args[0], stderr)
	if err := fs.parse(args[1:], getenv); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("import %s: give one %s", o.format, map[string]string{"ftm": "FILE", "ofac": "DIR"}[o.format])
	}
	o.input = fs.Arg(0)
	if o.reviewAt > o.mergeAt {
		return fmt.Errorf("import: --review-threshold %.2f is above --merge-threshold %.2f", o.reviewAt, o.mergeAt)
	}
	return o.run(stdout, stderr)
}

// run reads the input, merges it into the dataset, checks the result and
// writes it with its review report (or, with --dry-run, only reports).
func (o *importOptions) run(stdout, stderr io.Writer) error {
	target, explicit := o.into, o.into != ""
	if !explicit {
		target = "import-" + o.format
		if _, err := os.Stat(target); err == nil {
			return fmt.Errorf("import: %s exists; pass --into %s to merge into it, or another --into", target, target)
		}
	}
	var frag *interop.Fragment
	var err error
	switch o.format {
	case "ftm":
		frag, err = readFtM(o.input, o.ftm)
	case "ofac":
		frag, err = readOFAC(o.input, o.ofac)
	}
	if err != nil {
		return printProblems(stderr, err)
	}
	base, baseName, err := importBase(target, o.dataDir, o.empty)
	if err != nil {
		return printProblems(stderr, err)
	}
	opt := interop.MergeOptions{AutoMerge: float64(o.mergeAt), Review: float64(o.reviewAt), BaseName: baseName}
	merged, rep, err := interop.Merge(base, frag, opt)
	if err != nil {
		fmt.Fprintf(stderr, "the merged dataset does not check; nothing written:\n")
		return printProblems(stderr, err)
	}
	if err := rep.WriteSummary(stdout, o.notes); err != nil {
		return err
	}
	if o.dryRun {
		fmt.Fprintf(stdout, "dry run: %s not written\n", target)
		return nil
	}
	// the review report first: an import is never applied without it
	review := strings.TrimSuffix(filepath.Clean(target), string(filepath.Separator)) + ".review"
	if err := writeReview(review, target, rep, opt); err != nil {
		return fmt.Errorf("import: the review report failed, so %s was not written: %w", target, err)
	}
	if err := seeds.ReplaceDir(target, merged); err != nil {
		return fmt.Errorf("import: write %s: %w", target, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %s\n", target, merged.Stats())
	fmt.Fprintf(stdout, "review report: %s.md, %s.csv\n", review, review)
	return nil
}

func parseScore(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1 {
		return 0, fmt.Errorf("want a score between 0 and 1")
	}
	return f, nil
}

func readFtM(name string, o ftmOptions) (*interop.Fragment, error) {
	st, err := graph.ParseClaimStatus(o.status)
	if err != nil {
		return nil, fmt.Errorf("--status: %w", err)
	}
	sk, err := graph.ParseSourceKind(o.sourceKind)
	if err != nil {
		return nil, fmt.Errorf("--source-kind: %w", err)
	}
	opt := ftm.Options{Status: st, SourceKind: sk, Given: ftm.Given{URL: o.givenURL, Publisher: o.givenPublisher}}
	if opt.Given.Published, err = graph.ParseDate(o.givenDate); err != nil {
		return nil, fmt.Errorf("--published: %w", err)
	}
	if o.givenURL != "" && !strings.HasPrefix(o.givenURL, "http://") && !strings.HasPrefix(o.givenURL, "https://") {
		return nil, fmt.Errorf("--source-url %q: want an http(s) address", o.givenURL)
	}
	if o.datasetFile != "" {
		f, err := os.Open(o.datasetFile)
		if err != nil {
			return nil, fmt.Errorf("--dataset: %w", err)
		}
		opt.Datasets, err = ftm.ReadDatasets(f, o.datasetFile)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("--dataset: %w", err)
		}
	}
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	} else {
		name = "stdin"
	}
	opt.Name = name
	return ftm.Read(r, opt)
}

func readOFAC(dir string, o ofacOptions) (*interop.Fragment, error) {
	if o.listDate == "" {
		return nil, fmt.Errorf("import ofac: --list-date is required: the date of the list you read")
	}
	d, err := graph.ParseDate(o.listDate)
	if err != nil || d.Precision() != graph.PrecisionDay {
		return nil, fmt.Errorf("import ofac: --list-date %q: want YYYY-MM-DD", o.listDate)
	}
	opt := ofac.Options{ListDate: d, URL: o.url, Authority: o.authority}
	progs, ctry := splitList(o.programs), splitList(o.countries)
	for i, c := range ctry {
		ctry[i] = strings.ToUpper(c)
	}
	if len(progs) > 0 || len(ctry) > 0 {
		opt.Keep = func(e ofac.Entry) bool {
			return (len(progs) == 0 || anyIn(e.Programs, progs)) && (len(ctry) == 0 || anyIn(e.Countries, ctry))
		}
	}
	return ofac.Read(os.DirFS(dir), dir, opt)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func anyIn(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(h, w) {
				return true
			}
		}
	}
	return false
}

// importBase loads the dataset an import merges into: the target
// directory if it exists, else the configured dataset (or nothing).
func importBase(target, dataDir string, empty bool) (*graph.Dataset, string, error) {
	info, err := os.Stat(target)
	switch {
	case err == nil && !info.IsDir():
		return nil, "", fmt.Errorf("import: %s is not a directory", target)
	case err == nil:
		d, err := loadDataset(target)
		return d, target, err
	case !errors.Is(err, fs.ErrNotExist):
		return nil, "", err
	case empty:
		return &graph.Dataset{}, "an empty dataset", nil
	}
	d, err := loadDataset(dataDir)
	return d, nameOf(dataDir), err
}

func nameOf(dataDir string) string {
	if dataDir == "" {
		return "seeds"
	}
	return dataDir
}

func writeReview(prefix, target string, rep *interop.Report, opt interop.MergeOptions) error {
	if err := interop.WriteFile(prefix+".csv", func(w io.Writer) error { return interop.WriteReviewCSV(w, rep.Pairs) }); err != nil {
		return err
	}
	return interop.WriteFile(prefix+".md", func(w io.Writer) error { return interop.WriteReviewMarkdown(w, target, rep, opt) })
}

const exportAbout = `Write the dataset (--data, or the seeds built into the binary), or a part of it, as
  ftm      FollowTheMoney entity JSON lines, for Aleph and yente (--out FILE, default stdout)
  csv      tables for pandas: entities, claims, raids, designations, statements, sources (--out DIR)
  geojson  a map layer as a FeatureCollection: --layer compounds (every compound, the default)
           or raids (every place of every raid) (--out FILE, default stdout)
--kinds and --province select entities (and the claims between them, their designations,
the raids in the province, the sources cited); --hops adds their neighbours. The report
goes to standard error; for GeoJSON it counts the features by precision (site, province)
and lists those written without a point (geometry null), with the reason.`

// exportOptions are export's flags, for one format.
type exportOptions struct {
	format, dataDir, out, kinds, province, layer string
	hops                                         int
}

func exportFlags(format string, stderr io.Writer) (*flagSet, *exportOptions) {
	o := &exportOptions{format: format}
	fs := newFlags("export "+format, "", exportAbout, stderr)
	outDefault := "-"
	if format == "csv" {
		outDefault = ""
	}
	fs.StringVar(&o.dataDir, "data", "", "dataset directory; empty: the seeds built into the binary")
	fs.StringVar(&o.out, "out", outDefault, "output file (ftm, geojson; - for standard output) or directory (csv)")
	fs.StringVar(&o.kinds, "kinds", "", "entity kinds to export, comma-separated: person, organization, compound, position, document (default: all)")
	fs.StringVar(&o.province, "province", "", "export only entities located in this province, and raids in it")
	fs.IntVar(&o.hops, "hops", 0, "add the entities up to this many claims away from those selected")
	fs.StringVar(&o.layer, "layer", geojson.LayerCompounds, "geojson: the layer to write, compounds (every compound) or raids (every place of every raid)")
	fs.fromEnv(map[string]string{"data": "PATRONAGE_DATA", "out": "PATRONAGE_EXPORT_OUT", "kinds": "PATRONAGE_EXPORT_KINDS",
		"province": "PATRONAGE_EXPORT_PROVINCE", "hops": "PATRONAGE_EXPORT_HOPS", "layer": "PATRONAGE_EXPORT_LAYER"})
	return fs, o
}

func runExport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ftm" && args[0] != "csv" && args[0] != "geojson") {
		fmt.Fprintf(stderr, "Usage: patronage export ftm|csv|geojson [flags]\n\n%s\n", exportAbout)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return fmt.Errorf("export: say which format: ftm, csv or geojson")
	}
	fs, o := exportFlags(args[0], stderr)
	if err := fs.parse(args[1:], getenv); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("export takes no arguments, only flags")
	}
	if o.format == "csv" && o.out == "" {
		return fmt.Errorf("export csv: give --out DIR")
	}
	if o.format == "geojson" && !slices.Contains(geojson.Layers(), o.layer) {
		return fmt.Errorf("export geojson: --layer %q: want %s", o.layer, strings.Join(geojson.Layers(), " or "))
	}
	return o.run(ctx, stdout, stderr)
}

// filter is the selection the flags describe.
func (o *exportOptions) filter() (interop.Filter, error) {
	f := interop.Filter{Province: o.province, Hops: o.hops}
	for _, k := range splitList(o.kinds) {
		kind, err := graph.ParseKind(k)
		if err != nil {
			return f, fmt.Errorf("--kinds: %w", err)
		}
		f.Kinds = append(f.Kinds, kind)
	}
	return f, nil
}

// run writes the selected part of the dataset in the format.
func (o *exportOptions) run(ctx context.Context, stdout, stderr io.Writer) error {
	format := o.format
	f, err := o.filter()
	if err != nil {
		return err
	}
	full, err := loadDataset(o.dataDir)
	if err != nil {
		return printProblems(stderr, err)
	}
	d := interop.Subset(full, f)
	fmt.Fprintf(stderr, "export %s from %s: %s\n", format, nameOf(o.dataDir), d.Stats())
	switch format {
	case "csv":
		if err := tables.Write(o.out, d); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s\n", filepath.Join(o.out, "{"+strings.Join(tables.Files(), ",")+"}"))
	case "ftm":
		var stats ftm.WriteStats
		err := writeOut(o.out, stdout, func(w io.Writer) (err error) { stats, err = ftm.Write(w, d); return })
		if err != nil {
			return fmt.Errorf("export ftm: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s: %s (raids and statements have no FollowTheMoney form)\n", outName(o.out), stats)
	case "geojson":
		var rep geojson.Report
		err := writeOut(o.out, stdout, func(w io.Writer) (err error) { rep, err = geojson.Export(ctx, w, o.layer, full, d); return })
		if err != nil {
			return fmt.Errorf("export geojson: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s: %s", outName(o.out), rep)
	}
	return nil
}

func writeOut(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" {
		return write(stdout)
	}
	return interop.WriteFile(name, write)
}

func outName(name string) string {
	if name == "-" {
		return "standard output"
	}
	return name
}
