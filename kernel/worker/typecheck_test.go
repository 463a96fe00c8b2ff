package worker

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/cell"
)

// corpusCells returns the program at path as one whole-program cell and as the cells a
// learner would type: its imports, its other declarations, and the body of main.
func corpusCells(t *testing.T, path string) (whole string, split []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	text := func(n ast.Node) string {
		return src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
	}
	var imports, decls []string
	var body string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				imports = append(imports, text(d))
				continue
			}
		case *ast.FuncDecl:
			if d.Name.Name == "main" && d.Recv == nil {
				body = src[fset.Position(d.Body.Lbrace).Offset+1 : fset.Position(d.Body.Rbrace).Offset]
				continue
			}
		}
		decls = append(decls, text(d))
	}
	for _, c := range []string{strings.Join(imports, "\n"), strings.Join(decls, "\n\n"), body} {
		if strings.TrimSpace(c) != "" {
			split = append(split, c)
		}
	}
	return src, split
}

// TestCheckerCorpus checks that the type checker stops none of the semantics corpus's
// programs (all valid Go), fed as whole programs and as notebook cells.
func TestCheckerCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/corpus/*.go")
	if len(files) < 200 {
		t.Fatalf("only %d corpus programs", len(files))
	}
	var soft int
	for _, path := range files {
		whole, split := corpusCells(t, path)
		for mode, cells := range map[string][]string{"whole": {whole}, "split": split} {
			tc := newTypeChecker()
			for i, src := range cells {
				c := cell.Parse(src)
				_, ds := tc.Check(nil, c, nil)
				if len(ds) > 0 {
					t.Errorf("%s (%s, cell %d): checker stops valid code: %v", filepath.Base(path), mode, i+1, ds)
				}
				if s := tc.Soft(); len(s) > 0 {
					soft++
					t.Logf("%s (%s, cell %d): held back: %v", filepath.Base(path), mode, i+1, s)
				}
				tc.Done(c, nil, 1, nil)
			}
		}
	}
	t.Logf("%d programs × 2 modes: no cell stopped, %d with held-back diagnostics", len(files), soft)
}
