package rewrite

import (
	"go/ast"
	"go/token"
)

// blanks keeps the blank identifier of top-level statements out of the interpreter's global
// scope. yaegi v0.16.1 declares `_` as a global variable in `_, err := f()` (and `var _, x =
// ...`); a later `_ = v` of another type in any cell then panics ("reflect.Set: value of
// type string is not assignable to type int"). So, at the top level of a statement cell:
//
//   - in := and var declarations that declare other names too, each `_` becomes a new
//     session variable _gojupBlankN (its value stays referenced until the session ends);
//   - assignments (=) to `_`, and var declarations of `_` only, run in a function literal
//     called at once, where `_` is the real blank identifier: `func() { _, y = f() }()`.
func (r *rewriter) blanks(list []ast.Stmt) []ast.Stmt {
	for i, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if !hasBlank(s.Lhs) {
				continue
			}
			if s.Tok == token.DEFINE {
				renameBlanks(s.Lhs)
			} else {
				list[i] = callLit(s)
			}
		case *ast.DeclStmt:
			g, ok := s.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			onlyBlank, anyBlank := true, false
			for _, sp := range g.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name == "_" {
						anyBlank = true
					} else {
						onlyBlank = false
					}
				}
			}
			switch {
			case !anyBlank:
			case onlyBlank:
				list[i] = callLit(s)
			default:
				for _, sp := range g.Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						if id.Name == "_" {
							id.Name = global("Blank")
						}
					}
				}
			}
		}
	}
	return list
}

func hasBlank(list []ast.Expr) bool {
	for _, e := range list {
		if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
			return true
		}
	}
	return false
}

func renameBlanks(list []ast.Expr) {
	for i, e := range list {
		if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
			list[i] = &ast.Ident{NamePos: id.NamePos, Name: global("Blank")}
		}
	}
}

// callLit returns `func() { s }()`.
func callLit(s ast.Stmt) ast.Stmt {
	lit := &ast.FuncLit{Type: &ast.FuncType{Func: s.Pos(), Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{s}}}
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: lit}}
}
