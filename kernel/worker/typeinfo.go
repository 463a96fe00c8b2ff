package worker

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// The checker type-checks its own parse of a cell; the rewrites (kernel/rewrite) need
// type information about the worker's parse, the nodes they rewrite. Both parses put
// every node at its cell line:column, so the information is carried over by node kind
// and source span.

// span identifies a node by kind and cell position.
type span struct {
	kind           reflect.Type
	l0, c0, l1, c1 int
}

func spanOf(fset *token.FileSet, n ast.Node) (span, bool) {
	if n == nil || !n.Pos().IsValid() || !n.End().IsValid() {
		return span{}, false
	}
	p, e := fset.Position(n.Pos()), fset.Position(n.End())
	if p.Line == 0 || e.Line == 0 {
		return span{}, false
	}
	return span{kind: reflect.TypeOf(n), l0: p.Line, c0: p.Column, l1: e.Line, c1: e.Column}, true
}

// mapInfo returns the type information of src (about nodes positioned in srcFset) for the
// nodes of roots (positioned in fset), or nil when there is none.
func mapInfo(src *types.Info, srcFset *token.FileSet, fset *token.FileSet, roots []ast.Node) *types.Info {
	if src == nil || srcFset == nil {
		return nil
	}
	typesBy := map[span]types.TypeAndValue{}
	for e, tv := range src.Types {
		if k, ok := spanOf(srcFset, e); ok {
			typesBy[k] = tv
		}
	}
	defs, uses := map[span]types.Object{}, map[span]types.Object{}
	for id, o := range src.Defs {
		if k, ok := spanOf(srcFset, id); ok {
			defs[k] = o
		}
	}
	for id, o := range src.Uses {
		if k, ok := spanOf(srcFset, id); ok {
			uses[k] = o
		}
	}
	implicits := map[span]types.Object{}
	for n, o := range src.Implicits {
		if k, ok := spanOf(srcFset, n); ok {
			implicits[k] = o
		}
	}
	sels := map[span]*types.Selection{}
	for se, s := range src.Selections {
		if k, ok := spanOf(srcFset, se); ok {
			sels[k] = s
		}
	}
	scopes := map[span]*types.Scope{}
	for n, s := range src.Scopes {
		if k, ok := spanOf(srcFset, n); ok {
			scopes[k] = s
		}
	}
	insts := map[span]types.Instance{}
	for id, in := range src.Instances {
		if k, ok := spanOf(srcFset, id); ok {
			insts[k] = in
		}
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	for _, root := range roots {
		ast.Inspect(root, func(n ast.Node) bool {
			k, ok := spanOf(fset, n)
			if !ok {
				return true
			}
			if e, isExpr := n.(ast.Expr); isExpr {
				if tv, ok := typesBy[k]; ok {
					info.Types[e] = tv
				}
			}
			if id, isIdent := n.(*ast.Ident); isIdent {
				if o, ok := defs[k]; ok {
					info.Defs[id] = o
				}
				if o, ok := uses[k]; ok {
					info.Uses[id] = o
				}
				if in, ok := insts[k]; ok {
					info.Instances[id] = in
				}
			}
			if se, isSel := n.(*ast.SelectorExpr); isSel {
				if s, ok := sels[k]; ok {
					info.Selections[se] = s
				}
			}
			if o, ok := implicits[k]; ok {
				info.Implicits[n] = o
			}
			if s, ok := scopes[k]; ok {
				info.Scopes[n] = s
			}
			return true
		})
	}
	return info
}
