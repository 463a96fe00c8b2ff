package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/ipc"
)

// restoreTimeout bounds the re-declaration of a whole session.
const restoreTimeout = 10 * time.Second

// restore re-evaluates the declarations of the cells of a TypeRestore request: imports,
// types, funcs, consts, and variables (var declarations and := statements) whose
// initialisers are pure. Everything else is skipped; the variables it defined or changed
// are reported as lost.
func (w *Worker) restore(content json.RawMessage) any {
	var req ipc.RestoreRequest
	if err := json.Unmarshal(content, &req); err != nil {
		return errorReply("BadRequest", "restore: "+err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), restoreTimeout)
	defer cancel()
	w.mu.Lock()
	w.cur = &running{cancel: cancel, shells: map[int]bool{}}
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.cur = nil
		w.mu.Unlock()
	}()

	var reply ipc.RestoreReply
	lost := map[string]bool{}
	vars := map[string]bool{} // restored variables
	for i, src := range req.Cells {
		c := cell.Parse(src)
		if c.CellMagic != nil || c.ScanErr != nil {
			continue
		}
		var keep []cell.Part
		var keptVars []string
		for _, p := range c.Parts {
			ok, defined, assigned := restorable(p)
			if ok {
				keep = append(keep, p)
				keptVars = append(keptVars, defined...)
				continue
			}
			for _, n := range defined {
				lost[n] = true
			}
			for _, n := range assigned {
				if vars[n] {
					lost[n] = true
				}
			}
		}
		if len(keep) == 0 {
			continue
		}
		rc := &cell.Cell{Source: c.Source, Parts: keep}
		if out := w.sess.runCell(ctx, rc, false); out.Err != nil {
			reply.Errors = append(reply.Errors, fmt.Sprintf("cell %d: %s", i+1, out.Err.Value))
			continue
		}
		reply.Restored += len(keep)
		w.sess.appendLog(rc) // so a later redefinition rebuilds the restored session too
		for _, n := range keptVars {
			vars[n] = true
			delete(lost, n)
		}
	}
	for n := range lost {
		reply.Lost = append(reply.Lost, n)
	}
	sort.Strings(reply.Lost)
	return reply
}

// restorable tells whether part p can be re-evaluated after a restart, which variables it
// defines, and which variables it assigns to.
func restorable(p cell.Part) (ok bool, defined, assigned []string) {
	switch p.Kind {
	case cell.Import:
		return true, nil, nil
	case cell.Decl:
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+p.Src, parser.SkipObjectResolution)
		if err != nil || len(f.Decls) == 0 {
			return false, nil, nil
		}
		gd, isGen := f.Decls[0].(*ast.GenDecl)
		if !isGen || gd.Tok != token.VAR {
			return true, nil, nil
		}
		return pureValues(gd), declNames(gd), nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+p.Src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return false, nil, nil
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	if len(body.List) != 1 {
		return false, nil, nil
	}
	st := body.List[0]
	defined = stmtNames(st)
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, e := range st.Rhs {
				if !pure(e) {
					return false, defined, nil
				}
			}
			return len(st.Lhs) == len(st.Rhs), defined, nil
		}
	case *ast.DeclStmt:
		if gd, isGen := st.Decl.(*ast.GenDecl); isGen && gd.Tok == token.VAR {
			return pureValues(gd), defined, nil
		}
		return true, defined, nil
	}
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id := rootIdent(l); id != "" {
					assigned = append(assigned, id)
				}
			}
		case *ast.IncDecStmt:
			if id := rootIdent(n.X); id != "" {
				assigned = append(assigned, id)
			}
		case *ast.CallExpr:
			// A method call or append may change a variable: count its receiver.
			if sel, isSel := n.Fun.(*ast.SelectorExpr); isSel {
				if id := rootIdent(sel.X); id != "" {
					assigned = append(assigned, id)
				}
			}
		}
		return true
	})
	return false, defined, assigned
}

// rootIdent returns the variable at the root of x, x.f, x[i], *x.
func rootIdent(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return ""
		}
	}
}

func pureValues(gd *ast.GenDecl) bool {
	for _, sp := range gd.Specs {
		if vs, ok := sp.(*ast.ValueSpec); ok {
			for _, v := range vs.Values {
				if !pure(v) {
					return false
				}
			}
		}
	}
	return true
}

// pureBuiltins are the builtins without side effects.
var pureBuiltins = map[string]bool{"make": true, "new": true, "len": true, "cap": true, "min": true, "max": true,
	"complex": true, "real": true, "imag": true, "string": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"float32": true, "float64": true, "byte": true, "rune": true, "bool": true, "uintptr": true, "any": true}

// pure reports whether evaluating e has no side effects and gives the same value again:
// literals, names, operators, composite and function literals, conversions and pure builtins.
func pure(e ast.Expr) bool {
	switch e := e.(type) {
	case nil:
		return true
	case *ast.BasicLit, *ast.Ident, *ast.FuncLit:
		return true
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if !pure(el) {
				return false
			}
		}
		return true
	case *ast.KeyValueExpr:
		return pure(e.Key) && pure(e.Value)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && pure(e.X)
	case *ast.BinaryExpr:
		return pure(e.X) && pure(e.Y)
	case *ast.ParenExpr:
		return pure(e.X)
	case *ast.SelectorExpr:
		return pure(e.X)
	case *ast.StarExpr:
		return pure(e.X)
	case *ast.IndexExpr:
		return pure(e.X) && pure(e.Index)
	case *ast.SliceExpr:
		return pure(e.X) && pure(e.Low) && pure(e.High) && pure(e.Max)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		return true
	case *ast.CallExpr:
		switch fn := e.Fun.(type) {
		case *ast.Ident:
			if !pureBuiltins[fn.Name] {
				return false
			}
		case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.ParenExpr:
		default:
			return false
		}
		for _, a := range e.Args {
			if !pure(a) {
				return false
			}
		}
		return true
	}
	return false
}
