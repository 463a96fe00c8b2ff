package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// iterLoop rewrites `for k, v := range seq { body }` over an iterator function into
//
//	{
//		var ctl int; var r0 T0 ...          // exits and results of return statements
//		seq(func(k K, v V) bool { body'; return true })
//		if ctl == 1 { return r0, ... }    // one test per way out of the body
//		if ctl == 2 { break L }
//	}
//
// where body' has continue → return true, break → return false, and return and branches to
// outer labels → set ctl, return false. It returns nil without types.
func (r *rewriter) iterLoop(s *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	if r.info == nil {
		return nil
	}
	t := r.info.TypeOf(s.X)
	if t == nil {
		return nil
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return nil
	}
	ysig, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	var ptypes []string
	for i := 0; i < ysig.Params().Len(); i++ {
		pt := r.typeExpr(ysig.Params().At(i).Type())
		if pt == "" {
			return nil
		}
		ptypes = append(ptypes, pt)
	}
	r.fn.loopDepth++
	s.Body.List = r.stmts(s.Body.List)
	r.fn.loopDepth--

	x := &iterX{r: r, ctl: r.fresh("ctl"), label: labelName(label), results: r.fn.results}
	x.inner = map[string]bool{}
	ast.Inspect(s.Body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			x.inner[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	body := x.stmts(s.Body.List, false, false)

	// Parameters of the yield function.
	vars := []ast.Expr{s.Key, s.Value}
	var params []*ast.Field
	var assign []ast.Stmt
	for i, pt := range ptypes {
		name := "_"
		if i < len(vars) && vars[i] != nil {
			if id, ok := vars[i].(*ast.Ident); ok && s.Tok == token.DEFINE {
				name = id.Name
			} else {
				name = r.fresh("p")
				assign = append(assign, &ast.AssignStmt{Lhs: []ast.Expr{vars[i]}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(name)}})
			}
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: mustExpr(pt)})
	}
	yield := mustExpr("func() bool { return true }").(*ast.FuncLit)
	yield.Type.Params.List = params
	yield.Body.List = append(append(assign, body...), yield.Body.List...)

	out := []ast.Stmt{&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(x.ctl)}, Type: ast.NewIdent("int")}}}}}
	for i, rt := range x.resultTypes() {
		out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(x.resultName(i))}, Type: rt}}}})
	}
	out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: s.X, Args: []ast.Expr{yield}}})
	for i, exit := range x.exits {
		cond := mustStmts("if " + x.ctl + " == " + strconv.Itoa(i+1) + " {}")[0].(*ast.IfStmt)
		cond.Body.List = []ast.Stmt{exit}
		out = append(out, cond)
	}
	return &ast.BlockStmt{List: out}
}

// iterX rewrites the body of a range-over-func loop into the body of its yield function.
type iterX struct {
	r       *rewriter
	ctl     string
	label   string
	inner   map[string]bool // labels declared inside the body
	results *ast.FieldList
	exits   []ast.Stmt // statement to run after the iterator for ctl == index+1
	retExit int        // index+1 of the return exit, once made
}

func (x *iterX) resultTypes() []ast.Expr {
	var ts []ast.Expr
	if x.results == nil {
		return nil
	}
	for _, f := range x.results.List {
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			ts = append(ts, f.Type)
		}
	}
	return ts
}

func (x *iterX) resultName(i int) string { return x.ctl + "r" + strconv.Itoa(i) }

// exit records a statement to run after the iterator returns and gives the statements that
// leave the yield function towards it.
func (x *iterX) exit(st ast.Stmt) ast.Stmt {
	x.exits = append(x.exits, st)
	return &ast.BlockStmt{List: mustStmts(x.ctl + " = " + strconv.Itoa(len(x.exits)) + "; return false")}
}

func (x *iterX) stmts(list []ast.Stmt, inLoop, inBreakable bool) []ast.Stmt {
	for i, s := range list {
		list[i] = x.stmt(s, inLoop, inBreakable)
	}
	return list
}

func (x *iterX) stmt(s ast.Stmt, inLoop, inBreakable bool) ast.Stmt {
	switch s := s.(type) {
	case *ast.BranchStmt:
		return x.branch(s, inLoop, inBreakable)
	case *ast.ReturnStmt:
		return x.ret(s)
	case *ast.BlockStmt:
		x.stmts(s.List, inLoop, inBreakable)
	case *ast.LabeledStmt:
		s.Stmt = x.stmt(s.Stmt, inLoop, inBreakable)
	case *ast.IfStmt:
		x.stmts(s.Body.List, inLoop, inBreakable)
		if s.Else != nil {
			s.Else = x.stmt(s.Else, inLoop, inBreakable)
		}
	case *ast.ForStmt:
		x.stmts(s.Body.List, true, true)
	case *ast.RangeStmt:
		x.stmts(s.Body.List, true, true)
	case *ast.SwitchStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			x.stmts(cc.Body, inLoop, true)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			x.stmts(cc.Body, inLoop, true)
		}
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			x.stmts(cc.Body, inLoop, true)
		}
	}
	return s
}

func (x *iterX) branch(s *ast.BranchStmt, inLoop, inBreakable bool) ast.Stmt {
	own := func(ret string) ast.Stmt { return mustStmts("return " + ret)[0] }
	switch s.Tok {
	case token.BREAK:
		if s.Label == nil {
			if inBreakable {
				return s
			}
			return own("false")
		}
	case token.CONTINUE:
		if s.Label == nil {
			if inLoop {
				return s
			}
			return own("true")
		}
	default:
		return s
	}
	switch {
	case x.inner[s.Label.Name]:
		return s
	case s.Label.Name == x.label && s.Tok == token.BREAK:
		return own("false")
	case s.Label.Name == x.label:
		return own("true")
	}
	return x.exit(&ast.BranchStmt{Tok: s.Tok, Label: ast.NewIdent(s.Label.Name)})
}

func (x *iterX) ret(s *ast.ReturnStmt) ast.Stmt {
	if len(s.Results) == 0 {
		return x.exit(&ast.ReturnStmt{})
	}
	n := len(x.resultTypes())
	var lhs, res []ast.Expr
	for i := 0; i < n; i++ {
		lhs = append(lhs, ast.NewIdent(x.resultName(i)))
		res = append(res, ast.NewIdent(x.resultName(i)))
	}
	set := &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: s.Results}
	leave := x.exit(&ast.ReturnStmt{Results: res}).(*ast.BlockStmt)
	leave.List = append([]ast.Stmt{set}, leave.List...)
	return leave
}
