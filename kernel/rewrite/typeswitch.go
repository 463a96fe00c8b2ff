package rewrite

import (
	"go/ast"
	"go/token"
	"strconv"
)

// typeSwitch rewrites a type switch into comma-ok assertions, which yaegi evaluates
// correctly for interfaces of the standard library (its type switch never matches error,
// fmt.Stringer, io.Reader, ...), followed by an expression switch on the chosen case:
//
//	{
//		init; ts := x; tc := 0
//		if x1, ok1 := ts.(T1); ok1 { tc = 1 } else if ts == nil { tc = 2 } ...
//		switch tc { case 1: v := ts.(T1); body1 ... default: v := ts; body }
//	}
func (r *rewriter) typeSwitch(s *ast.TypeSwitchStmt, label *ast.Ident) ast.Stmt {
	var bind string
	var x ast.Expr
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		bind = a.Lhs[0].(*ast.Ident).Name
		x = a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	default:
		return s
	}
	var out []ast.Stmt
	if s.Init != nil {
		out = append(out, r.stmt(s.Init, nil))
	}
	tmp, tc := r.fresh("ts"), r.fresh("tc")
	out = append(out,
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(tmp)}, Tok: token.DEFINE, Rhs: []ast.Expr{r.expr(x)}},
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(tc)}, Tok: token.DEFINE, Rhs: []ast.Expr{mustExpr("0")}})
	var chain *ast.IfStmt // the first if of the else-if chain
	var last *ast.IfStmt
	add := func(ifs *ast.IfStmt) {
		if chain == nil {
			chain = ifs
		} else {
			last.Else = ifs
		}
		last = ifs
	}
	sw := &ast.SwitchStmt{Switch: s.Switch, Tag: ast.NewIdent(tc), Body: &ast.BlockStmt{Lbrace: s.Body.Lbrace, Rbrace: s.Body.Rbrace}}
	for i, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		index := strconv.Itoa(i + 1)
		for _, te := range cc.List {
			if id, ok := te.(*ast.Ident); ok && id.Name == "nil" {
				add(mustStmts("if " + tmp + " == nil { " + tc + " = " + index + " }")[0].(*ast.IfStmt))
				continue
			}
			xv, ok := r.fresh("x"), r.fresh("ok")
			ifs := mustStmts("if " + xv + ", " + ok + " := " + tmp + ".(int); " + ok + " { _ = " + xv + "; " + tc + " = " + index + " }")[0].(*ast.IfStmt)
			ifs.Init.(*ast.AssignStmt).Rhs[0].(*ast.TypeAssertExpr).Type = te
			add(ifs)
		}
		var body []ast.Stmt
		if bind != "" && bind != "_" {
			var val ast.Expr = ast.NewIdent(tmp)
			if len(cc.List) == 1 {
				if id, ok := cc.List[0].(*ast.Ident); !ok || id.Name != "nil" {
					val = &ast.TypeAssertExpr{X: ast.NewIdent(tmp), Type: cc.List[0]}
				}
			}
			body = append(body,
				&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(bind)}, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
				&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(bind)}})
		}
		body = append(body, r.stmts(cc.Body)...)
		var list []ast.Expr
		if cc.List != nil {
			list = []ast.Expr{mustExpr(index)}
		}
		sw.Body.List = append(sw.Body.List, &ast.CaseClause{Case: cc.Case, List: list, Colon: cc.Colon, Body: body})
	}
	if chain != nil {
		out = append(out, chain)
	}
	out = append(out, sw)
	return &ast.BlockStmt{List: out}
}
