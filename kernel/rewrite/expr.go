package rewrite

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// expr rewrites the expressions inside e and returns e or its replacement.
func (r *rewriter) expr(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *ast.FuncLit:
		return r.funcLit(x)
	case *ast.ParenExpr:
		x.X = r.expr(x.X)
	case *ast.SelectorExpr:
		if repl := r.methodValue(x); repl != nil {
			return repl
		}
		x.X = r.expr(x.X)
	case *ast.IndexExpr:
		x.X, x.Index = r.expr(x.X), r.expr(x.Index)
	case *ast.IndexListExpr:
		x.X = r.expr(x.X)
		r.exprs(x.Indices)
	case *ast.SliceExpr:
		x.X, x.Low, x.High, x.Max = r.expr(x.X), r.expr(x.Low), r.expr(x.High), r.expr(x.Max)
	case *ast.TypeAssertExpr:
		x.X = r.expr(x.X)
	case *ast.CallExpr:
		return r.call(x)
	case *ast.StarExpr:
		x.X = r.expr(x.X)
	case *ast.UnaryExpr:
		if repl := r.addrOfLoopVar(x); repl != nil {
			return repl
		}
		x.X = r.expr(x.X)
	case *ast.BinaryExpr:
		if repl := r.errorEquality(x); repl != nil {
			return repl
		}
		x.X, x.Y = r.expr(x.X), r.expr(x.Y)
	case *ast.KeyValueExpr:
		x.Key, x.Value = r.expr(x.Key), r.expr(x.Value)
	case *ast.CompositeLit:
		r.exprs(x.Elts)
	}
	return e
}

// funcLit rewrites the body of a function literal; inside a loop, a literal using loop
// variables is wrapped so that it captures copies made when it is evaluated:
// func() T { i := i; return func...{...} }().
func (r *rewriter) funcLit(f *ast.FuncLit) ast.Expr {
	used := usedNames(f.Body, r.fn.loopVars)
	r.funcBody(f.Type, f.Body)
	if len(used) == 0 {
		return f
	}
	var copies []ast.Stmt
	for _, name := range used {
		copies = append(copies, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{ast.NewIdent(name)}})
	}
	copies = append(copies, &ast.ReturnStmt{Results: []ast.Expr{f}})
	outer := &ast.FuncLit{
		Type: &ast.FuncType{Func: f.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: f.Type}}}},
		Body: &ast.BlockStmt{List: copies},
	}
	return &ast.CallExpr{Fun: outer}
}

// usedNames returns the names out of names that occur as identifiers in n.
func usedNames(n ast.Node, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	seen := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			seen[id.Name] = true
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					seen[id.Name] = true
				}
				return true
			})
			return false // the selected name is not a variable
		}
		return true
	})
	var out []string
	done := map[string]bool{}
	for _, name := range names {
		if seen[name] && !done[name] && name != "_" {
			done[name] = true
			out = append(out, name)
		}
	}
	return out
}

// addrOfLoopVar rewrites &v of a per-iteration loop variable v into a pointer to a fresh
// copy (yaegi reuses the variable's storage across iterations). Needs types.
func (r *rewriter) addrOfLoopVar(u *ast.UnaryExpr) ast.Expr {
	id, ok := u.X.(*ast.Ident)
	if u.Op != token.AND || !ok || r.info == nil || !contains(r.fn.loopVars, id.Name) {
		return nil
	}
	t := r.typeExpr(r.info.TypeOf(id))
	if t == "" {
		return nil
	}
	return mustExpr("func() *" + t + " { _gojupv := " + id.Name + "; return &_gojupv }()")
}

// call rewrites calls of the builtins min, max, clear and new(expr).
func (r *rewriter) call(c *ast.CallExpr) ast.Expr {
	elems := r.fmtElemArgs(c) // before printfTypeNames rewrites the format
	r.printfTypeNames(c)
	if id, ok := c.Fun.(*ast.Ident); ok && r.isBuiltin(id) {
		switch id.Name {
		case "min", "max":
			if lit := r.constant(c); lit != nil {
				return lit
			}
			r.exprs(c.Args)
			if len(c.Args) == 0 || c.Ellipsis.IsValid() {
				break
			}
			helper := "_gojupMin"
			if id.Name == "max" {
				helper = "_gojupMax"
			}
			var fun ast.Expr = &ast.Ident{Name: helper, NamePos: id.Pos()}
			if r.info != nil {
				// Instantiate explicitly: yaegi cannot infer T from a typed and an untyped operand.
				if t := r.info.TypeOf(c); t != nil {
					if b, ok := t.(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
						if ts := r.typeExpr(t); ts != "" {
							fun = &ast.IndexExpr{X: fun, Index: mustExpr(ts)}
						}
					}
				}
			}
			acc := c.Args[0]
			for _, a := range c.Args[1:] {
				acc = &ast.CallExpr{Fun: fun, Lparen: c.Lparen, Args: []ast.Expr{acc, a}, Rparen: c.Rparen}
			}
			if len(c.Args) == 1 {
				return &ast.ParenExpr{X: acc}
			}
			return acc
		case "recover":
			if len(c.Args) == 0 {
				return &ast.CallExpr{Fun: &ast.Ident{Name: "_gojupRecovered", NamePos: id.Pos()}, Args: []ast.Expr{c}}
			}
		case "clear":
			r.exprs(c.Args)
			id.Name = "_gojupClear"
			return c
		case "new":
			if len(c.Args) == 1 && r.info != nil {
				if tv, ok := r.info.Types[c.Args[0]]; ok && !tv.IsType() {
					t := r.typeExpr(r.info.TypeOf(c))
					if strings.HasPrefix(t, "*") {
						arg := r.expr(c.Args[0])
						repl := mustExpr("func(_gojupv " + t[1:] + ") " + t + " { return &_gojupv }(nil)").(*ast.CallExpr)
						repl.Args[0] = arg
						return repl
					}
				}
			}
		}
	}
	if repl := r.stdGeneric(c); repl != nil {
		return repl
	}
	if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "error" && len(c.Args) == 1 && r.info != nil {
		// error(v) of a cell type: yaegi's conversion panics; a function returning error wraps v.
		if tn, ok := r.info.Uses[id].(*types.TypeName); ok && tn.Parent() == types.Universe && r.needsErrorWrap(tn.Type(), c.Args[0]) {
			return asError(r.expr(c.Args[0]))
		}
	}
	r.instantiate(c)
	r.guardAfterFunc(c)
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		// A method call, not a method value: leave the selector as it is.
		sel.X = r.expr(sel.X)
	} else {
		c.Fun = r.expr(c.Fun)
	}
	r.exprs(c.Args)
	for i, typ := range elems {
		c.Args[i] = wrapElems(c.Args[i], typ)
	}
	return c
}

// isBuiltin reports whether id names a predeclared function (not shadowed, when types are known).
func (r *rewriter) isBuiltin(id *ast.Ident) bool {
	if r.info != nil {
		if obj, ok := r.info.Uses[id]; ok {
			_, b := obj.(*types.Builtin)
			return b
		}
	}
	return true
}

// constant replaces a constant expression (min/max of constants) by its value.
func (r *rewriter) constant(e ast.Expr) ast.Expr {
	if r.info == nil {
		return literalMinMax(e.(*ast.CallExpr))
	}
	tv, ok := r.info.Types[e]
	if !ok || tv.Value == nil {
		return nil
	}
	var lit string
	switch tv.Value.Kind() {
	case constant.String:
		lit = strconv.Quote(constant.StringVal(tv.Value))
	case constant.Int:
		lit = tv.Value.ExactString()
	case constant.Float:
		f, _ := constant.Float64Val(tv.Value)
		lit = strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(lit, ".eIN") {
			lit += ".0"
		}
	case constant.Bool:
		lit = tv.Value.String()
	default:
		return nil
	}
	if b, ok := tv.Type.(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
		t := r.typeExpr(tv.Type)
		if t == "" {
			return nil
		}
		lit = t + "(" + lit + ")"
	}
	return mustExpr(lit)
}

// methodValue rewrites a method value x.M (not called) into a closure bound to the receiver
// evaluated now, and a method expression T.M or (*T).M into a function literal. Needs types.
func (r *rewriter) methodValue(sel *ast.SelectorExpr) ast.Expr {
	if r.info == nil {
		return nil
	}
	s, ok := r.info.Selections[sel]
	if !ok {
		return nil
	}
	switch s.Kind() {
	case types.MethodVal:
		if _, isIface := s.Recv().Underlying().(*types.Interface); isIface {
			return nil
		}
		ft := r.typeExpr(s.Type())
		if ft == "" {
			return nil
		}
		recv := "_gojupr"
		fn := s.Obj().(*types.Func)
		_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		_, recvIsPtr := s.Recv().(*types.Pointer)
		x := r.expr(sel.X)
		init := "_gojupr := nil"
		if ptrRecv && !recvIsPtr {
			init = "_gojupr := &nil"
		}
		lit := mustExpr("func() " + ft + " { " + init + "; return " + recv + "." + sel.Sel.Name + " }()").(*ast.CallExpr)
		as := lit.Fun.(*ast.FuncLit).Body.List[0].(*ast.AssignStmt)
		if u, ok := as.Rhs[0].(*ast.UnaryExpr); ok {
			u.X = x
		} else {
			as.Rhs[0] = x
		}
		return lit
	case types.MethodExpr:
		sig, ok := s.Type().(*types.Signature)
		if !ok {
			return nil
		}
		var params, args []string
		for i := 0; i < sig.Params().Len(); i++ {
			t := r.typeExpr(sig.Params().At(i).Type())
			if t == "" {
				return nil
			}
			name := "_gojupp" + strconv.Itoa(i)
			if sig.Variadic() && i == sig.Params().Len()-1 {
				t = "..." + strings.TrimPrefix(t, "[]")
				args = append(args, name+"...")
			} else if i > 0 {
				args = append(args, name)
			}
			params = append(params, name+" "+t)
		}
		res := r.typeExpr(types.NewTuple())
		if sig.Results().Len() > 0 {
			res = r.typeExpr(sig.Results())
		}
		body := "_gojupp0." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ")"
		if sig.Results().Len() > 0 {
			body = "return " + body
		}
		return mustExpr("func(" + strings.Join(params, ", ") + ") " + res + " { " + body + " }")
	}
	return nil
}

// typeExpr renders t as Go source valid in a cell (package main), or "" if it cannot.
func (r *rewriter) typeExpr(t types.Type) string {
	if t == nil {
		return ""
	}
	if tup, ok := t.(*types.Tuple); ok {
		var parts []string
		for i := 0; i < tup.Len(); i++ {
			s := r.typeExpr(tup.At(i).Type())
			if s == "" {
				return ""
			}
			parts = append(parts, s)
		}
		if len(parts) == 0 {
			return ""
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	s := types.TypeString(t, func(p *types.Package) string {
		if p.Name() == "main" {
			return ""
		}
		return p.Name()
	})
	if _, err := parser.ParseExpr(s); err != nil {
		return ""
	}
	return s
}

func mustExpr(src string) ast.Expr {
	e, err := parser.ParseExpr(src)
	if err != nil {
		panic("rewrite: bad generated expression " + strconv.Quote(src) + ": " + err.Error())
	}
	stripPos(e)
	return e
}

func parseStmts(src string) ([]ast.Stmt, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"\n}", 0)
	if err != nil {
		return nil, err
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	stripPos(body)
	return body.List, nil
}

// stripPos clears the positions of generated nodes, which belong to another FileSet.
func stripPos(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			n.NamePos = token.NoPos
		case *ast.BasicLit:
			n.ValuePos = token.NoPos
		case *ast.BlockStmt:
			n.Lbrace, n.Rbrace = token.NoPos, token.NoPos
		case *ast.CallExpr:
			n.Lparen, n.Rparen = token.NoPos, token.NoPos
		case *ast.FuncType:
			n.Func = token.NoPos
		case *ast.FieldList:
			n.Opening, n.Closing = token.NoPos, token.NoPos
		case *ast.AssignStmt:
			n.TokPos = token.NoPos
		case *ast.ReturnStmt:
			n.Return = token.NoPos
		case *ast.UnaryExpr:
			n.OpPos = token.NoPos
		case *ast.StarExpr:
			n.Star = token.NoPos
		case *ast.BinaryExpr:
			n.OpPos = token.NoPos
		case *ast.IfStmt:
			n.If = token.NoPos
		case *ast.DeferStmt:
			n.Defer = token.NoPos
		case *ast.GoStmt:
			n.Go = token.NoPos
		case *ast.ForStmt:
			n.For = token.NoPos
		case *ast.RangeStmt:
			n.For, n.TokPos, n.Range = token.NoPos, token.NoPos, token.NoPos
		case *ast.KeyValueExpr:
			n.Colon = token.NoPos
		case *ast.BranchStmt:
			n.TokPos = token.NoPos
		case *ast.GenDecl:
			n.TokPos, n.Lparen, n.Rparen = token.NoPos, token.NoPos, token.NoPos
		case *ast.DeclStmt, *ast.ExprStmt, *ast.ValueSpec, *ast.Field, *ast.FuncLit:
		case *ast.ParenExpr:
			n.Lparen, n.Rparen = token.NoPos, token.NoPos
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.SliceExpr:
		case *ast.Ellipsis:
			n.Ellipsis = token.NoPos
		case *ast.ArrayType:
			n.Lbrack = token.NoPos
		case *ast.MapType:
			n.Map = token.NoPos
		case *ast.CompositeLit:
			n.Lbrace, n.Rbrace = token.NoPos, token.NoPos
		case *ast.SwitchStmt:
			n.Switch = token.NoPos
		case *ast.CaseClause:
			n.Case, n.Colon = token.NoPos, token.NoPos
		case *ast.TypeAssertExpr:
			n.Lparen, n.Rparen = token.NoPos, token.NoPos
		case *ast.IncDecStmt:
			n.TokPos = token.NoPos
		case *ast.InterfaceType:
			n.Interface = token.NoPos
		case *ast.ChanType:
			n.Begin = token.NoPos
		case *ast.StructType:
			n.Struct = token.NoPos
		}
		return true
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// literalMinMax folds min or max of literals (without types) to the chosen literal.
func literalMinMax(c *ast.CallExpr) ast.Expr {
	var best ast.Expr
	var bestV constant.Value
	for _, a := range c.Args {
		v := literalValue(a)
		if v == nil {
			return nil
		}
		op := token.LSS
		if c.Fun.(*ast.Ident).Name == "max" {
			op = token.GTR
		}
		if bestV == nil || constant.Compare(v, op, bestV) {
			best, bestV = a, v
		}
	}
	return best
}

func literalValue(e ast.Expr) constant.Value {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.INT || e.Kind == token.FLOAT || e.Kind == token.STRING {
			return constant.MakeFromLiteral(e.Value, e.Kind, 0)
		}
	case *ast.UnaryExpr:
		if v := literalValue(e.X); v != nil && e.Op == token.SUB {
			return constant.UnaryOp(token.SUB, v, 0)
		}
	case *ast.ParenExpr:
		return literalValue(e.X)
	}
	return nil
}

// instantiate makes the type arguments of a call of a generic function explicit
// (yaegi cannot infer several type parameters, nor from untyped constants). Needs types.
func (r *rewriter) instantiate(c *ast.CallExpr) {
	if r.info == nil {
		return
	}
	var id *ast.Ident
	var fun ast.Expr // id, or pkg.id
	switch f := c.Fun.(type) {
	case *ast.Ident:
		id, fun = f, f
	case *ast.IndexExpr:
		id, _ = f.X.(*ast.Ident)
		fun = id
	case *ast.IndexListExpr:
		id, _ = f.X.(*ast.Ident)
		fun = id
	case *ast.SelectorExpr:
		// A generic function of a package (cmp.Less(1.5, 2.5)): only when a constant
		// argument leaves yaegi an untyped value to infer from.
		if pkg, ok := f.X.(*ast.Ident); ok && r.isPackage(pkg) && r.anyConstant(c.Args) {
			id, fun = f.Sel, f
		}
	}
	if id == nil {
		return
	}
	inst, ok := r.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	var args []ast.Expr
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		t := r.typeExpr(inst.TypeArgs.At(i))
		if t == "" {
			return
		}
		args = append(args, mustExpr(t))
	}
	c.Fun = instantiated(fun, args)
}

// isPackage reports whether id names an imported package.
func (r *rewriter) isPackage(id *ast.Ident) bool {
	_, ok := r.info.Uses[id].(*types.PkgName)
	return ok
}

// anyConstant reports whether one of args is a constant.
func (r *rewriter) anyConstant(args []ast.Expr) bool {
	for _, a := range args {
		if tv, ok := r.info.Types[a]; ok && tv.Value != nil {
			return true
		}
	}
	return false
}

// guardAfterFunc makes the callback of time.AfterFunc(d, f) recover and report a panic
// like a goroutine of a go statement: time.AfterFunc(d, func(f func()) func() { return
// func() { defer guard; f() } }(f)).
func (r *rewriter) guardAfterFunc(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "AfterFunc" || len(c.Args) != 2 {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if r.info != nil {
		pn, ok := r.info.Uses[pkg].(*types.PkgName)
		if !ok || pn.Imported().Path() != "time" {
			return
		}
	} else if pkg.Name != "time" {
		return
	}
	wrap := mustExpr("func(_gojupf func()) func() { return func() { _gojupf() } }(nil)").(*ast.CallExpr)
	inner := wrap.Fun.(*ast.FuncLit).Body.List[0].(*ast.ReturnStmt).Results[0].(*ast.FuncLit)
	inner.Body.List = append(goGuard(r.site(c.Pos()), "time.AfterFunc"), inner.Body.List...)
	wrap.Args[0] = c.Args[1]
	c.Args[1] = wrap
}
