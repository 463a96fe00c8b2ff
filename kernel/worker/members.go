package worker

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"time"
)

// memberCompletions lists the fields and methods of the session variable name: methods
// declared in cells for its type (found from its declaration), and the exported fields
// and methods of its current value (evaluated only while no cell runs).
func (w *Worker) memberCompletions(name string) map[string]string {
	out := map[string]string{}
	src, ok := w.sess.Decl(name)
	if !ok {
		return out
	}
	if tn := declaredType(src, name); tn != "" {
		for _, m := range w.sess.methods(tn) {
			out[m] = "function"
		}
	}
	if !w.sess.evalMu.TryLock() {
		return out
	}
	defer w.sess.evalMu.Unlock()
	if w.sess.Busy() {
		return out
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r, err := w.sess.EvalExpr(ctx, name)
	if err != nil || !r.HasValue || len(r.Values) != 1 || r.Values[0] == nil {
		return out
	}
	t := reflect.TypeOf(r.Values[0])
	mt := t
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		mt = reflect.PointerTo(t) // a variable is addressable: pointer methods apply
	}
	for i := 0; i < mt.NumMethod(); i++ {
		out[mt.Method(i).Name] = "function"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			// Fields of cell-declared structs are all usable in cells.
			if f := t.Field(i); f.IsExported() || t.PkgPath() == "" {
				out[f.Name] = "instance"
			}
		}
	}
	return out
}

// methods returns the names of the methods cells declared for type name.
func (s *Session) methods(typeName string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ms []string
	for k := range s.decls {
		if t, m, ok := strings.Cut(k, "."); ok && t == typeName {
			ms = append(ms, m)
		}
	}
	return ms
}

// declaredType finds the type name of variable name from its declaration source:
// `var x T`, `x := T{...}`, `x := &T{...}`, `var x = T{...}`.
func declaredType(src, name string) string {
	var typeOf func(e ast.Expr) string
	typeOf = func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name
		case *ast.StarExpr:
			return typeOf(e.X)
		case *ast.UnaryExpr:
			return typeOf(e.X)
		case *ast.CompositeLit:
			return typeOf(e.Type)
		case *ast.IndexExpr: // generic instantiation T[int]
			return typeOf(e.X)
		}
		return ""
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		f, err = parser.ParseFile(token.NewFileSet(), "", "package p;"+src, parser.SkipObjectResolution)
		if err != nil {
			return ""
		}
	}
	found := ""
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
					found = typeOf(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if id.Name != name {
					continue
				}
				if n.Type != nil {
					found = typeOf(n.Type)
				} else if i < len(n.Values) {
					found = typeOf(n.Values[i])
				}
			}
		}
		return found == ""
	})
	return found
}
