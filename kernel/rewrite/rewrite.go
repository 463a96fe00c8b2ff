// Package rewrite changes parsed cells so that yaegi v0.16.1 runs them with Go 1.22–1.26
// semantics. It works on go/ast before the cell is compiled with CompileAST:
//
//   - per-iteration loop variables (Go 1.22): function literals inside a loop that use a
//     loop variable get their own copy; &v of a loop variable makes a fresh copy (needs types);
//   - range over int (Go 1.22) becomes a counted loop; range over functions (Go 1.23
//     iterators) becomes a call of the iterator with the loop body as yield function,
//     keeping break, continue, labels and return;
//   - min, max and clear (Go 1.21) call helpers of the Prelude (constant calls fold);
//   - deferred calls evaluate their arguments and receiver at the defer statement; defers in
//     loops go through a per-function list (yaegi reuses the slots of a loop body);
//   - go statements (and time.AfterFunc callbacks) evaluate their arguments at once and recover a panic of the goroutine,
//     printing it like the Go runtime and exiting with status 2;
//   - type switches become comma-ok assertions (yaegi's type switch never matches
//     interfaces such as error or fmt.Stringer);
//   - method values bind their receiver at once and method expressions become closures, and
//     new(expr) (Go 1.26) allocates a copy (these need types);
//   - generic type aliases (Go 1.24) are expanded (needs types); recover() unwraps the
//     reflect.Value yaegi gives for some panic values;
//   - a failed comma-ok map index or type assertion sets the value to the zero value (yaegi
//     leaves the variable's previous value); at the top level of a statement cell, the
//     comma-ok := forms become declarations plus assignments (yaegi: "nil type") and
//     blank identifiers stay out of the global scope (see commaOkDecls and blanks).
//
// Rewrites that depend on types use a *types.Info for the nodes when NodeInfo gets one and
// are skipped otherwise (range over an int variable cannot be told from range over a slice
// by syntax alone). Rekey carries a types.Info from another parse of the same cell (such as
// kernel/typecheck's) over to the nodes given to NodeInfo. Among others, `x := f(...)` at the
// top level of a statement cell, where f is generic, needs it: it becomes `var x T; x =
// f(...)` (yaegi cannot type a global from an instantiated generic's result).
package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// Node rewrites every function body and statement list inside n, in place, without type
// information. n is a *ast.File (declarations) or a *ast.BlockStmt (a statement cell).
func Node(fset *token.FileSet, n ast.Node) error { return NodeInfo(fset, n, nil) }

// NodeInfo is Node with type information: info (Types, Defs, Uses, Selections) describes the
// nodes of n as go/types checked them, before any rewrite. info may be nil.
func NodeInfo(fset *token.FileSet, n ast.Node, info *types.Info) error {
	r := &rewriter{fset: fset, info: info}
	r.declarations(n)
	switch n := n.(type) {
	case *ast.File:
		for _, d := range n.Decls {
			r.decl(d)
		}
	case *ast.BlockStmt:
		r.fn = &funcCtx{allDefers: hasLoopDefer(n)}
		n.List = r.stmts(n.List)
		r.finishFunc(n)
		r.isolate(n)
	case ast.Stmt:
		r.fn = &funcCtx{}
		r.stmt(n, nil)
	case ast.Expr:
		r.fn = &funcCtx{}
		r.expr(n)
	default:
		return fmt.Errorf("rewrite: unexpected node %T", n)
	}
	return r.err
}

type rewriter struct {
	fset  *token.FileSet
	info  *types.Info
	fn    *funcCtx
	count int
	err   error
}

// funcCtx is the state of the function whose body is being rewritten.
type funcCtx struct {
	results   *ast.FieldList
	loopVars  []string // per-iteration variables of the enclosing loops
	loopDepth int      // loops (and iterator bodies) around the current statement
	deferList string   // name of the list of loop defers, once one is needed
	allDefers bool     // the function defers in a loop: all defers go through deferList
}

// hasLoopDefer reports whether body has a defer statement inside a loop (not counting
// nested function literals).
func hasLoopDefer(body *ast.BlockStmt) bool {
	found := false
	var walk func(n ast.Node, inLoop bool)
	walk = func(n ast.Node, inLoop bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				if inLoop {
					found = true
				}
			case *ast.ForStmt:
				if c != n {
					walk(c.Body, true)
					return false
				}
			case *ast.RangeStmt:
				if c != n {
					walk(c.Body, true)
					return false
				}
			}
			return !found
		})
	}
	walk(body, false)
	return found
}

func (r *rewriter) fresh(prefix string) string {
	r.count++
	return fmt.Sprintf("_gojup%s%d", prefix, r.count)
}

func (r *rewriter) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Body != nil {
			r.funcBody(d.Type, d.Body)
		}
	case *ast.GenDecl:
		r.fn = &funcCtx{}
		for _, s := range d.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok {
				r.valueSpec(vs)
			}
		}
	}
}

// funcBody rewrites a function body with a fresh function context.
func (r *rewriter) funcBody(typ *ast.FuncType, body *ast.BlockStmt) {
	saved := r.fn
	r.fn = &funcCtx{results: typ.Results, allDefers: hasLoopDefer(body)}
	body.List = r.stmts(body.List)
	r.finishFunc(body)
	r.fn = saved
}

// finishFunc declares the list of loop defers at the top of body when one was used.
func (r *rewriter) finishFunc(body *ast.BlockStmt) {
	if r.fn.deferList == "" {
		return
	}
	name := r.fn.deferList
	decl := mustStmts(fmt.Sprintf("var %s []func(); defer func() { _gojupRunDefers(%s) }()", name, name))
	body.List = append(decl, body.List...)
}

// stmts rewrites a statement list; a statement may become several.
func (r *rewriter) stmts(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		out = append(out, r.stmtN(s)...)
	}
	return out
}

// stmtN rewrites s into one or more statements.
func (r *rewriter) stmtN(s ast.Stmt) []ast.Stmt {
	switch s := s.(type) {
	case *ast.DeferStmt:
		return r.deferStmt(s)
	case *ast.GoStmt:
		return r.goStmt(s)
	case *ast.AssignStmt:
		r.stmt(s, nil)
		if out := r.zeroOnMiss(s); out != nil {
			return out
		}
		return []ast.Stmt{s}
	}
	return []ast.Stmt{r.stmt(s, nil)}
}

// stmt rewrites one statement; label is the label of s, if any.
func (r *rewriter) stmt(s ast.Stmt, label *ast.Ident) ast.Stmt {
	switch s := s.(type) {
	case *ast.ExprStmt:
		s.X = r.expr(s.X)
	case *ast.SendStmt:
		s.Chan, s.Value = r.expr(s.Chan), r.expr(s.Value)
	case *ast.IncDecStmt:
		s.X = r.expr(s.X)
	case *ast.AssignStmt:
		var targets []types.Type
		if s.Tok == token.ASSIGN && len(s.Lhs) == len(s.Rhs) && r.info != nil {
			for _, l := range s.Lhs {
				targets = append(targets, r.info.TypeOf(l))
			}
		}
		r.exprs(s.Lhs)
		r.assignTo(targets, s.Rhs)
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					r.valueSpec(vs)
				}
			}
		}
	case *ast.ReturnStmt:
		r.exprs(s.Results)
	case *ast.LabeledStmt:
		s.Stmt = r.stmt(s.Stmt, s.Label)
		if b, ok := s.Stmt.(*ast.BlockStmt); ok && b.Lbrace == token.NoPos && len(b.List) > 0 {
			// A loop became a block ending in the loop: keep the label on the loop.
			last := b.List[len(b.List)-1]
			if _, isLabeled := last.(*ast.LabeledStmt); !isLabeled {
				b.List[len(b.List)-1] = &ast.LabeledStmt{Label: s.Label, Colon: s.Colon, Stmt: last}
			}
			return b
		}
	case *ast.BlockStmt:
		s.List = r.stmts(s.List)
	case *ast.IfStmt:
		if s.Init != nil {
			s.Init = r.stmt(s.Init, nil)
		}
		s.Cond = r.expr(s.Cond)
		s.Body.List = r.stmts(s.Body.List)
		if s.Else != nil {
			s.Else = r.stmt(s.Else, nil)
		}
	case *ast.SwitchStmt:
		if s.Init != nil {
			s.Init = r.stmt(s.Init, nil)
		}
		if s.Tag != nil {
			s.Tag = r.expr(s.Tag)
		}
		r.clauses(s.Body)
	case *ast.TypeSwitchStmt:
		return r.typeSwitch(s, label)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			if cc.Comm != nil {
				cc.Comm = r.stmt(cc.Comm, nil)
			}
			cc.Body = r.stmts(cc.Body)
		}
	case *ast.ForStmt:
		return r.forStmt(s)
	case *ast.RangeStmt:
		return r.rangeStmt(s, label)
	case *ast.DeferStmt, *ast.GoStmt:
		out := r.stmtN(s)
		if len(out) == 1 {
			return out[0]
		}
		return &ast.BlockStmt{List: out}
	}
	return s
}

// valueSpec rewrites the values of a var or const spec.
func (r *rewriter) valueSpec(vs *ast.ValueSpec) {
	var targets []types.Type
	if vs.Type != nil && r.info != nil && len(vs.Values) == len(vs.Names) {
		for range vs.Values {
			targets = append(targets, r.info.TypeOf(vs.Type))
		}
	}
	r.assignTo(targets, vs.Values)
}

// assignTo rewrites values assigned to variables of the types targets (nil: unknown).
// A value of a cell-declared type assigned to an error variable goes through a function
// returning error: yaegi stores it unwrapped otherwise (var err error = MyErr{} printed
// as a struct, without its Error method).
func (r *rewriter) assignTo(targets []types.Type, values []ast.Expr) {
	for i, v := range values {
		toError := i < len(targets) && r.needsErrorWrap(targets[i], v)
		values[i] = r.expr(v)
		if toError {
			values[i] = asError(values[i])
		}
	}
}

// needsErrorWrap reports whether v, of a cell-declared non-interface type, is given to a
// place of type target that is the error interface.
func (r *rewriter) needsErrorWrap(target types.Type, v ast.Expr) bool {
	if target == nil || !types.Identical(target, types.Universe.Lookup("error").Type()) {
		return false
	}
	t := r.info.TypeOf(v)
	return t != nil && declaredInSession(t) && !types.IsInterface(t)
}

// asError returns func() error { return v }().
func asError(v ast.Expr) ast.Expr {
	errType := &ast.Ident{Name: "error", NamePos: v.Pos()}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: v.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: errType}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Return: v.Pos(), Results: []ast.Expr{v}}}},
	}, Lparen: v.End(), Rparen: v.End()}
}

func (r *rewriter) clauses(body *ast.BlockStmt) {
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		r.exprs(cc.List)
		cc.Body = r.stmts(cc.Body)
	}
}

func (r *rewriter) exprs(list []ast.Expr) {
	for i := range list {
		list[i] = r.expr(list[i])
	}
}

// mustStmts parses Go statements generated by this package.
func mustStmts(src string) []ast.Stmt {
	e, err := parseStmts(src)
	if err != nil {
		panic(fmt.Sprintf("rewrite: bad generated code %q: %v", src, err))
	}
	return e
}
