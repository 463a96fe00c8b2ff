package symbols

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/symbols/internal/stdlist"
)

// unsupported are exported, non-generic standard library symbols that the
// tables deliberately lack ("pkg.Name").
var unsupported = map[string]string{}

// missingFromSource are exported functions of the generic-only packages that
// SourceFS does not provide yet ("pkg.Name").
var missingFromSource = map[string]bool{
	"iter.Pull2": true,
}

// stdAPI returns the toolchain's standard library packages and, for each
// package with a table, its types. It needs the go command (no network:
// go list -export compiles from GOROOT).
func stdAPI(t *testing.T) (all []string, pkgs map[string]*types.Package) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain: cannot compare with its standard library")
	}
	out, err := exec.Command(goBin, "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	all = strings.Fields(string(out))
	var want []string
	for _, p := range all {
		if !stdlist.Skip(p) || isSource(p) {
			want = append(want, p)
		}
	}
	cmd := exec.Command(goBin, append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}"}, want...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	files := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, f, ok := strings.Cut(line, " "); ok {
			files[p] = f
		}
	}
	imp := importer.ForCompiler(token.NewFileSet(), "gc", func(p string) (io.ReadCloser, error) { return os.Open(files[p]) })
	pkgs = map[string]*types.Package{}
	for _, p := range want {
		if p == "unsafe" {
			continue
		}
		pkg, err := imp.Import(p)
		if err != nil {
			t.Fatalf("importing %s: %v", p, err)
		}
		pkgs[p] = pkg
	}
	return all, pkgs
}

func isSource(p string) bool {
	for _, s := range SourcePackages {
		if s == p {
			return true
		}
	}
	return false
}

func isGeneric(o types.Object) bool {
	switch o := o.(type) {
	case *types.Func:
		return o.Type().(*types.Signature).TypeParams().Len() > 0
	case *types.TypeName:
		if n, ok := o.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
			return true
		}
		if it, ok := o.Type().Underlying().(*types.Interface); ok && !it.IsMethodSet() {
			return true // constraint interface
		}
	}
	return false
}

// TestDrift fails when the Go toolchain's standard library has packages or
// exported symbols the tables lack, so that a Go upgrade is noticed: rerun
// go generate ./kernel/symbols/... ./kernel/typecheck/...
func TestDrift(t *testing.T) {
	all, pkgs := stdAPI(t)
	tables := map[string]map[string]reflect.Value{} // import path → table
	for k, v := range Symbols {
		tables[path.Dir(k)] = v
	}
	var generic []string
	for _, p := range all {
		if stdlist.Skip(p) {
			continue
		}
		table, ok := tables[p]
		if !ok {
			t.Errorf("package %s has no symbol table", p)
			continue
		}
		pkg := pkgs[p]
		if pkg == nil {
			continue
		}
		for _, name := range pkg.Scope().Names() {
			o := pkg.Scope().Lookup(name)
			if !o.Exported() {
				continue
			}
			if isGeneric(o) {
				generic = append(generic, p+"."+name)
				continue
			}
			if _, ok := table[name]; !ok {
				if _, ok := unsupported[p+"."+name]; !ok {
					t.Errorf("%s.%s is missing from the symbol tables", p, name)
				}
			}
		}
	}
	sort.Strings(generic)
	t.Logf("%d generic standard library symbols are not in the tables (see README.md): %s", len(generic), strings.Join(generic, " "))
}

// TestSourcePackagesDrift fails when the real slices, maps, cmp or iter
// export a function SourceFS lacks (and that is not listed as missing).
func TestSourcePackagesDrift(t *testing.T) {
	_, pkgs := stdAPI(t)
	for _, p := range SourcePackages {
		have := map[string]bool{}
		files, err := fs.Glob(SourceFS, "src/"+p+"/*.go")
		if err != nil || len(files) == 0 {
			t.Fatalf("no source for %s: %v", p, err)
		}
		for _, f := range files {
			src, err := fs.ReadFile(SourceFS, f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					have[d.Name.Name] = true
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok {
							have[ts.Name.Name] = true
						}
					}
				}
			}
		}
		for _, name := range pkgs[p].Scope().Names() {
			if token.IsExported(name) && !have[name] && !missingFromSource[p+"."+name] {
				t.Errorf("%s.%s is not provided by SourceFS (src/%s)", p, name, p)
			}
		}
	}
}
