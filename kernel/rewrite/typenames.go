package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"
)

// printfTypeNames makes %T and %#v of fmt's Printf family print the names of cell-declared
// types. yaegi builds interpreted types with reflect (StructOf, ...): they have no name,
// so %T of a `type Weekday int` value printed `int` and %#v of a `type P struct{...}`
// printed `struct { X int; S string }{X:1, S:"a"}` where Go prints main.Weekday and
// main.P{X:1, S:"a"}. With type information, when the format is a string literal:
//
//   - `%T` of an operand of a non-interface type that mentions a type of package main
//     becomes `%s` of _gojupTypeName("main.T", x) (x is still evaluated);
//   - `%#v` of an operand of a named struct type of package main becomes `%s` of
//     _gojupGoSyntax("main.P", x), which prints %#v and puts the name in place of the
//     interpreter's struct type.
//
// `%T` of an operand of an interface type becomes `%s` of _gojupDynTypeName(x), which asks
// the interpreter for the name of the type x holds (yaegi's wrapper of a cell type, which
// fmt would name, is not the type), and falls back to %T.
func (r *rewriter) printfTypeNames(c *ast.CallExpr) {
	if r.info == nil {
		return
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := r.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" {
		return
	}
	fi := 0
	switch fn.Name() {
	case "Printf", "Sprintf", "Errorf", "Appendf":
	case "Fprintf":
		fi = 1
	default:
		return
	}
	if fn.Name() == "Appendf" {
		fi = 1
	}
	if len(c.Args) <= fi || c.Ellipsis.IsValid() {
		return
	}
	lit, ok := c.Args[fi].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	verbs := printfVerbs(format)
	if verbs == nil {
		return
	}
	var b strings.Builder
	last := 0
	for _, v := range verbs {
		ai := fi + 1 + v.arg
		if ai >= len(c.Args) {
			break
		}
		arg := c.Args[ai]
		t := r.info.TypeOf(arg)
		if t == nil {
			continue
		}
		var helper, repl string
		switch {
		case v.verb == 'T' && types.IsInterface(t):
			// The dynamic type is known only when the cell runs: ask the interpreter.
			helper, repl = "_gojupDynTypeName", format[v.start:v.end-1]+"s"
		case v.verb == 'T' && !types.IsInterface(t) && mentionsMain(t):
			helper, repl = "_gojupTypeName", format[v.start:v.end-1]+"s"
		case v.verb == 'v' && v.flags == "#" && v.end-v.start == 3 && isMainStruct(t):
			helper, repl = "_gojupGoSyntax", "%s"
		default:
			continue
		}
		b.WriteString(format[last:v.start])
		b.WriteString(repl)
		last = v.end
		if helper == "_gojupGoSyntax" {
			// fmt.Sprintf("%T\x00%#v", x), formatted by the cell's own fmt: an interpreted
			// value passed on as `any` to an interpreted helper would print as yaegi's
			// internal wrapper.
			arg = &ast.CallExpr{
				Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: arg.Pos(), Name: pkg.Name}, Sel: &ast.Ident{NamePos: arg.Pos(), Name: "Sprintf"}},
				Args:   []ast.Expr{&ast.BasicLit{ValuePos: arg.Pos(), Kind: token.STRING, Value: strconv.Quote("%[1]T\x00%#[1]v")}, arg},
				Rparen: arg.End(),
			}
		}
		args := []ast.Expr{&ast.BasicLit{ValuePos: arg.Pos(), Kind: token.STRING, Value: strconv.Quote(typeName(t))}, arg}
		if helper == "_gojupDynTypeName" {
			args = args[1:]
		}
		c.Args[ai] = &ast.CallExpr{Fun: &ast.Ident{NamePos: arg.Pos(), Name: helper}, Args: args, Rparen: arg.End()}
	}
	if last > 0 {
		b.WriteString(format[last:])
		c.Args[fi] = &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(b.String())}
	}
}

// directive is one %-directive of a format string: format[start:end], its flags, its verb
// and the index of the operand it formats.
type directive struct {
	start, end int
	flags      string
	verb       rune
	arg        int
}

// printfVerbs parses the directives of a Printf format; nil when it uses explicit argument
// indexes ("%[1]d"), which this rewrite leaves alone.
func printfVerbs(format string) []directive {
	var ds []directive
	arg := 0
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		start := i
		i++
		fl := i
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		flags := format[fl:i]
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '*') {
			if format[i] == '*' {
				arg++
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '[' {
			return nil
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if verb == '%' {
			continue
		}
		ds = append(ds, directive{start: start, end: i, flags: flags, verb: verb, arg: arg})
		arg++
	}
	if ds == nil {
		ds = []directive{}
	}
	return ds
}

// mentionsMain reports whether t mentions a named type of package main (whose name yaegi
// loses), and only in ways whose printing go/types and reflect agree on (no instantiated
// generic types, no struct literals types).
func mentionsMain(t types.Type) bool {
	found, ok := false, true
	var walk func(t types.Type)
	walk = func(t types.Type) {
		switch t := t.(type) {
		case *types.Named:
			if t.TypeArgs().Len() > 0 {
				ok = false
			}
			if p := t.Obj().Pkg(); p != nil && p.Name() == "main" {
				found = true
			}
		case *types.Alias:
			walk(types.Unalias(t))
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			if t.Variadic() {
				ok = false
			}
			for i := 0; i < t.Params().Len(); i++ {
				walk(t.Params().At(i).Type())
			}
			for i := 0; i < t.Results().Len(); i++ {
				walk(t.Results().At(i).Type())
			}
		case *types.Basic:
		default:
			ok = false
		}
	}
	walk(t)
	return found && ok
}

// isMainStruct reports whether t is a (non-generic) named struct type of package main.
func isMainStruct(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 || n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != "main" {
		return false
	}
	_, ok = n.Underlying().(*types.Struct)
	return ok
}

// typeName is the name reflect gives t in a compiled program: go/types' spelling with the
// package names, without the parameter names of function types.
func typeName(t types.Type) string {
	switch t := t.(type) {
	case *types.Pointer:
		return "*" + typeName(t.Elem())
	case *types.Slice:
		return "[]" + typeName(t.Elem())
	case *types.Array:
		return "[" + strconv.FormatInt(t.Len(), 10) + "]" + typeName(t.Elem())
	case *types.Map:
		return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
	case *types.Signature:
		list := func(tup *types.Tuple) string {
			var parts []string
			for i := 0; i < tup.Len(); i++ {
				parts = append(parts, typeName(tup.At(i).Type()))
			}
			return strings.Join(parts, ", ")
		}
		s := "func(" + list(t.Params()) + ")"
		switch t.Results().Len() {
		case 0:
		case 1:
			s += " " + list(t.Results())
		default:
			s += " (" + list(t.Results()) + ")"
		}
		return s
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
