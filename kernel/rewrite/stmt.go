package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// deferStmt makes a deferred call evaluate its arguments (and receiver) at the defer
// statement. Outside loops the values go to fresh variables (the call stays a direct
// deferred call, so recover keeps working in it); inside loops the call goes to the
// function's list of loop defers as a closure over copies.
func (r *rewriter) deferStmt(d *ast.DeferStmt) []ast.Stmt {
	d.Call = r.expr(d.Call).(*ast.CallExpr)
	_, litNoArgs := d.Call.Fun.(*ast.FuncLit)
	litNoArgs = litNoArgs && len(d.Call.Args) == 0
	if r.fn.loopDepth > 0 || (r.fn.allDefers && !litNoArgs) {
		if r.fn.deferList == "" {
			r.fn.deferList = r.fresh("defers")
		}
		lit := r.capture(d.Call, "")
		push := mustStmts(r.fn.deferList + " = append(" + r.fn.deferList + ", nil)")[0].(*ast.AssignStmt)
		push.Rhs[0].(*ast.CallExpr).Args[1] = lit
		return []ast.Stmt{push}
	}
	temps := r.temps(d.Call)
	return append(temps, d)
}

// goStmt evaluates the arguments of a go statement at once and recovers a panic of the
// new goroutine like the Go runtime reports it (then exits with status 2).
//
// The new goroutine also learns where its go statement is (cell line:col): a traced
// timeline labels its lane with it and a panic report names it, as Go's "created by" does.
func (r *rewriter) goStmt(g *ast.GoStmt) []ast.Stmt {
	site := r.site(g.Go)
	g.Call = r.expr(g.Call).(*ast.CallExpr)
	if lit, ok := g.Call.Fun.(*ast.FuncLit); ok && len(g.Call.Args) == 0 {
		lit.Body.List = append(goGuard(site, "the go statement"), lit.Body.List...)
		return []ast.Stmt{g}
	}
	fn := r.capture(g.Call, site)
	name := r.fresh("go")
	decl := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{fn}}
	g.Call = &ast.CallExpr{Fun: ast.NewIdent(name)}
	return []ast.Stmt{decl, g}
}

// capture returns func() func() { a0 := arg0; ...; return func() { [guard;] call(a0, ...) } }(),
// a closure evaluated now that makes the call later with the values of now. With a site
// (a go statement's position, see goGuard) the call is guarded as a goroutine's.
func (r *rewriter) capture(call *ast.CallExpr, site string) ast.Expr {
	temps := r.temps(call)
	inner := mustExpr("func() {}").(*ast.FuncLit)
	if site != "" {
		inner.Body.List = goGuard(site, "the go statement")
	}
	inner.Body.List = append(inner.Body.List, &ast.ExprStmt{X: call})
	outer := mustExpr("func() func() {}").(*ast.FuncLit)
	outer.Body.List = append(temps, &ast.ReturnStmt{Results: []ast.Expr{inner}})
	return &ast.CallExpr{Fun: outer}
}

// site names the position p of the cell as "cell LINE:COL" (cells are parsed with their own
// line numbers), or "cell" when p is unknown (a node made by a rewrite).
func (r *rewriter) site(p token.Pos) string {
	if !p.IsValid() || r.fset == nil {
		return "cell"
	}
	pos := r.fset.Position(p)
	return fmt.Sprintf("cell %d:%d", pos.Line, pos.Column)
}

// goGuard is the start of a goroutine the cell starts at site: it recovers a panic of the
// goroutine and reports it like the Go runtime (naming the site), and records the site in a
// running execution trace for timelines.
// creator says what started it ("the go statement", "time.AfterFunc").
func goGuard(site, creator string) []ast.Stmt {
	q := strconv.Quote(site)
	return mustStmts("defer func() { _gojupGoPanic(recover(), " + strconv.Quote(creator+" at "+site) + ") }(); _gojupGoStart(" + q + ")")
}

// temps moves the non-constant arguments of call (and a method receiver, when types tell
// it is one) into fresh variables, returning their declarations.
func (r *rewriter) temps(call *ast.CallExpr) []ast.Stmt {
	var out []ast.Stmt
	bind := func(e ast.Expr) ast.Expr {
		name := r.fresh("a")
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{e}})
		return ast.NewIdent(name)
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && r.info != nil {
		if s, ok := r.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			fn := s.Obj().(*types.Func)
			_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
			_, recvIsPtr := s.Recv().(*types.Pointer)
			_, iface := s.Recv().Underlying().(*types.Interface)
			x := sel.X
			if ptrRecv && !recvIsPtr && !iface {
				x = &ast.UnaryExpr{Op: token.AND, X: x}
			}
			sel.X = bind(x)
		}
	}
	if _, isCall := call.Fun.(*ast.CallExpr); isCall || r.isFuncVar(call.Fun) {
		call.Fun = bind(call.Fun) // a function value computed now (a wrapped literal, f(x)(y))
	}
	for i, a := range call.Args {
		if r.isConst(a) {
			continue
		}
		call.Args[i] = bind(a)
	}
	return out
}

// isFuncVar reports whether e is a variable of function type (its value is taken at the
// defer or go statement). Needs types.
func (r *rewriter) isFuncVar(e ast.Expr) bool {
	if r.info == nil {
		return false
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, isVar := r.info.Uses[id].(*types.Var)
	return isVar
}

// isConst reports whether e needs no temporary: a constant, nil, or a function literal.
func (r *rewriter) isConst(e ast.Expr) bool {
	if r.info != nil {
		if tv, ok := r.info.Types[e]; ok && (tv.Value != nil || tv.IsNil() || tv.IsType()) {
			return true
		}
	}
	switch e := e.(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return true
	case *ast.Ident:
		return r.info == nil && (e.Name == "nil" || e.Name == "true" || e.Name == "false")
	case *ast.UnaryExpr:
		_, lit := e.X.(*ast.BasicLit)
		return lit
	}
	return false
}

// forStmt rewrites a three-clause loop; its := variables are per-iteration variables.
func (r *rewriter) forStmt(s *ast.ForStmt) ast.Stmt {
	if s.Init != nil {
		s.Init = r.stmt(s.Init, nil)
	}
	s.Cond = r.expr(s.Cond)
	if s.Post != nil {
		s.Post = r.stmt(s.Post, nil)
	}
	var vars []string
	if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
		vars = identNames(as.Lhs)
	}
	r.loopBody(s.Body, vars)
	return s
}

// loopBody rewrites a loop body with vars as per-iteration variables.
func (r *rewriter) loopBody(body *ast.BlockStmt, vars []string) {
	saved := r.fn.loopVars
	r.fn.loopVars = append(append([]string(nil), saved...), vars...)
	r.fn.loopDepth++
	body.List = r.stmts(body.List)
	r.fn.loopDepth--
	r.fn.loopVars = saved
}

func identNames(list []ast.Expr) []string {
	var names []string
	for _, e := range list {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	return names
}

// rangeStmt rewrites range loops; over an int it becomes a counted loop, over a function
// (an iterator) a call of the function.
func (r *rewriter) rangeStmt(s *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	kind := r.rangeKind(s.X)
	s.X = r.expr(s.X)
	switch kind {
	case rangeInt:
		pre, loop := r.countedLoop(s)
		st := r.forStmt(loop)
		if len(pre) > 0 {
			return &ast.BlockStmt{List: append(pre, st)}
		}
		return st
	case rangeFunc:
		if st := r.iterLoop(s, label); st != nil {
			return st
		}
	}
	var vars []string
	if s.Tok == token.DEFINE {
		vars = identNames([]ast.Expr{s.Key, s.Value})
	}
	r.loopBody(s.Body, vars)
	return s
}

type rangeKindT int

const (
	rangeOther rangeKindT = iota
	rangeInt
	rangeFunc
)

func (r *rewriter) rangeKind(x ast.Expr) rangeKindT {
	if r.info != nil {
		t := r.info.TypeOf(x)
		if t == nil {
			return rangeOther
		}
		switch u := t.Underlying().(type) {
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				return rangeInt
			}
		case *types.Signature:
			return rangeFunc
		}
		return rangeOther
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT {
			return rangeInt
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap" || id.Name == "int") {
			return rangeInt
		}
	}
	return rangeOther
}

// countedLoop turns `for i := range n` into `for i, n_ := n-n, n; i < n_; i++`, and
// `for i = range n` into `{ n_ := n; for i = 0; i < n_; i++ }` (pre holds the declaration).
func (r *rewriter) countedLoop(s *ast.RangeStmt) (pre []ast.Stmt, loop *ast.ForStmt) {
	n := r.fresh("n")
	key := "_"
	if id, ok := s.Key.(*ast.Ident); ok {
		key = id.Name
	}
	tok := s.Tok
	if key == "_" {
		key = r.fresh("i")
		tok = token.DEFINE
	}
	if tok == token.DEFINE {
		loop = mustStmts("for " + key + ", " + n + " := nil, nil; " + key + " < " + n + "; " + key + "++ {}")[0].(*ast.ForStmt)
		as := loop.Init.(*ast.AssignStmt)
		as.Rhs[0] = &ast.BinaryExpr{X: &ast.ParenExpr{X: s.X}, Op: token.SUB, Y: &ast.ParenExpr{X: s.X}}
		as.Rhs[1] = s.X
		if r.info != nil {
			if tv, ok := r.info.Types[s.X]; ok && tv.Value != nil {
				if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
					as.Rhs[0] = mustExpr("0") // untyped constant: the variable is an int
				}
			}
		}
	} else {
		pre = []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(n)}, Tok: token.DEFINE, Rhs: []ast.Expr{s.X}}}
		loop = mustStmts("for " + key + " = 0; " + key + " < " + n + "; " + key + "++ {}")[0].(*ast.ForStmt)
	}
	loop.For = s.For
	loop.Body = s.Body
	return pre, loop
}

// labelName returns the name of a label or "".
func labelName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}
