package worker

import (
	"go/ast"
	"regexp"
	"strings"

	"github.com/gojup/gojup/kernel/cell"
)

// importErrRE matches yaegi's message for a package it has neither symbols nor sources of.
var importErrRE = regexp.MustCompile(`import "([^"]+)" error: unable to find source related to: .*`)

// explain turns a compile error of n into diagnostics, replacing the interpreter's most
// confusing messages by what the Go compiler would say.
func (s *Session) explain(n ast.Node, err error) []cell.Diagnostic {
	ds := cell.Diagnostics(err)
	for i, d := range ds {
		switch {
		case strings.Contains(d.Msg, "constant definition loop"):
			// yaegi's message for `x := undefinedName` at the top level of a cell.
			if u, ok := s.firstUndefined(n); ok {
				ds[i] = u
			}
		case importErrRE.MatchString(d.Msg):
			ds[i].Msg = importErrRE.ReplaceAllString(d.Msg,
				`package $1 is not available: gojup has the standard library, github.com/gojup/gojup/display and the MongoDB driver built in, and finds other packages' sources under $$GOPATH/src`)
		}
	}
	return ds
}

// firstUndefined finds the first identifier used in n that the session does not define,
// by compiling `_ = name` for each candidate.
func (s *Session) firstUndefined(n ast.Node) (cell.Diagnostic, bool) {
	var found cell.Diagnostic
	ok := false
	seen := map[string]bool{}
	ast.Inspect(n, func(x ast.Node) bool {
		if ok {
			return false
		}
		switch x := x.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(x.X, func(y ast.Node) bool { return s.checkIdent(y, seen, &found, &ok) })
			return false
		case *ast.KeyValueExpr:
			if _, isIdent := x.Key.(*ast.Ident); isIdent {
				ast.Inspect(x.Value, func(y ast.Node) bool { return s.checkIdent(y, seen, &found, &ok) })
				return false
			}
		case *ast.AssignStmt:
			for _, r := range x.Rhs {
				ast.Inspect(r, func(y ast.Node) bool { return s.checkIdent(y, seen, &found, &ok) })
			}
			return false
		case *ast.FuncLit, *ast.FuncDecl:
			return false // may use its own parameters and locals
		}
		return s.checkIdent(x, seen, &found, &ok)
	})
	return found, ok
}

func (s *Session) checkIdent(x ast.Node, seen map[string]bool, found *cell.Diagnostic, ok *bool) bool {
	if *ok {
		return false
	}
	id, isIdent := x.(*ast.Ident)
	if !isIdent || id.Name == "_" || seen[id.Name] {
		return true
	}
	seen[id.Name] = true
	probe := "_ = " + id.Name
	block, err := cell.ParseStmts(s.fset, []cell.Part{{Kind: cell.Stmt, Src: probe, Line: 1, Col: 1}})
	if err != nil {
		return true
	}
	if _, err := s.compile(block); err != nil &&
		(strings.Contains(err.Error(), "undefined: "+id.Name) || strings.Contains(err.Error(), "incomplete type "+id.Name) ||
			strings.Contains(err.Error(), "constant definition loop")) {
		p := s.fset.Position(id.Pos())
		*found, *ok = cell.Diagnostic{Line: p.Line, Col: p.Column, Msg: "undefined: " + id.Name}, true
	}
	return true
}
