package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/graph/memory"
	"github.com/patronage/patronage/interop"
	"github.com/patronage/patronage/interop/ftm"
	"github.com/patronage/patronage/interop/geojson"
	"github.com/patronage/patronage/interop/ofac"
	"github.com/patronage/patronage/interop/seedcsv"
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

func runImport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ftm" && args[0] != "ofac") {
		fmt.Fprintf(stderr, "Usage: patronage import ftm [flags] FILE\n       patronage import ofac [flags] DIR\n\n%s\n\nRun 'patronage import ftm --help' for the flags.\n", importAbout)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return fmt.Errorf("import: say what to read: ftm FILE or ofac DIR")
	}
	format := args[0]
	argName := map[string]string{"ftm": "FILE", "ofac": "DIR"}[format]
	fs := newFlags("import "+format, argName, importAbout, stderr)
	var errs []error
	into := fs.String("into", "", "dataset directory to merge into and write (default: a new directory import-"+format+"); never from the environment")
	dataDir := fs.String("data", envDefault(getenv, "PATRONAGE_DATA", ""), "dataset to start from when --into does not exist yet; empty: the seeds built into the binary (env PATRONAGE_DATA)")
	empty := fs.Bool("empty", false, "start from an empty dataset when --into does not exist yet")
	mergeAt := fs.Float64("merge-threshold", envValue(getenv, "PATRONAGE_MERGE_THRESHOLD", interop.DefaultAutoMerge, parseScore, &errs), "merge an incoming entity into an existing one of the same kind at or above this name score (env PATRONAGE_MERGE_THRESHOLD)")
	reviewAt := fs.Float64("review-threshold", envValue(getenv, "PATRONAGE_REVIEW_THRESHOLD", interop.DefaultReview, parseScore, &errs), "list candidate pairs at or above this score in the review report (env PATRONAGE_REVIEW_THRESHOLD)")
	dryRun := fs.Bool("dry-run", false, "read, merge, check and report, but write nothing")
	limit := fs.Int("notes", 20, "how many notes of each kind to print (0: all)")
	var status, sourceKind, listDate, url, authority, programs, countries *string
	var datasetFile, givenURL, givenPublisher, givenPublished *string
	switch format {
	case "ftm":
		status = fs.String("status", "reported", "claim status of claims read from other systems (official_record, reported or alleged); sanctions are official_record")
		sourceKind = fs.String("source-kind", string(graph.SourceSecondaryCopy), "kind of the sources made from sourceUrl and publisher (official_record, news, ngo_report or secondary_copy)")
		datasetFile = fs.String("dataset", "", "an OpenSanctions dataset description (index.json): the provenance of records that cite none of their own and link no entity that does")
		givenURL = fs.String("source-url", "", "provenance for records that cite none and have none from their entities or --dataset: where the file was published")
		givenPublisher = fs.String("publisher", "", "with --source-url: who published the file")
		givenPublished = fs.String("published", "", "with --source-url: when the file was published, YYYY[-MM[-DD]]")
	case "ofac":
		listDate = fs.String("list-date", "", "the date of the list read, YYYY-MM-DD, as OFAC's site gives it (required): dates the source, and the designations whose remarks give no listing date, as on or before")
		url = fs.String("url", "", "where the list was downloaded from (recorded on the source)")
		authority = fs.String("authority", "", "id of the designating body in the dataset (default: G_OFAC, added or matched by name)")
		programs = fs.String("programs", "", "read only entries under these programs, comma-separated (e.g. TCO,GLOMAG-EO13818)")
		countries = fs.String("countries", "", "read only entries with an address or nationality in these countries, ISO codes comma-separated (e.g. KH,MM,LA)")
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("import %s: give one %s", format, argName)
	}
	input := fs.Arg(0)
	if *reviewAt > *mergeAt {
		return fmt.Errorf("import: --review-threshold %.2f is above --merge-threshold %.2f", *reviewAt, *mergeAt)
	}
	target, explicit := *into, *into != ""
	if !explicit {
		target = "import-" + format
		if _, err := os.Stat(target); err == nil {
			return fmt.Errorf("import: %s exists; pass --into %s to merge into it, or another --into", target, target)
		}
	}

	// Read the input.
	var frag *interop.Fragment
	var err error
	switch format {
	case "ftm":
		frag, err = readFtM(input, *status, *sourceKind, *datasetFile, *givenURL, *givenPublisher, *givenPublished)
	case "ofac":
		frag, err = readOFAC(input, *listDate, *url, *authority, *programs, *countries)
	}
	if err != nil {
		return printProblems(stderr, err)
	}

	// The dataset to merge into.
	base, baseName, err := importBase(target, *dataDir, *empty)
	if err != nil {
		return printProblems(stderr, err)
	}
	opt := interop.MergeOptions{AutoMerge: *mergeAt, Review: *reviewAt, BaseName: baseName}
	merged, rep, err := interop.Merge(base, frag, opt)
	if err != nil {
		fmt.Fprintf(stderr, "the merged dataset does not check; nothing written:\n")
		return printProblems(stderr, err)
	}
	if err := rep.WriteSummary(stdout, *limit); err != nil {
		return err
	}
	if *dryRun {
		fmt.Fprintf(stdout, "dry run: %s not written\n", target)
		return nil
	}
	// the review report first: an import is never applied without it
	review := strings.TrimSuffix(filepath.Clean(target), string(filepath.Separator)) + ".review"
	if err := writeReview(review, target, rep, opt); err != nil {
		return fmt.Errorf("import: the review report failed, so %s was not written: %w", target, err)
	}
	if err := seedcsv.ReplaceDir(target, merged); err != nil {
		return fmt.Errorf("import: write %s: %w", target, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d sources, %d entities, %d claims, %d raids, %d designations, %d statements\n",
		target, len(merged.Sources), len(merged.Entities), len(merged.Claims), len(merged.Raids), len(merged.Designations), len(merged.Statements))
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

func readFtM(name, status, sourceKind, datasetFile, givenURL, givenPublisher, givenPublished string) (*interop.Fragment, error) {
	st, err := graph.ParseClaimStatus(status)
	if err != nil {
		return nil, fmt.Errorf("--status: %w", err)
	}
	sk, err := graph.ParseSourceKind(sourceKind)
	if err != nil {
		return nil, fmt.Errorf("--source-kind: %w", err)
	}
	opt := ftm.Options{Status: st, SourceKind: sk, Given: ftm.Given{URL: givenURL, Publisher: givenPublisher}}
	if opt.Given.Published, err = graph.ParseDate(givenPublished); err != nil {
		return nil, fmt.Errorf("--published: %w", err)
	}
	if givenURL != "" && !strings.HasPrefix(givenURL, "http://") && !strings.HasPrefix(givenURL, "https://") {
		return nil, fmt.Errorf("--source-url %q: want an http(s) address", givenURL)
	}
	if datasetFile != "" {
		f, err := os.Open(datasetFile)
		if err != nil {
			return nil, fmt.Errorf("--dataset: %w", err)
		}
		opt.Datasets, err = ftm.ReadDatasets(f, datasetFile)
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

func readOFAC(dir, listDate, url, authority, programs, countries string) (*interop.Fragment, error) {
	if listDate == "" {
		return nil, fmt.Errorf("import ofac: --list-date is required: the date of the list you read")
	}
	d, err := graph.ParseDate(listDate)
	if err != nil || d.Precision() != graph.PrecisionDay {
		return nil, fmt.Errorf("import ofac: --list-date %q: want YYYY-MM-DD", listDate)
	}
	opt := ofac.Options{ListDate: d, URL: url, Authority: authority}
	progs, ctry := splitList(programs), splitList(countries)
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
		d, err := seedcsv.Load(os.DirFS(target), target)
		return d, target, err
	case !errors.Is(err, fs.ErrNotExist):
		return nil, "", err
	case empty:
		return &graph.Dataset{}, "an empty dataset", nil
	}
	d, err := loadDatasetWithExternalIDs(dataDir)
	return d, nameOf(dataDir), err
}

func nameOf(dataDir string) string {
	if dataDir == "" {
		return "seeds"
	}
	return dataDir
}

// loadDatasetWithExternalIDs reads the dataset storeConfig.loadDataset
// reads, with the external ids an import keeps beside it.
func loadDatasetWithExternalIDs(dataDir string) (*graph.Dataset, error) {
	if dataDir == "" {
		return seedcsv.Load(seeds.Embedded(), "seeds")
	}
	if _, err := os.Stat(dataDir); err != nil {
		return nil, fmt.Errorf("dataset directory: %w", err)
	}
	return seedcsv.Load(os.DirFS(dataDir), dataDir)
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

func runExport(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ftm" && args[0] != "csv" && args[0] != "geojson") {
		fmt.Fprintf(stderr, "Usage: patronage export ftm|csv|geojson [flags]\n\n%s\n", exportAbout)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return fmt.Errorf("export: say which format: ftm, csv or geojson")
	}
	format := args[0]
	fs := newFlags("export "+format, "", exportAbout, stderr)
	dataDir := fs.String("data", envDefault(getenv, "PATRONAGE_DATA", ""), "dataset directory; empty: the seeds built into the binary (env PATRONAGE_DATA)")
	outDefault := "-"
	if format == "csv" {
		outDefault = ""
	}
	out := fs.String("out", outDefault, "output file (ftm, geojson; - for standard output) or directory (csv)")
	kinds := fs.String("kinds", "", "entity kinds to export, comma-separated: person, organization, compound, position, document (default: all)")
	province := fs.String("province", "", "export only entities located in this province, and raids in it")
	hops := fs.Int("hops", 0, "add the entities up to this many claims away from those selected")
	layer := fs.String("layer", geojson.LayerCompounds, "geojson: the layer to write, compounds (every compound) or raids (every place of every raid)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("export takes no arguments, only flags")
	}
	if format == "csv" && *out == "" {
		return fmt.Errorf("export csv: give --out DIR")
	}
	if format == "geojson" && !slices.Contains(geojson.Layers(), *layer) {
		return fmt.Errorf("export geojson: --layer %q: want %s", *layer, strings.Join(geojson.Layers(), " or "))
	}
	f := interop.Filter{Province: *province, Hops: *hops}
	for _, k := range splitList(*kinds) {
		kind, err := graph.ParseKind(k)
		if err != nil {
			return fmt.Errorf("--kinds: %w", err)
		}
		f.Kinds = append(f.Kinds, kind)
	}
	full, err := loadDatasetWithExternalIDs(*dataDir)
	if err != nil {
		return printProblems(stderr, err)
	}
	d := interop.Subset(full, f)
	fmt.Fprintf(stderr, "export %s from %s: %d sources, %d entities, %d claims, %d raids, %d designations, %d statements\n",
		format, nameOf(*dataDir), len(d.Sources), len(d.Entities), len(d.Claims), len(d.Raids), len(d.Designations), len(d.Statements))
	switch format {
	case "csv":
		if err := tables.Write(*out, d); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s/{%s}\n", *out, strings.Join(tables.Files(), ","))
	case "ftm":
		var stats ftm.WriteStats
		err := writeOut(*out, stdout, func(w io.Writer) (err error) { stats, err = ftm.Write(w, d); return })
		if err != nil {
			return fmt.Errorf("export ftm: %w", err)
		}
		var parts []string
		for _, s := range []string{"Document", "Person", "Company", "PublicBody", "Organization", "RealEstate", "Position",
			"Ownership", "Directorship", "Family", "Associate", "Occupancy", "Membership", "UnknownLink", "Sanction"} {
			if stats[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", stats[s], s))
			}
		}
		fmt.Fprintf(stderr, "wrote %s: %s (raids and statements have no FollowTheMoney form)\n", outName(*out), strings.Join(parts, ", "))
	case "geojson":
		s, err := memory.New(full)
		if err != nil {
			return err
		}
		a, err := s.SiteAssessment(ctx, graph.AssessmentQuery{})
		if err != nil {
			return err
		}
		var rep geojson.Report
		err = writeOut(*out, stdout, func(w io.Writer) (err error) { rep, err = geojson.Write(w, *layer, d, &a); return })
		if err != nil {
			return fmt.Errorf("export geojson: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s: %s", outName(*out), rep)
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
