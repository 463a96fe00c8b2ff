package corpus

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"github.com/gojup/gojup/kernel/typecheck"
)

// importer gives the type information of the packages cells can import from the export
// data embedded in kernel/typecheck, as the worker's checker does: no Go toolchain needed.
var importer = sync.OnceValue(typecheck.NewImporter)

// typeInfo type-checks f like the worker's checker and returns the information
// rewrite.NodeInfo uses; nil when f does not type-check.
func typeInfo(fset *token.FileSet, f *ast.File) *types.Info {
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
		Implicits:  map[ast.Node]types.Object{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	conf := types.Config{Importer: importer(), Error: func(error) {}}
	if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
		return nil
	}
	return info
}
