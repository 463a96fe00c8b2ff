package worker

import (
	"context"
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"github.com/gojup/gojup/kernel/cell"
)

// recordDecls remembers the identifiers declared by decls, with their source.
func (s *Session) recordDecls(decls []ast.Decl, src string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range decls {
		text := s.source(src, d)
		for _, name := range declNames(d) {
			s.decls[name] = text
		}
	}
}

// recordStmts remembers the variables defined by top-level statements.
func (s *Session) recordStmts(stmts []ast.Stmt, src string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range stmts {
		text := s.source(src, st)
		for _, name := range stmtNames(st) {
			s.decls[name] = text
		}
	}
}

// declNames lists the names a declaration declares ("T.M" for methods).
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := strings.ReplaceAll(d.Name.Name, cell.MainAlias, "main")
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return []string{recvName(d.Recv.List[0].Type) + "." + name}
		}
		return []string{name}
	case *ast.GenDecl:
		var names []string
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				names = append(names, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}

// stmtNames lists the variables a top-level statement defines.
func stmtNames(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		names = declNames(st.Decl)
	}
	return names
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// source returns the cell source of node n.
func (s *Session) source(src string, n ast.Node) string {
	start, end := s.fset.Position(n.Pos()), s.fset.Position(n.End())
	a, b := offsetOf(src, start.Line, start.Column), offsetOf(src, end.Line, end.Column)
	if a < 0 || b < a || b > len(src) {
		return ""
	}
	return src[a:b]
}

// offsetOf converts a 1-based line and byte column to an offset in src (-1 if outside).
func offsetOf(src string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off + col - 1
}

// Idents returns the identifiers the session declared, sorted.
func (s *Session) Idents() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.decls))
	for n := range s.decls {
		if !strings.Contains(n, ".") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Imports returns a copy of the session's imports (local name → path).
func (s *Session) Imports() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]string, len(s.imports))
	for k, v := range s.imports {
		m[k] = v
	}
	return m
}

// Decl returns the source declaring name in the session.
func (s *Session) Decl(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.decls[name]
	return src, ok
}

// isVarLoop reports whether err is yaegi's "variable definition loop", its error for a
// package-level var declaration whose initialiser uses a variable that a top-level
// statement of a cell defined (x := 1, then var y = x).
func isVarLoop(err *cell.Error) bool {
	return strings.Contains(err.Value, "variable definition loop")
}

// onlyVars reports whether f declares variables only.
func onlyVars(f *ast.File) bool {
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); !ok || gd.Tok != token.VAR {
			return false
		}
	}
	return len(f.Decls) > 0
}

// runVarsAsStmts runs the var declarations of u as statements (a fresh parse: the
// rewrites never apply twice to one tree), which defines the same session variables.
func (s *Session) runVarsAsStmts(ctx context.Context, u Unit, src string) *cell.Error {
	block, err := cell.ParseStmts(s.fset, u.Parts)
	if err != nil {
		return cell.CompileError(src, cell.Diagnostics(err))
	}
	renameMain(block.List)
	_, cerr := s.run(ctx, block, src)
	return cerr
}
