package rewrite

import (
	"go/ast"
	"go/token"
)

// isolate wraps the compound statements (if, for, switch, select, blocks) at the top level
// of a statement cell in function literals called at once. yaegi evaluates a statement
// cell in the global scope, where variables declared in nested blocks become globals that
// clash with each other (`undefined: ok`, values of the wrong type); a function gives them
// a scope. A return inside such a statement ends the cell:
//
//	if func() bool { stmt (with return → return true); return false }() { return }
func (r *rewriter) isolate(b *ast.BlockStmt) {
	b.List = r.commaOkDecls(b.List)
	b.List = r.genericDefines(b.List)
	b.List = r.blanks(b.List)
	b.List = splitDefines(b.List)
	if hasGoto(b) {
		return // a goto may jump into or out of the statements: leave them in one scope
	}
	for i, s := range b.List {
		switch s.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		hasReturn := false
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				hasReturn = true
				_ = n
			}
			return true
		})
		lit := mustExpr("func() bool { return false }").(*ast.FuncLit)
		if hasReturn {
			replaceReturns(s)
		}
		lit.Body.List = append([]ast.Stmt{s}, lit.Body.List...)
		call := &ast.CallExpr{Fun: lit}
		if hasReturn {
			b.List[i] = &ast.IfStmt{If: s.Pos(), Cond: call, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{}}}}
		} else {
			lit.Type.Results = nil
			lit.Body.List = lit.Body.List[:1]
			b.List[i] = &ast.ExprStmt{X: call}
		}
	}
}

// replaceReturns turns return statements in n (outside function literals) into return true.
func replaceReturns(n ast.Node) {
	repl := func(list []ast.Stmt) {
		for i, s := range list {
			if _, ok := s.(*ast.ReturnStmt); ok {
				list[i] = &ast.ReturnStmt{Results: []ast.Expr{&ast.Ident{Name: "true"}}}
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			repl(n.List)
		case *ast.CaseClause:
			repl(n.Body)
		case *ast.CommClause:
			repl(n.Body)
		case *ast.LabeledStmt:
			if _, ok := n.Stmt.(*ast.ReturnStmt); ok {
				n.Stmt = &ast.ReturnStmt{Results: []ast.Expr{&ast.Ident{Name: "true"}}}
			}
		}
		return true
	})
	_ = token.NoPos
}

// hasGoto reports whether n holds a goto statement outside function literals.
func hasGoto(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}

// splitDefines turns `a, b := x, y` at the top level of a statement cell into `a := x;
// b := y` when no right-hand side uses a name on the left: yaegi mixes up the types of
// such globals ("value of type int is not assignable to type chan int").
func splitDefines(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
			out = append(out, s)
			continue
		}
		names := identNames(as.Lhs)
		if len(usedNames(&ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CompositeLit{Elts: as.Rhs}}}}, names)) > 0 {
			out = append(out, s)
			continue
		}
		for i := range as.Lhs {
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{as.Lhs[i]}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{as.Rhs[i]}})
		}
	}
	return out
}
