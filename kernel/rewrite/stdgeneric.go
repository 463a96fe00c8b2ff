package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// Generic functions cannot be extracted into yaegi's symbol tables, and yaegi fails on
// some of the standard library's when it interprets them from source (kernel/symbols/src):
// explicit instantiation with two type parameters, inference from a variadic parameter
// alone. Calls of these are replaced by a function literal that does the same with the
// types go/types inferred written out, which the interpreter runs without generics.
//
// Each template is a function literal; T, T1, T2 stand for the type arguments (S and E for
// slices.Concat) and PKG for the cell's name of the called function's package.
var stdGenericTemplates = map[string]string{
	"errors.AsType": `func(_gojupe error) (T, bool) {
		var _gojupt T
		_gojupok := ` + asTemplate + `(_gojupe, &_gojupt)
		return _gojupt, _gojupok
	}`,
	"sync.OnceValue": `func(_gojupf func() T) func() T {
		var (
			_gojuponce  PKG.Once
			_gojupvalid bool
			_gojupp     any
			_gojupv     T
		)
		_gojupg := func() {
			defer func() {
				_gojupp = recover()
				if !_gojupvalid {
					panic(_gojupp)
				}
			}()
			_gojupv = _gojupf()
			_gojupvalid = true
		}
		return func() T {
			_gojuponce.Do(_gojupg)
			if !_gojupvalid {
				panic(_gojupp)
			}
			return _gojupv
		}
	}`,
	"sync.OnceValues": `func(_gojupf func() (T1, T2)) func() (T1, T2) {
		var (
			_gojuponce  PKG.Once
			_gojupvalid bool
			_gojupp     any
			_gojupv1    T1
			_gojupv2    T2
		)
		_gojupg := func() {
			defer func() {
				_gojupp = recover()
				if !_gojupvalid {
					panic(_gojupp)
				}
			}()
			_gojupv1, _gojupv2 = _gojupf()
			_gojupvalid = true
		}
		return func() (T1, T2) {
			_gojuponce.Do(_gojupg)
			if !_gojupvalid {
				panic(_gojupp)
			}
			return _gojupv1, _gojupv2
		}
	}`,
	"reflect.TypeFor": `func() PKG.Type { return PKG.TypeOf((*T)(nil)).Elem() }`,
	"slices.Concat": `func(_gojupss ...S) S {
		_gojupn := 0
		for _, _gojups := range _gojupss {
			_gojupn += len(_gojups)
		}
		_gojupout := make(S, 0, _gojupn)
		for _, _gojups := range _gojupss {
			_gojupout = append(_gojupout, _gojups...)
		}
		return _gojupout
	}`,
}

// asTemplate is errors.As for a target of type *T, written out for T: the compiled
// errors.As cannot see the methods of a type the session declared.
const asTemplate = `func(_gojupe error, _gojupt *T) bool {
	var _gojupas func(error) bool
	_gojupas = func(_gojupe error) bool {
		for _gojupe != nil {
			if _gojupv, _gojupok := _gojupe.(T); _gojupok {
				*_gojupt = _gojupv
				return true
			}
			if _gojupx, _gojupok := _gojupe.(interface{ As(any) bool }); _gojupok && _gojupx.As(_gojupt) {
				return true
			}
			if _gojupu, _gojupok := _gojupe.(interface{ Unwrap() []error }); _gojupok {
				for _, _gojupi := range _gojupu.Unwrap() {
					if _gojupas(_gojupi) {
						return true
					}
				}
				return false
			}
			_gojupu, _gojupok := _gojupe.(interface{ Unwrap() error })
			if !_gojupok {
				return false
			}
			_gojupe = _gojupu.Unwrap()
		}
		return false
	}
	return _gojupas(_gojupe)
}`

// typeParamNames are the placeholders of each template's type arguments, in order.
var typeParamNames = map[string][]string{
	"errors.AsType":   {"T"},
	"errors.As":       {"T"},
	"sync.OnceValue":  {"T"},
	"sync.OnceValues": {"T1", "T2"},
	"reflect.TypeFor": {"T"},
	"slices.Concat":   {"S", "E"},
}

// stdGeneric rewrites c when it calls one of stdGenericTemplates, errors.As with a target
// of a type the session declared, or a generic function whose only parameter is variadic
// (yaegi cannot infer its type arguments: cmp.Or), which gets them explicitly. It returns
// nil when c is none of these.
func (r *rewriter) stdGeneric(c *ast.CallExpr) ast.Expr {
	if r.info == nil {
		return nil
	}
	fun := c.Fun
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	sel, pkg, name := r.packageFunc(fun)
	if sel == nil {
		return nil
	}
	var typeArgs []string
	if inst, ok := r.info.Instances[sel.Sel]; ok {
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			t := r.typeExpr(inst.TypeArgs.At(i))
			if t == "" {
				return nil
			}
			typeArgs = append(typeArgs, t)
		}
	}
	tmpl, ok := stdGenericTemplates[name]
	switch {
	case name == "errors.Is" && len(c.Args) == 2 && !c.Ellipsis.IsValid():
		c.Fun = &ast.Ident{Name: "_gojupErrorIs", NamePos: sel.Pos()}
		r.exprs(c.Args)
		return c
	case ok && len(typeArgs) == len(typeParamNames[name]):
	case name == "errors.As" && len(c.Args) == 2 && !c.Ellipsis.IsValid():
		ptr, ok := r.info.TypeOf(c.Args[1]).(*types.Pointer)
		if !ok || !declaredInSession(ptr.Elem()) {
			return nil
		}
		t := r.typeExpr(ptr.Elem())
		if t == "" {
			return nil
		}
		tmpl, typeArgs = asTemplate, []string{t}
	case len(typeArgs) > 0 && onlyVariadic(r.info.TypeOf(sel.Sel)):
		args := make([]ast.Expr, len(typeArgs))
		for i, t := range typeArgs {
			args[i] = mustExpr(t)
		}
		c.Fun = instantiated(sel, args)
		r.exprs(c.Args)
		return c
	default:
		return nil
	}
	lit := fillTemplate(tmpl, typeParamNames[name], typeArgs, pkg.Name)
	// yaegi resolves a package name through the file its identifier's position is in.
	ast.Inspect(lit, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			id.NamePos = sel.Pos()
		}
		return true
	})
	c.Fun = lit
	r.exprs(c.Args)
	return c
}

// packageFunc returns, when fun is pkg.F for an imported package, the selector, the
// package's identifier and "path.F"; a nil selector otherwise. Needs types.
func (r *rewriter) packageFunc(fun ast.Expr) (sel *ast.SelectorExpr, pkg *ast.Ident, name string) {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return nil, nil, ""
	}
	pkg, ok = sel.X.(*ast.Ident)
	if !ok {
		return nil, nil, ""
	}
	pn, ok := r.info.Uses[pkg].(*types.PkgName)
	if !ok {
		return nil, nil, ""
	}
	return sel, pkg, pn.Imported().Path() + "." + sel.Sel.Name
}

// fillTemplate parses tmpl and replaces its placeholder identifiers: each name in params
// by its type argument, PKG by pkg. The name of a selector (x.T) is not a placeholder.
func fillTemplate(tmpl string, params, args []string, pkg string) ast.Expr {
	repl := map[string]string{"PKG": pkg}
	for i, p := range params {
		repl[p] = args[i]
	}
	return astutil.Apply(mustExpr(tmpl), func(c *astutil.Cursor) bool {
		id, ok := c.Node().(*ast.Ident)
		if !ok {
			return true
		}
		if sel, ok := c.Parent().(*ast.SelectorExpr); ok && sel.Sel == id {
			return true
		}
		if s, ok := repl[id.Name]; ok {
			c.Replace(mustExpr(s))
		}
		return true
	}, nil).(ast.Expr)
}

// errorEquality rewrites x == y (x != y) into _gojupEqual(x, y) (negated) when one
// operand is an error and the other an error or a value of a type the session declared:
// the interface then holds yaegi's wrapper of the cell type, which == compares as a
// different, function-holding struct (err == NotFound was false). It returns nil otherwise.
func (r *rewriter) errorEquality(b *ast.BinaryExpr) ast.Expr {
	if r.info == nil || b.Op != token.EQL && b.Op != token.NEQ {
		return nil
	}
	tx, ty := r.info.TypeOf(b.X), r.info.TypeOf(b.Y)
	if tx == nil || ty == nil || isUntypedNil(tx) || isUntypedNil(ty) {
		return nil
	}
	isErr := func(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }
	cellValue := func(t types.Type) bool { return declaredInSession(t) && !types.IsInterface(t) }
	if !(isErr(tx) && (isErr(ty) || cellValue(ty)) || isErr(ty) && cellValue(tx)) {
		return nil
	}
	var call ast.Expr = &ast.CallExpr{Fun: &ast.Ident{Name: "_gojupEqual", NamePos: b.Pos()},
		Args: []ast.Expr{r.expr(b.X), r.expr(b.Y)}}
	if b.Op == token.NEQ {
		call = &ast.UnaryExpr{Op: token.NOT, OpPos: b.Pos(), X: call}
	}
	return call
}

func isUntypedNil(t types.Type) bool {
	bt, ok := t.(*types.Basic)
	return ok && bt.Kind() == types.UntypedNil
}

// instantiated returns fun[typeArgs...].
func instantiated(fun ast.Expr, typeArgs []ast.Expr) ast.Expr {
	if len(typeArgs) == 1 {
		return &ast.IndexExpr{X: fun, Index: typeArgs[0]}
	}
	return &ast.IndexListExpr{X: fun, Indices: typeArgs}
}

// onlyVariadic reports whether t is the signature of a function whose one parameter is variadic.
func onlyVariadic(t types.Type) bool {
	sig, ok := t.(*types.Signature)
	return ok && sig.Variadic() && sig.Params().Len() == 1
}

// declaredInSession reports whether t is, or points to, a type declared by the session's
// cells (package main), whose values the interpreter represents itself.
func declaredInSession(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Name() == "main"
}
