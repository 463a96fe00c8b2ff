package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"sync/atomic"
)

// globalCount numbers the session variables that rewritten statement cells declare
// (temporaries and renamed blank identifiers). They live in the interpreter's global
// scope across cells, so the numbers are unique in the process, not just in one cell.
var globalCount atomic.Int64

// global returns a new session-wide unique name starting with "_gojup" + prefix.
func global(prefix string) string {
	return fmt.Sprintf("_gojup%s%d", prefix, globalCount.Add(1))
}

// commaOkDecls rewrites the comma-ok forms at the top level of a statement cell,
//
//	v, ok := m[k]     v, ok := x.(T)     v, ok := <-ch     var v, ok = m[k] (etc.)
//
// into a declaration of each new variable followed by a plain assignment, `...; v, ok =
// m[k]`: yaegi v0.16.1 panics ("nil type") on the := and var forms in the global scope,
// in the same cell as in a later one. With type information the declarations are `var v
// T`. Without (the worker's case), they are built from the syntax: `var v T` for x.(T)
// and `v := m[k]` for a map index (evaluated once more, after binding impure operands to
// temporaries); ok is `var ok bool`. A receive `v, ok := <-ch` is left alone without
// types (its element type cannot be written). A variable that an earlier top-level
// statement of the cell declared is not declared again (as := reuses it).
func (r *rewriter) commaOkDecls(list []ast.Stmt) []ast.Stmt {
	declared := map[string]bool{}
	var out []ast.Stmt
	for _, s := range list {
		if repl := r.commaOk(s, declared); repl != nil {
			out = append(out, repl...)
		} else {
			out = append(out, s)
		}
		for _, name := range topNames(s) {
			declared[name] = true
		}
	}
	return out
}

// topNames lists the variables and constants a top-level statement declares.
func topNames(s ast.Stmt) []string {
	var names []string
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// commaOk returns the replacement of s if it is a comma-ok definition, or nil.
func (r *rewriter) commaOk(s ast.Stmt, declared map[string]bool) []ast.Stmt {
	var lhs []ast.Expr
	var rhs ast.Expr
	var pos token.Pos
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE || len(s.Lhs) != 2 || len(s.Rhs) != 1 {
			return nil
		}
		lhs, rhs, pos = s.Lhs, s.Rhs[0], s.TokPos
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return nil
		}
		vs, ok := g.Specs[0].(*ast.ValueSpec)
		if !ok || vs.Type != nil || len(vs.Names) != 2 || len(vs.Values) != 1 {
			return nil
		}
		lhs, rhs, pos = []ast.Expr{vs.Names[0], vs.Names[1]}, vs.Values[0], vs.Pos()
	default:
		return nil
	}
	inner := rhs
	for {
		p, ok := inner.(*ast.ParenExpr)
		if !ok {
			break
		}
		inner = p.X
	}
	switch e := inner.(type) {
	case *ast.IndexExpr:
	case *ast.TypeAssertExpr:
		if e.Type == nil {
			return nil // x.(type) outside a type switch: not valid Go
		}
	case *ast.UnaryExpr:
		if e.Op != token.ARROW {
			return nil
		}
	default:
		return nil
	}
	ids := make([]*ast.Ident, 2)
	for i, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil
		}
		ids[i] = id
	}
	need := func(id *ast.Ident) bool { return id.Name != "_" && !declared[id.Name] }
	if !need(ids[0]) && !need(ids[1]) {
		return nil // `:=` with no new variable: not valid Go, leave the error to the checker
	}
	if out := r.commaOkTyped(ids, need, lhs, rhs, pos); out != nil {
		return out
	}
	var out []ast.Stmt
	if need(ids[0]) {
		switch e := inner.(type) {
		case *ast.TypeAssertExpr:
			t := r.copyExpr(e.Type)
			if t == nil {
				return nil
			}
			out = append(out, varDecl(ids[0].Name, t))
		case *ast.IndexExpr:
			e.X = r.bindImpure(e.X, &out)
			e.Index = r.bindImpure(e.Index, &out)
			x, idx := r.copyExpr(e.X), r.copyExpr(e.Index)
			if x == nil || idx == nil {
				return nil
			}
			out = append(out, define(ids[0].Name, &ast.IndexExpr{X: x, Index: idx}))
		case *ast.UnaryExpr:
			// No way to write the zero value of ch's element type without its name (a
			// generic helper over chan T fails in yaegi: "nil reflect type").
			return nil
		}
	}
	if need(ids[1]) {
		out = append(out, varDecl(ids[1].Name, ast.NewIdent("bool")))
	}
	return append(out, &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{rhs}})
}

// commaOkTyped is commaOk with type information: `var v T` for each new variable, or nil
// when a type is not known or cannot be written in the cell.
func (r *rewriter) commaOkTyped(ids []*ast.Ident, need func(*ast.Ident) bool, lhs []ast.Expr, rhs ast.Expr, pos token.Pos) []ast.Stmt {
	if r.info == nil {
		return nil
	}
	var out []ast.Stmt
	for _, id := range ids {
		if !need(id) {
			continue
		}
		obj := r.info.Defs[id]
		if obj == nil {
			return nil
		}
		t := r.typeExpr(obj.Type())
		if t == "" {
			return nil
		}
		out = append(out, varDecl(id.Name, mustExpr(t)))
	}
	return append(out, &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{rhs}})
}

// bindImpure returns e if evaluating it twice is harmless (names, literals, selectors,
// operators on those); otherwise it appends `_gojupTN := e` to out and returns the new name.
func (r *rewriter) bindImpure(e ast.Expr, out *[]ast.Stmt) ast.Expr {
	if pure(e) {
		return e
	}
	name := global("T")
	*out = append(*out, define(name, e))
	return ast.NewIdent(name)
}

// pure reports whether e has no side effects and costs little to evaluate again.
func pure(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(e.X)
	case *ast.SelectorExpr:
		return pure(e.X)
	case *ast.StarExpr:
		return pure(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && pure(e.X)
	case *ast.BinaryExpr:
		return pure(e.X) && pure(e.Y)
	case *ast.IndexExpr:
		return pure(e.X) && pure(e.Index)
	}
	return false
}

// copyExpr returns a copy of e without positions, or nil if it cannot be printed.
func (r *rewriter) copyExpr(e ast.Expr) ast.Expr {
	var buf bytes.Buffer
	fset := r.fset
	if fset == nil {
		fset = token.NewFileSet()
	}
	if err := printer.Fprint(&buf, fset, e); err != nil {
		return nil
	}
	c, err := parseExprSafe(buf.String())
	if err != nil {
		return nil
	}
	return c
}

func parseExprSafe(src string) (e ast.Expr, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return mustExpr(src), nil
}

func varDecl(name string, typ ast.Expr) ast.Stmt {
	return &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ}}}}
}

func define(name string, value ast.Expr) ast.Stmt {
	return &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{value}}
}

// zeroOnMiss makes a comma-ok statement in a statement list set its value to the zero
// value when ok is false, as Go does: yaegi v0.16.1 leaves the variable as it was, so in a
// loop `v, ok := m[k]` keeps the previous iteration's v on a missing key. It returns the
// statements replacing as (nil: unchanged):
//
//	v, ok := m[k]; if !ok { v = m[k] }          (impure m, k bound to temporaries first)
//	v, ok := x.(T); if !ok { var z T; v = z }
//
// A blank ok becomes a new variable. Statements in the init of if, for and switch are not
// changed (their value is rarely used when ok is false).
func (r *rewriter) zeroOnMiss(as *ast.AssignStmt) []ast.Stmt {
	if len(as.Lhs) != 2 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return nil
	}
	v := as.Lhs[0]
	if id, ok := v.(*ast.Ident); (ok && id.Name == "_") || !pure(v) || !pure(as.Lhs[1]) {
		return nil
	}
	inner := as.Rhs[0]
	for {
		p, ok := inner.(*ast.ParenExpr)
		if !ok {
			break
		}
		inner = p.X
	}
	var pre, zero []ast.Stmt
	switch e := inner.(type) {
	case *ast.IndexExpr:
		e.X = r.bindImpure(e.X, &pre)
		e.Index = r.bindImpure(e.Index, &pre)
		x, idx := r.copyExpr(e.X), r.copyExpr(e.Index)
		if x == nil || idx == nil {
			return nil
		}
		zero = []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{r.copyExpr(v)}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.IndexExpr{X: x, Index: idx}}}}
	case *ast.TypeAssertExpr:
		if e.Type == nil {
			return nil
		}
		t := r.copyExpr(e.Type)
		if t == nil {
			return nil
		}
		z := global("Zero")
		zero = []ast.Stmt{varDecl(z, t), &ast.AssignStmt{Lhs: []ast.Expr{r.copyExpr(v)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(z)}}}
	default:
		return nil
	}
	if zero[len(zero)-1].(*ast.AssignStmt).Lhs[0] == nil {
		return nil
	}
	ok := as.Lhs[1]
	if id, isID := ok.(*ast.Ident); isID && id.Name == "_" {
		name := global("Ok")
		if as.Tok == token.ASSIGN {
			pre = append(pre, varDecl(name, ast.NewIdent("bool")))
		}
		as.Lhs[1] = &ast.Ident{NamePos: id.NamePos, Name: name}
	}
	okCopy := r.copyExpr(as.Lhs[1])
	if okCopy == nil {
		return nil
	}
	check := &ast.IfStmt{Cond: &ast.UnaryExpr{Op: token.NOT, X: okCopy}, Body: &ast.BlockStmt{List: zero}}
	return append(append(pre, as), check)
}

// genericDefines turns `x := f(...)` at the top level of a statement cell, where the right
// side calls a generic function (slices.Clone, maps.Keys, a cell's own generic function),
// into `var x T; x = f(...)`: yaegi v0.16.1 cannot type a global variable from the result of
// an instantiated generic function ("invalid memory address", "nil reflect type"). Needs
// types (the instantiations and the variables' types).
func (r *rewriter) genericDefines(list []ast.Stmt) []ast.Stmt {
	if r.info == nil {
		return list
	}
	var out []ast.Stmt
	for _, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || !r.callsGeneric(as.Rhs) {
			out = append(out, s)
			continue
		}
		var decls []ast.Stmt
		fail := false
		for _, l := range as.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				fail = true
				break
			}
			obj := r.info.Defs[id]
			if obj == nil || id.Name == "_" {
				continue // an existing variable of the cell, or blank
			}
			t := r.typeExpr(obj.Type())
			if t == "" {
				fail = true
				break
			}
			decls = append(decls, varDecl(id.Name, mustExpr(t)))
		}
		if fail || len(decls) == 0 {
			out = append(out, s)
			continue
		}
		as.Tok = token.ASSIGN
		out = append(append(out, decls...), as)
	}
	return out
}

// callsGeneric reports whether exprs use a generic function (outside function literals).
func (r *rewriter) callsGeneric(exprs []ast.Expr) bool {
	found := false
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.Ident:
				if _, ok := r.info.Instances[n]; ok {
					found = true
				} else if fn, ok := r.info.Uses[n].(*types.Func); ok {
					// Without Instances (kernel/typecheck does not record them).
					sig, _ := fn.Type().(*types.Signature)
					found = sig != nil && sig.TypeParams().Len() > 0
				}
			}
			return !found
		})
	}
	return found
}
