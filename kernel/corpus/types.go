package corpus

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"
)

// ExportsEnv names the environment variable holding a file of "importpath=exportfile" lines
// (from `go list -export`), used to type-check programs so rewrites get type information.
const ExportsEnv = "GOJUP_CORPUS_EXPORTS"

// typeInfo type-checks f with the export data named by ExportsEnv; nil when unavailable.
func typeInfo(fset *token.FileSet, f *ast.File) *types.Info {
	path := os.Getenv(ExportsEnv)
	if path == "" {
		return nil
	}
	exports := map[string]string{}
	if fh, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), "="); ok && v != "" {
				exports[k] = v
			}
		}
		fh.Close()
	}
	imp := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		if e, ok := exports[p]; ok {
			return os.Open(e)
		}
		return nil, fmt.Errorf("no export data for %s", p)
	})
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
		return nil
	}
	return info
}
