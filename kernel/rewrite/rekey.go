package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Rekey returns type information for the nodes of nodes (parsed with the FileSet to) taken
// from info, which describes another parse of the same cell (with the FileSet from), such as
// kernel/typecheck's Result.Info and Result.Fset. Nodes are matched by their position as
// line directives give it (file name, line and column of their start and end, e.g. cell:3:5
// for both kernel/cell's and kernel/typecheck's parses) and their syntax kind; a node
// without a match gets no information, so rewrites that need it are skipped. Only the maps
// this package reads are filled: Types, Defs, Uses, Selections and Instances.
//
// The worker can pass the result to NodeInfo: its own units are parsed separately from the
// checker's synthesized file.
func Rekey(info *types.Info, from *token.FileSet, to *token.FileSet, nodes ...ast.Node) *types.Info {
	if info == nil || from == nil || to == nil {
		return nil
	}
	type key struct {
		file                       string
		line, col, endLine, endCol int
		kind                       reflect.Type
		name                       string
	}
	keyOf := func(fset *token.FileSet, n ast.Node) (key, bool) {
		if n == nil || !n.Pos().IsValid() || !n.End().IsValid() {
			return key{}, false
		}
		p, e := fset.Position(n.Pos()), fset.Position(n.End())
		k := key{file: p.Filename, line: p.Line, col: p.Column, endLine: e.Line, endCol: e.Column, kind: reflect.TypeOf(n)}
		if id, ok := n.(*ast.Ident); ok {
			k.name = id.Name
		}
		return k, true
	}
	types_ := map[key]types.TypeAndValue{}
	for e, tv := range info.Types {
		if k, ok := keyOf(from, e); ok {
			types_[k] = tv
		}
	}
	defs, uses := map[key]types.Object{}, map[key]types.Object{}
	for id, obj := range info.Defs {
		if k, ok := keyOf(from, id); ok {
			defs[k] = obj
		}
	}
	for id, obj := range info.Uses {
		if k, ok := keyOf(from, id); ok {
			uses[k] = obj
		}
	}
	sels := map[key]*types.Selection{}
	for se, sel := range info.Selections {
		if k, ok := keyOf(from, se); ok {
			sels[k] = sel
		}
	}
	insts := map[key]types.Instance{}
	for id, inst := range info.Instances {
		if k, ok := keyOf(from, id); ok {
			insts[k] = inst
		}
	}
	out := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	for _, n := range nodes {
		if n == nil || reflect.ValueOf(n).IsNil() {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			k, ok := keyOf(to, n)
			if !ok {
				return true
			}
			if e, ok := n.(ast.Expr); ok {
				if tv, ok := types_[k]; ok {
					out.Types[e] = tv
				}
			}
			switch n := n.(type) {
			case *ast.Ident:
				if obj, ok := defs[k]; ok {
					out.Defs[n] = obj
				}
				if obj, ok := uses[k]; ok {
					out.Uses[n] = obj
				}
				if inst, ok := insts[k]; ok {
					out.Instances[n] = inst
				}
			case *ast.SelectorExpr:
				if sel, ok := sels[k]; ok {
					out.Selections[n] = sel
				}
			}
			return true
		})
	}
	return out
}
