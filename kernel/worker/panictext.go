package worker

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"
)

// A value of a cell-declared type loses its methods when yaegi passes it as an interface
// to compiled code, so the value of panic(E{...}) arrives at the worker as a bare struct
// and its Error method cannot be called any more. Where the checker says that the
// argument of panic is of such a type (E or *E, not an interface holding one) with an
// Error or String method, the call is rewritten (before the other rewrites) to note the
// text while the method is still there:
//
//	panic(x)  →  { v := x; if v != nil { note(v, v.Error()) }; panic(v) }
//
// and the panic's message uses the noted text when the value matches (panicText).

// notes are the last noted panic values and texts.
var (
	notesMu sync.Mutex
	notes   []panicNote
)

type panicNote struct {
	v    any
	text string
}

// notePanic records the text of a value about to be panicked with (called by cells).
func notePanic(v any, text string) {
	notesMu.Lock()
	defer notesMu.Unlock()
	if len(notes) == 8 {
		notes = notes[1:]
	}
	notes = append(notes, panicNote{v, text})
}

// panicText returns the noted text of the panic value v.
func panicText(v any) (string, bool) {
	v = plain(v)
	notesMu.Lock()
	defer notesMu.Unlock()
	for i := len(notes) - 1; i >= 0; i-- {
		if reflect.TypeOf(plain(notes[i].v)) == reflect.TypeOf(v) && reflect.DeepEqual(plain(notes[i].v), v) {
			return notes[i].text, true
		}
	}
	return "", false
}

// plain unwraps a reflect.Value.
func plain(v any) any {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		return rv.Interface()
	}
	return v
}

// notePanics rewrites the panic statements of n whose argument's type (known from the
// checker) is declared by cells and has an Error or String method.
func (s *Session) notePanics(n ast.Node) {
	if s.info == nil {
		return
	}
	rewriteList := func(list []ast.Stmt) {
		for i, st := range list {
			if b := s.notePanic(st); b != nil {
				list[i] = b
			}
		}
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.BlockStmt:
			rewriteList(x.List)
		case *ast.CaseClause:
			rewriteList(x.Body)
		case *ast.CommClause:
			rewriteList(x.Body)
		case *ast.LabeledStmt:
			if b := s.notePanic(x.Stmt); b != nil {
				x.Stmt = b
			}
		}
		return true
	})
}

// notePanicVar is the variable the rewritten panic statements use.
const notePanicVar = "gojupPanicV__"

// notePanic returns the replacement of st when it is a panic statement to rewrite:
//
//	{ gojupPanicV__ := x; [if gojupPanicV__ != nil] { note(gojupPanicV__, gojupPanicV__.Error()) }; panic(gojupPanicV__) }
//
// The panic call stays the same node, so the panic is reported where it was.
func (s *Session) notePanic(st ast.Stmt) ast.Stmt {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "panic" || id.Obj != nil || s.declared("panic") {
		return nil
	}
	method, nilable := textMethod(s.info.Types[call.Args[0]].Type)
	if method == "" {
		return nil
	}
	pos := call.Pos()
	v := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: notePanicVar} }
	sel := func(x ast.Expr, name string) *ast.SelectorExpr {
		return &ast.SelectorExpr{X: x, Sel: &ast.Ident{NamePos: pos, Name: name}}
	}
	text := &ast.CallExpr{Fun: sel(v(), method), Lparen: pos, Rparen: pos}
	var note ast.Stmt = &ast.ExprStmt{X: &ast.CallExpr{Fun: sel(&ast.Ident{NamePos: pos, Name: printAlias}, "Note"),
		Lparen: pos, Args: []ast.Expr{v(), text}, Rparen: pos}}
	if nilable {
		note = &ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: v(), OpPos: pos, Op: token.NEQ, Y: &ast.Ident{NamePos: pos, Name: "nil"}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{note}, Rbrace: pos}}
	}
	assign := &ast.AssignStmt{Lhs: []ast.Expr{v()}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{call.Args[0]}}
	call.Args[0] = v()
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{assign, note, es}, Rbrace: call.End()}
}

// textMethod says which method gives the text of a panic value of type t ("Error",
// "String", or "" when none or when the values keep their methods anyway), and whether t
// may be nil.
func textMethod(t types.Type) (method string, nilable bool) {
	if t == nil {
		return "", false
	}
	_, isPtr := t.(*types.Pointer)
	if cellPackage(t) == nil {
		// A compiled package's type keeps its methods; an interface value is left
		// alone (yaegi cannot pass an interface holding a cell type to the wrapper).
		return "", false
	}
	ms := types.NewMethodSet(t)
	for _, m := range []string{"Error", "String"} {
		sel := ms.Lookup(nil, m)
		if sel == nil {
			continue
		}
		sig, ok := sel.Type().(*types.Signature)
		if ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return m, isPtr
		}
	}
	return "", false
}

// cellPackage returns the package of the named type t (or *t) when cells declared it.
func cellPackage(t types.Type) *types.Package {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	if p := n.Obj().Pkg(); p.Path() == "main" || p.Path() == "" || p.Name() == "main" {
		return p
	}
	return nil
}
