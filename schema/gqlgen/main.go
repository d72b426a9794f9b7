// Command gqlgen generates the GraphQL executor (resolvers/exec) from the
// schema in this directory with gqlgen, as `go tool gqlgen generate` does,
// with changes to gqlgen's own templates (patches, below), each saying why:
// lists are marshalled through exec.marshalSlice instead of
// graphql.MarshalSliceConcurrently; an object's @defer bookkeeping is
// skipped when it has no deferred fragment; its fields are collected
// through exec.collectFields and it is written by exec.object; and a field
// read from a struct field is resolved without gqlgen's per-field
// machinery (directly, for a scalar that cannot fail).
//
// gqlgen starts a goroutine for every element of every list in an answer
// so that resolvers waiting on I/O overlap. When nothing below a list waits
// (the embedded store answers from memory; a planned Neo4j question was read
// in one statement before the list is marshalled) those goroutines are pure
// cost: each grows its stack through the executor's deep call chain, and on
// the benchmark's search they were half of the server's CPU time.
// marshalSlice (resolvers/exec/slice.go) keeps gqlgen's concurrent path and
// takes the serial one only for requests marked with exec.Serial.
//
// The templates are gqlgen's own, read from the module at the version go.mod
// pins; generation fails if the text to replace is not found exactly once,
// so a gqlgen upgrade that changes it cannot slip through.
//
// Run by `go generate ./...` (schema/generate.go) in the schema directory.
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/99designs/gqlgen/codegen/templates"
	"github.com/99designs/gqlgen/plugin"
)

// patch replaces text in gqlgen's templates, which must be found exactly
// count times across them.
type patch struct {
	why, old, new string
	count         int
}

// patches are the changes made to gqlgen's templates.
var patches = []patch{
	{
		why:   "lists are marshalled by exec.marshalSlice: serially for requests marked exec.Serial",
		old:   "graphql.MarshalSliceConcurrently(",
		new:   "marshalSlice(",
		count: 1,
	},
	{
		// Every object marshalled (thousands in a table of sites) called
		// graphql.GetPath, which builds the object's path from its field
		// contexts, for ProcessDeferredGroup, which returns at once when
		// the object has no deferred fragment; that was 5% of the
		// server's CPU time on the benchmark's q1. Same calls when there
		// is one.
		why: "an object's deferred group is processed only when it has one",
		old: `	atomic.AddInt32(&ec.Deferred, int32(min(len(deferLabelToView), math.MaxInt32)))

	ec.ProcessDeferredGroup(graphql.DeferredGroup{
		Defers:   deferLabelToView,
		Path:     graphql.GetPath(ctx),
		FieldSet: deferredFieldSet,
		Context:  ctx,
	})
`,
		new: `	if len(deferLabelToView) > 0 {
		atomic.AddInt32(&ec.Deferred, int32(min(len(deferLabelToView), math.MaxInt32)))

		ec.ProcessDeferredGroup(graphql.DeferredGroup{
			Defers:   deferLabelToView,
			Path:     graphql.GetPath(ctx),
			FieldSet: deferredFieldSet,
			Context:  ctx,
		})
	}
`,
		count: 1,
	},
	{
		// ... and its two @defer holders, a field set and a map, are made
		// when a deferred field is met, not for every object marshalled:
		// two allocations less per object, of a table's thousands.
		why: "an object's deferred field set is made when it has a deferred field",
		old: `	deferredFieldSet := graphql.NewFieldSet(nil)
	deferLabelToView := make(map[string]*graphql.FieldSetView)
`,
		new: `	var deferredFieldSet *graphql.FieldSet
	var deferLabelToView map[string]*graphql.FieldSetView
`,
		count: 1,
	},
	{
		why: "an object's deferred field set is made when it has a deferred field",
		old: `					if field.IsDeferred() {
						deferredFieldSet.AddField(field)
`,
		new: `					if field.IsDeferred() {
						if deferredFieldSet == nil {
							deferredFieldSet = graphql.NewFieldSet(nil)
							deferLabelToView = make(map[string]*graphql.FieldSetView)
						}
						deferredFieldSet.AddField(field)
`,
		count: 1,
	},
	{
		// A scalar field's context carried an error made anew on every
		// resolution of the field (thousands in a table of sites), for a
		// question no valid query asks (a child of a scalar): one is made
		// per type (exec.noChildFields).
		why:   "a scalar field's child error is made once per type",
		old:   `errors.New("field of type {{ $field.TypeReference.Definition.Name }} does not have child fields"))`,
		new:   `noChildFields({{ quote $field.TypeReference.Definition.Name }}))`,
		count: 1,
	},
	{
		// gqlgen's CollectFields hashes the object's type names into its
		// cache key for every object marshalled (exec.collectFields keys
		// on the same slices' addresses instead).
		why:   "an object's fields are collected through exec.collectFields",
		old:   `fields := graphql.CollectFields(ec.OperationContext, sel, {{$object.Name|lcFirst}}Implementors)`,
		new:   `fields := ec.collectFields(sel, {{$object.Name|lcFirst}}Implementors)`,
		count: 3,
	},
	{
		why: "an object's fields are collected through exec.collectFields",
		old: `type executionContext struct {
	*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]
}`,
		new: `type executionContext struct {
	*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]
	fields fieldsCache
}`,
		count: 1,
	},
	{
		// A field read from a struct field, without arguments or
		// directives, is resolved as gqlgen's ResolveField would — its own
		// field context, so that the paths of errors below it are the
		// same, and a panic recovered into an error at its path — without
		// the three closures, the resolver middleware and the boxed result
		// that ResolveField costs on every one of a table's thousands. Go
		// interface values are left to ResolveField, which tells a nil one
		// apart.
		//
		// When it is a scalar or enum, not null, it cannot fail: its value
		// is there and its marshaller (graphql.MarshalString, MarshalID,
		// MarshalInt, MarshalBoolean, an enum's name) never gives null or
		// an error (Float's does, for NaN: not here). It is marshalled
		// directly, without a field context: in a table of sites that was
		// most of the cost of writing a site's id.
		//
		// A field interceptor (handler.AroundFields) would not see these
		// fields, nor find their result in their field context; the server
		// installs none.
		why: "a plain struct field is resolved without gqlgen's per-field machinery",
		old: `	{{- else}}
		return graphql.{{ $field.ResolveFieldFunc }}(`,
		new: `	{{- else if and (not $object.Stream) $field.IsVariable (not $field.IsResolver) (not $field.IsMethod) (not $field.IsMap) (not $field.IsBatch) (not $field.HasHaser) (not $field.Args) (not $field.HasDirectives) (not ($.AllDirectives.LocationDirectives "FIELD")) (or $field.TypeReference.IsSlice (and (ne $field.TypeReference.Definition.Kind "INTERFACE") (ne $field.TypeReference.Definition.Kind "UNION"))) }}
		{{- if and $field.TypeReference.GQL.NonNull (not $field.TypeReference.IsPtr) (or (eq $field.TypeReference.Definition.Kind "ENUM") (eq $field.TypeReference.Definition.Name "String" "ID" "Int" "Boolean")) }}
		return {{$.ECDot}}{{ $field.TypeReference.MarshalFunc }}(ctx, {{$.ECArg}}field.Selections, {{$field.GoReceiverName}}.{{$field.GoFieldName}})
		{{- else }}
		fc, err := {{$.ECDot}}{{ $field.FieldContextFunc }}(ctx, {{$.ECArg}}field)
		if err != nil {
			return graphql.Null
		}
		ctx = graphql.WithFieldContext(ctx, fc)
		{{- if not $.Config.OmitPanicHandler }}
		defer func() {
			if r := recover(); r != nil {
				ec.Error(ctx, ec.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
		{{- end }}
		return {{$.ECDot}}{{ $field.TypeReference.MarshalFunc }}(ctx, {{$.ECArg}}field.Selections, {{$field.GoReceiverName}}.{{$field.GoFieldName}})
		{{- end }}
	{{- else}}
		return graphql.{{ $field.ResolveFieldFunc }}(`,
		count: 1,
	},
	{
		// gqlgen's FieldSet.MarshalGQL copies every field to the heap as
		// it iterates over them and makes a map per object: exec.object
		// writes the same, allocating nothing per field.
		why:   "an object is written by exec.object",
		old:   "\treturn out\n}\n{{- end }}",
		new:   "\treturn &object{fields: fields, values: out.Values}\n}\n{{- end }}",
		count: 1,
	},
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gqlgen: ")
	if err := run("gqlgen.yml"); err != nil {
		log.Fatal(err)
	}
}

func run(configFile string) error {
	cfg, err := config.LoadConfig(configFile)
	if err != nil {
		return fmt.Errorf("loading %s: %w", configFile, err)
	}
	if cfg.Exec.Layout != config.ExecLayoutSingleFile {
		return fmt.Errorf("%s: exec.layout must be single-file", configFile)
	}
	templatesFS, err := patchedTemplates()
	if err != nil {
		return err
	}
	var c capture
	// gqlgen would build the packages with its own templates' executor,
	// which the hand-written files beside it may not fit (they use what
	// the patches add): they are built below, after the patched render.
	cfg.SkipValidation = true
	if err := api.Generate(cfg, api.AddPlugin(&c)); err != nil {
		return fmt.Errorf("generating: %w", err)
	}
	if c.data == nil {
		return fmt.Errorf("generating: gqlgen did not pass the plugin its data")
	}
	// the same call as codegen.generateSingleFile, with the patched templates
	if err := templates.Render(templates.Options{
		PackageName:     c.data.Config.Exec.Package,
		Filename:        c.data.Config.Exec.Filename,
		Data:            c.data,
		RegionTags:      true,
		GeneratedHeader: true,
		Packages:        c.data.Config.Packages,
		TemplateFS:      templatesFS,
		PruneOptions:    c.data.Config.GetPruneOptions(),
	}); err != nil {
		return fmt.Errorf("rendering: %w", err)
	}
	return build(cfg.Exec.Dir(), cfg.Model.Dir(), cfg.Resolver.Dir())
}

// build compiles the generated packages, as gqlgen's validation does.
func build(dirs ...string) error {
	args := []string{"build"}
	for _, d := range dirs {
		if d != "" {
			args = append(args, d)
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the generated packages: %w", err)
	}
	return nil
}

// capture is a gqlgen plugin that keeps the data the executor is generated
// from.
type capture struct{ data *codegen.Data }

var _ plugin.CodeGenerator = (*capture)(nil)

func (*capture) Name() string { return "capture" }

func (c *capture) GenerateCode(data *codegen.Data) error {
	c.data = data
	return nil
}

// patchedTemplates are gqlgen's executor templates with patches applied.
func patchedTemplates() (fs.FS, error) {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "github.com/99designs/gqlgen/codegen").Output()
	if err != nil {
		return nil, fmt.Errorf("locating gqlgen's templates: go list: %w", err)
	}
	dir := strings.TrimSpace(string(out))
	names, err := filepath.Glob(filepath.Join(dir, "*.gotpl"))
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("locating gqlgen's templates: none in %s", dir)
	}
	m := fstest.MapFS{}
	applied := make([]int, len(patches))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading gqlgen's templates: %w", err)
		}
		for i, p := range patches {
			if n := bytes.Count(b, []byte(p.old)); n > 0 {
				b = bytes.ReplaceAll(b, []byte(p.old), []byte(p.new))
				applied[i] += n
			}
		}
		m[filepath.Base(name)] = &fstest.MapFile{Data: b}
	}
	for i, p := range patches {
		if applied[i] != p.count {
			return nil, fmt.Errorf("gqlgen's templates in %s have the text of patch %q %d times, not %d: review schema/gqlgen for this gqlgen version", dir, p.why, applied[i], p.count)
		}
	}
	return m, nil
}
