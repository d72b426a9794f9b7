package httpapi

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/patronage/patronage/graph"
)

// GraphQL enum values are case-sensitive, but gqlparser compares the enum
// values of variables case-insensitively, and gqlgen then maps a value it
// does not know to the Go zero value: {"m": "official_record"} would answer
// as the default ALLEGED, without a word. Two guards make every enum exact:
// exactEnumRule for the values written in the query (literals, variable
// defaults) and exactEnums for the values sent as variables. Both answer
// BAD_USER_INPUT naming the argument and listing the valid values.

// exactEnumRuleName is the validation rule's name, also the Rule of the
// errors it reports (the error presenter gives them BAD_USER_INPUT).
const exactEnumRuleName = "ExactEnumValues"

// validationRules are gqlparser's default rules, with the enum part of
// ValuesOfCorrectType replaced by exactEnumRule (one error per wrong value,
// in the words below).
func validationRules() *rules.Rules {
	r := rules.NewDefaultRules()
	r.RemoveRule(rules.ValuesOfCorrectTypeRule.Name)
	r.AddRule(rules.ValuesOfCorrectTypeRule.Name, withoutUnknownEnumErrors(rules.ValuesOfCorrectTypeRule.RuleFunc))
	r.AddRule(exactEnumRuleName, exactEnumRule)
	return r
}

// withoutUnknownEnumErrors runs rule, dropping its "value does not exist
// in enum" errors, which exactEnumRule reports instead.
func withoutUnknownEnumErrors(rule core.RuleFunc) core.RuleFunc {
	return func(observers *core.Events, addError core.AddErrFunc) {
		rule(observers, func(options ...core.ErrorOption) {
			e := &gqlerror.Error{}
			for _, o := range options {
				o(e)
			}
			if strings.HasPrefix(e.Message, `Value "`) && strings.Contains(e.Message, `" enum.`) {
				return
			}
			addError(options...)
		})
	}
}

// exactEnumRule checks every enum literal of the document: field arguments
// and variable defaults.
func exactEnumRule(observers *core.Events, addError core.AddErrFunc) {
	report := func(pos *ast.Position) func(string) {
		return func(msg string) {
			addError(core.Message("%s", msg), core.At(pos))
		}
	}
	observers.OnField(func(w *core.Walker, field *ast.Field) {
		if field.Definition == nil {
			return
		}
		for _, arg := range field.Arguments {
			def := field.Definition.Arguments.ForName(arg.Name)
			if def == nil || arg.Value == nil {
				continue
			}
			where := fmt.Sprintf("argument %q of %s", arg.Name, field.Name)
			checkLiteral(w.Schema, def.Type, arg.Value, where, "", report(arg.Value.Position))
		}
	})
	observers.OnOperation(func(w *core.Walker, op *ast.OperationDefinition) {
		for _, v := range op.VariableDefinitions {
			if v.DefaultValue == nil {
				continue
			}
			where := fmt.Sprintf("default of variable $%s", v.Variable)
			checkLiteral(w.Schema, v.Type, v.DefaultValue, where, "", report(v.DefaultValue.Position))
		}
	})
}

// checkLiteral reports each enum value in v, of type t, that is not one of
// the enum's values exactly. Variables are checked by exactEnums.
func checkLiteral(schema *ast.Schema, t *ast.Type, v *ast.Value, where, path string, report func(string)) {
	if t == nil || v == nil {
		return
	}
	switch {
	case v.Kind == ast.Variable || v.Kind == ast.NullValue:
		return
	case t.Elem != nil:
		if v.Kind != ast.ListValue { // a single value stands for a list of one
			checkLiteral(schema, t.Elem, v, where, path, report)
			return
		}
		for i, c := range v.Children {
			checkLiteral(schema, t.Elem, c.Value, where, fmt.Sprintf("%s[%d]", path, i), report)
		}
		return
	}
	def := schema.Types[t.NamedType]
	if def == nil {
		return
	}
	switch def.Kind {
	case ast.Enum:
		if v.Kind == ast.EnumValue && def.EnumValues.ForName(v.Raw) == nil {
			report(enumMessage(where, path, def, v.Raw))
		}
	case ast.InputObject:
		for _, c := range v.Children {
			if f := def.Fields.ForName(c.Name); f != nil {
				checkLiteral(schema, f.Type, c.Value, where, joinPath(path, c.Name), report)
			}
		}
	}
}

// exactEnums checks the enum values sent as variables, after gqlparser's
// coercion (which let a wrong case through) and before anything runs.
type exactEnums struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*exactEnums)(nil)

func (*exactEnums) ExtensionName() string { return "ExactEnums" }

func (e *exactEnums) Validate(s graphql.ExecutableSchema) error {
	e.schema = s.Schema()
	return nil
}

func (e *exactEnums) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	for _, def := range op.Operation.VariableDefinitions {
		v, ok := op.Variables[def.Variable]
		if !ok {
			continue
		}
		var msg string
		checkVariable(e.schema, def.Type, v, "", func(m string) {
			if msg == "" {
				msg = m
			}
		}, variableUse(op, def.Variable))
		if msg != "" {
			err := gqlerror.ErrorPosf(def.Position, "%s", msg)
			err.Extensions = map[string]any{extensionsCode: CodeBadUserInput}
			return err
		}
	}
	return nil
}

// checkVariable is checkLiteral for a decoded JSON value.
func checkVariable(schema *ast.Schema, t *ast.Type, v any, path string, report func(string), where string) {
	if t == nil || v == nil {
		return
	}
	if t.Elem != nil {
		// gqlparser's coercion may have made a single value a typed slice.
		list := reflect.ValueOf(v)
		if list.Kind() != reflect.Slice {
			checkVariable(schema, t.Elem, v, path, report, where)
			return
		}
		for i := range list.Len() {
			checkVariable(schema, t.Elem, list.Index(i).Interface(), fmt.Sprintf("%s[%d]", path, i), report, where)
		}
		return
	}
	def := schema.Types[t.NamedType]
	if def == nil {
		return
	}
	switch def.Kind {
	case ast.Enum:
		if s, ok := v.(string); ok && def.EnumValues.ForName(s) == nil {
			report(enumMessage(where, path, def, s))
		}
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for _, f := range def.Fields {
			if x, ok := obj[f.Name]; ok {
				checkVariable(schema, f.Type, x, joinPath(path, f.Name), report, where)
			}
		}
	}
}

// variableUse names where a variable is used: `variable $m (argument
// "minClaimStatus" of siteAssessment)`, or only the variable when it is used
// inside an input object or not found.
func variableUse(op *graphql.OperationContext, name string) string {
	var args []string
	seen := map[string]bool{}
	var walk func(ast.SelectionSet)
	visited := map[string]bool{}
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				for _, a := range s.Arguments {
					if a.Value != nil && a.Value.Kind == ast.Variable && a.Value.Raw == name {
						use := fmt.Sprintf("argument %q of %s", a.Name, s.Name)
						if !seen[use] {
							seen[use] = true
							args = append(args, use)
						}
					}
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil && !visited[s.Name] {
					visited[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(op.Operation.SelectionSet)
	if len(args) == 0 {
		return "variable $" + name
	}
	return fmt.Sprintf("variable $%s (%s)", name, strings.Join(args, ", "))
}

// enumMessage says which value is wrong, where, and what is allowed.
func enumMessage(where, path string, def *ast.Definition, got string) string {
	if path != "" {
		where += " at " + path
	}
	valid := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		valid[i] = v.Name
	}
	hint := ""
	for _, v := range valid {
		if strings.EqualFold(v, got) {
			hint = fmt.Sprintf(" (enum values are case-sensitive: did you mean %s?)", v)
			break
		}
	}
	return fmt.Sprintf("%s: %s is not a %s value%s; valid values: %s",
		where, graph.Quote(got), def.Name, hint, strings.Join(valid, ", "))
}

func joinPath(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}
