package worker

import (
	"context"
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/rewrite"
	"github.com/traefik/yaegi/interp"
)

// Result is what a final expression statement gave.
type Result struct {
	Values   []any
	Text     string // the values formatted inside the interpreter, "" when not available
	HasValue bool   // false for calls without results
}

// String formats the values as they are shown.
func (r Result) String() string {
	if r.Text != "" || !r.HasValue {
		return r.Text
	}
	return cell.FormatResult(r.Values)
}

// runResult evaluates the final expression statement part p (parsed as block) and
// returns its values. yaegi accepts x := f() for calls with no result or several results,
// so the number of values is found first by compiling (not running) two probes:
// gojupResults__(expr) compiles only when expr has values, and gojupOne__(expr) (one
// parameter) only when it has exactly one. Then:
//
//   - one value: gojupR__ := expr, then fmt.Sprint(gojupR__) inside the interpreter, where
//     String/Error methods of cell-declared types work (yaegi loses them when such a
//     value is passed around as any). When the interpreter cannot compile that global
//     (results of generic calls: "nil reflect type"), the same is done inside a func
//     literal, where it can;
//   - several values (any number): gojupResults__(expr) gives them all;
//   - no value: expr runs as it is.
//
// Probes work on fresh parses of the part, so rewrites never apply twice to one tree.
func (s *Session) runResult(ctx context.Context, block *ast.BlockStmt, p cell.Part, src string) (Result, *cell.Error) {
	es, ok := block.List[0].(*ast.ExprStmt)
	if !ok || len(block.List) != 1 {
		renameMain(block.List)
		_, err := s.run(ctx, block, src)
		return Result{}, err
	}
	count, values := 1, 0
	if _, isCall := ast.Unparen(es.X).(*ast.CallExpr); isCall {
		n, typed := s.resultCount(es.X)
		switch {
		case typed:
			count, values = min(n, 2), n
		case !s.compiles(p, wrapResults):
			count = 0
		case !s.compiles(p, wrapOne):
			count = 2
		}
	}
	renameMain(block.List)
	switch count {
	case 0:
		_, err := s.run(ctx, block, src)
		return Result{}, err
	case 1:
		show, err := cell.ParseStmts(s.fset, []cell.Part{{Kind: cell.Stmt, Src: showSrc, Line: p.Line, Col: p.Col}})
		if err != nil {
			return Result{}, cell.CompileError(src, cell.Diagnostics(err))
		}
		block.List[0] = defineResult(es.X)
		if err := rewrite.NodeInfo(s.fset, block, s.info); err != nil {
			return Result{}, cell.CompileError(src, cell.Diagnostics(err))
		}
		block.List = append(block.List, show.List...)
		prog, err := s.compile(block)
		if err != nil {
			var ferr error
			if prog, ferr = s.compileInFunc(es.X, p); ferr != nil {
				return Result{}, cell.CompileError(src, s.explain(block, err))
			}
		}
		v, cerr := s.execute(ctx, prog, src)
		if cerr != nil || !v.IsValid() || !v.CanInterface() {
			return Result{}, cerr
		}
		vals, ok := v.Interface().([]any)
		if !ok || len(vals) != 2 {
			return Result{}, nil
		}
		text, _ := vals[1].(string)
		return Result{Values: []any{unwrap(vals[0])}, Text: text, HasValue: true}, nil
	}
	if values >= 2 {
		// Several values of known number: format each inside the interpreter, where the
		// String/Error methods of cell types work (as for one value).
		if r, cerr, ok := s.runSeveral(ctx, es.X, p, src, values); ok {
			return r, cerr
		}
	}
	block.List[0] = wrapResults(es.X)
	v, err := s.run(ctx, block, src)
	if err != nil || !v.IsValid() || !v.CanInterface() {
		return Result{}, err
	}
	vals, ok := v.Interface().([]any)
	if !ok || len(vals) == 0 {
		return Result{}, nil
	}
	for i := range vals {
		vals[i] = unwrap(vals[i])
	}
	return Result{Values: vals, HasValue: true}, nil
}

// resultCount returns how many values e has (0, 1, or 2 for several) from the cell's type
// information, and false when there is none for e. It is preferred to the compile probes,
// which see e before the rewrites that need types (cmp.Or(a, b) compiles only rewritten).
func (s *Session) resultCount(e ast.Expr) (int, bool) { // n: the exact number of values
	if s.info == nil {
		return 0, false
	}
	tv, ok := s.info.Types[e]
	if !ok {
		return 0, false
	}
	if tv.IsVoid() {
		return 0, true
	}
	if tup, ok := tv.Type.(*types.Tuple); ok {
		return tup.Len(), true
	}
	return 1, true
}

// compiles reports whether the expression of part p, changed by build, compiles.
func (s *Session) compiles(p cell.Part, build func(ast.Expr) ast.Stmt) bool {
	block, err := cell.ParseStmts(s.fset, []cell.Part{p})
	if err != nil || len(block.List) != 1 {
		return false
	}
	es, ok := block.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	renameMain(block.List)
	block.List[0] = build(es.X)
	if rewrite.Node(s.fset, block) != nil {
		return false
	}
	_, err = s.compile(block)
	return err == nil
}

// wrapResults makes gojupResults__(e).
func wrapResults(e ast.Expr) ast.Stmt {
	fn := ast.NewIdent(resultsFunc)
	fn.NamePos = e.Pos()
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: fn, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}}
}

// defineResult makes gojupR__ := e.
func defineResult(e ast.Expr) ast.Stmt {
	id := ast.NewIdent(resultVar)
	id.NamePos = e.Pos()
	return &ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: e.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{e}}
}

// wrapOne makes gojupOne__(e), which compiles only when e has exactly one value.
func wrapOne(e ast.Expr) ast.Stmt {
	fn := ast.NewIdent(oneFunc)
	fn.NamePos = e.Pos()
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: fn, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}}
}

// inFuncSrc is showSrc done inside a func literal; the placeholder is replaced by the
// (already rewritten) expression.
const inFuncSrc = resultsFunc + "(func() (any, string) { " + resultVar + " := gojupX__; return " +
	resultVar + ", " + fmtAlias + ".Sprint(" + resultVar + ") }())"

// severalSrc returns the source giving the n values of gojupX__ and then their fmt.Sprint
// texts, inside a func literal.
func severalSrc(n int) string {
	var names, texts []string
	for i := range n {
		v := "gojupM" + strconv.Itoa(i) + "__"
		names = append(names, v)
		texts = append(texts, fmtAlias+".Sprint("+v+")")
	}
	return resultsFunc + "(func() []any { " + strings.Join(names, ", ") + " := gojupX__; return []any{" +
		strings.Join(append(names, texts...), ", ") + "} }()...)"
}

// runSeveral runs e, a call with n ≥ 2 values, through severalSrc. ok is false when e
// could not be rewritten (the caller then collects the values unformatted).
func (s *Session) runSeveral(ctx context.Context, e ast.Expr, p cell.Part, src string, n int) (Result, *cell.Error, bool) {
	tmp := &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: e}}}
	if rewrite.NodeInfo(s.fset, tmp, s.info) != nil {
		return Result{}, nil, false
	}
	es, ok := tmp.List[0].(*ast.ExprStmt)
	if len(tmp.List) != 1 || !ok {
		return Result{}, nil, false
	}
	prog, err := s.compileWith(severalSrc(n), es.X, p)
	if err != nil {
		// e is rewritten now: report the error rather than rewriting it a second time.
		return Result{}, cell.CompileError(src, s.explain(tmp, err)), true
	}
	v, cerr := s.execute(ctx, prog, src)
	if cerr != nil || !v.IsValid() || !v.CanInterface() {
		return Result{}, cerr, true
	}
	vals, ok := v.Interface().([]any)
	if !ok || len(vals) != 2*n {
		return Result{}, nil, true
	}
	texts := make([]string, n)
	for i := range n {
		vals[i] = unwrap(vals[i])
		texts[i], _ = vals[n+i].(string)
	}
	return Result{Values: vals[:n], Text: strings.Join(texts, " "), HasValue: true}, nil, true
}

// compileInFunc compiles inFuncSrc with e in place of its placeholder.
func (s *Session) compileInFunc(e ast.Expr, p cell.Part) (*interp.Program, error) {
	return s.compileWith(inFuncSrc, e, p)
}

// compileWith compiles src with e in place of its placeholder gojupX__ (the right side of
// an assignment).
func (s *Session) compileWith(src string, e ast.Expr, p cell.Part) (*interp.Program, error) {
	block, err := cell.ParseStmts(s.fset, []cell.Part{{Kind: cell.Stmt, Src: src, Line: p.Line, Col: p.Col}})
	if err != nil {
		return nil, err
	}
	replaced := false
	ast.Inspect(block, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if ok && len(as.Rhs) == 1 {
			if id, ok := as.Rhs[0].(*ast.Ident); ok && id.Name == "gojupX__" {
				as.Rhs[0], replaced = e, true
			}
		}
		return !replaced
	})
	if !replaced {
		return nil, errors.New("gojup: result placeholder not found")
	}
	return s.compile(block)
}

// showSrc gives the value of gojupR__ and its fmt.Sprint text (the block's last value).
const showSrc = resultsFunc + "(" + resultVar + ", " + fmtAlias + ".Sprint(" + resultVar + "))"

// EvalExpr evaluates one expression in the session and returns its values.
func (s *Session) EvalExpr(ctx context.Context, expr string) (Result, *cell.Error) {
	p := cell.Part{Kind: cell.Stmt, Src: expr, Line: 1, Col: 1}
	block, err := cell.ParseStmts(s.fset, []cell.Part{p})
	if err != nil {
		return Result{}, cell.CompileError(expr, cell.Diagnostics(err))
	}
	if len(block.List) != 1 {
		return Result{}, &cell.Error{Name: "CompileError", Value: "not a single expression: " + expr}
	}
	saved := s.info
	s.info = nil
	defer func() { s.info = saved }()
	return s.runResult(ctx, block, p, expr)
}
