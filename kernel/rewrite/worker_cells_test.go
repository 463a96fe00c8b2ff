package rewrite_test

import (
	"bytes"
	"context"
	"go/ast"
	"go/build"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/rewrite"
	"github.com/gojup/gojup/kernel/symbols"
	"github.com/gojup/gojup/kernel/typecheck"
	"github.com/gojup/gojup/kernel/worker"
	"github.com/traefik/yaegi/interp"
)

// TestWorkerCells runs cells through the worker's pipeline (worker.NewSession: the
// interpreter with symbols, the Prelude, the cell splitter and this package's rewrites,
// without type information as in the worker) and compares what they print.
func TestWorkerCells(t *testing.T) { runWorkerCells(t, workerCells) }

// TestWorkerCellsTyped runs workerCells, and top-level definitions from generic calls,
// through the worker with a Checker that gives NodeInfo the types of kernel/typecheck
// through Rekey (what the worker's checker does not do yet).
func TestWorkerCellsTyped(t *testing.T) {
	worker.SetChecker(&rekeyChecker{s: typecheck.NewSession(nil)})
	defer worker.SetChecker(nil)
	runWorkerCells(t, append(workerCells, workerCase{"generic results in top-level :=", []string{
		`import ("fmt"; "maps"; "slices")`,
		"xs := []int{3, 1}\nm := map[string]int{\"b\": 1, \"a\": 2}",
		"ys := slices.Clone(xs)\nmx := slices.Max(xs)\nkeys := slices.Sorted(maps.Keys(m))\nfmt.Println(ys, mx, keys)",
		"r, rok := <-func() chan int { c := make(chan int, 1); c <- 4; return c }()\nfmt.Println(r, rok)",
	}, "[3 1] 3 [a b]\n4 true\n"}))
}

// rekeyChecker is a worker.Checker giving the cells' types to the rewrites.
type rekeyChecker struct {
	s    *typecheck.Session
	last *typecheck.Result
}

func (c *rekeyChecker) Check(fset *token.FileSet, cl *cell.Cell, units []worker.Unit) (*types.Info, []cell.Diagnostic) {
	res, err := c.s.Check(cl.Source)
	c.last = res
	if err != nil {
		return nil, nil
	}
	var nodes []ast.Node
	for _, u := range units {
		if u.Block != nil {
			nodes = append(nodes, u.Block)
		}
		if u.File != nil {
			nodes = append(nodes, u.File)
		}
	}
	return rewrite.Rekey(res.Info, res.Fset, fset, nodes...), nil
}

func (c *rekeyChecker) Done(_ *cell.Cell, _ []worker.Unit, ran int, err error) {
	if c.last != nil && (ran > 0 || err == nil) {
		c.s.Commit(c.last)
	}
	c.last = nil
}

type workerCase struct {
	name  string
	cells []string
	want  string
}

var workerCells = []workerCase{
	{"comma-ok map index in a later cell", []string{
		`import "fmt"`,
		`m := map[string]int{"a": 1}`,
		"v, ok := m[\"a\"]\nfmt.Println(v, ok)",
		"w, found := m[\"b\"]\nfmt.Println(w, found)",
		"v, ok = m[\"zz\"]\nfmt.Println(v, ok)",
	}, "1 true\n0 false\n0 false\n"},
	{"comma-ok map index in the same cell", []string{
		"import \"fmt\"\nm := map[string][]string{\"x\": {\"y\"}}\nw, found := m[\"x\"]\nfmt.Println(w, found, len(w))",
	}, "[y] true 1\n"},
	{"comma-ok operands evaluated once", []string{
		`import "fmt"`,
		"m := map[string]int{\"a\": 1}\ncalls := 0\ngetm := func() map[string]int { calls++; return m }",
		"g, gok := getm()[\"a\"]\nfmt.Println(g, gok, calls)",
	}, "1 true 1\n"},
	{"comma-ok type assertion", []string{
		`import "fmt"`,
		`var x any = 3`,
		"n, isInt := x.(int)\ns, isStr := x.(string)\nfmt.Println(n, isInt, s == \"\", isStr)",
	}, "3 true true false\n"},
	{"comma-ok reusing a variable of the cell", []string{
		"import \"fmt\"\nm := map[string]int{\"a\": 1}",
		"v := 5\nv, ok := m[\"zz\"]\nfmt.Println(v, ok)",
		"var x any = \"s\"\nn := 7\nn, isInt := x.(int)\nfmt.Println(n, isInt)",
	}, "0 false\n0 false\n"},
	{"comma-ok in a loop zeroes the value", []string{
		`import "fmt"`,
		`func() { m := map[string]int{"a": 1}; for _, k := range []string{"a", "b"} { v, ok := m[k]; fmt.Println(v, ok) } }()`,
		`func() { for _, x := range []any{1, "s"} { n, _ := x.(int); fmt.Println(n) } }()`,
	}, "1 true\n0 false\n1\n0\n"},
	{"blank identifier across cells", []string{
		`import ("fmt"; "os"; "strconv")`,
		"_, err := strconv.Atoi(\"1\")\nfmt.Println(err)",
		"_ = os.Getenv(\"GOJUP_UNSET\")\n_ = 5\nfmt.Println(\"ok\")",
		"_, e2 := os.Open(\"/nonexistent/x\")\n_ = \"str\"\nfmt.Println(e2 != nil)",
		"var _ = 1.5\nvar _, e3 = strconv.Atoi(\"x\")\nfmt.Println(e3 != nil)",
		"m := map[string]int{}\n_, has := m[\"a\"]\nfmt.Println(has)",
	}, "<nil>\nok\ntrue\ntrue\nfalse\n"},
	{"slices with a slice from compiled code", []string{
		`import ("fmt"; "path/filepath"; "slices"; "strings")`,
		"names := strings.Fields(\"b a\")\nglob, _ := filepath.Glob(\"/nonexistent/*\")",
		"fmt.Println(slices.Contains(names, \"a\"), slices.Index(names, \"b\"), slices.Contains(glob, \"x\"))",
		"slices.SortFunc(names, func(a, b string) int { return strings.Compare(a, b) })\nfmt.Println(names, slices.IndexFunc(names, func(s string) bool { return s == \"b\" }))",
	}, "true 0 false\n[a b] 1\n"},
}

func runWorkerCells(t *testing.T, tests []workerCase) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			s, err := worker.NewSession(&out, &errb)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.cells {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				o := s.RunCell(ctx, cell.Parse(c))
				cancel()
				if o.Err != nil {
					t.Fatalf("cell %q: %v (stderr %q)", c, o.Err, errb.String())
				}
			}
			if out.String() != tt.want {
				t.Errorf("got %q, want %q (stderr %q)", out.String(), tt.want, errb.String())
			}
		})
	}
}

// TestTypedTopLevel runs main bodies as one statement cell at the global scope of an
// interpreter set up like the worker's, rewritten with type information from go/types (as
// the worker would once it passes a types.Info to NodeInfo).
func TestTypedTopLevel(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"generic results in :=", `xs := []int{3, 1}
	ys := slices.Clone(xs)
	mx := slices.Max(xs)
	m := map[string]int{"b": 1, "a": 2}
	keys := slices.Sorted(maps.Keys(m))
	fmt.Println(ys, mx, keys)`, "[3 1] 3 [a b]\n"},
		{"comma-ok with types", `m := map[string][]string{"a": {"x"}}
	v, ok := m["a"]
	w, found := m["b"]
	var x any = 2.5
	f, isF := x.(float64)
	ch := make(chan int, 1)
	ch <- 4
	r, rok := <-ch
	fmt.Println(v, ok, w == nil, found, f, isF, r, rok, slices.Contains(v, "x"))`, "[x] true true false 2.5 true 4 true true\n"},
		{"blank with a generic result", `xs := []int{3, 1}
	_, found := slices.BinarySearch(xs, 3)
	_ = slices.Clone(xs)
	fmt.Println(found)`, "false\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\nimport (\n\t\"fmt\"\n\t\"maps\"\n\t\"slices\"\n)\n\nfunc main() {\n\t" + tt.body + "\n}\n\nfunc useMaps(m map[string]int) { maps.DeleteFunc(m, func(string, int) bool { return false }) }\n"
			var out bytes.Buffer
			it := interp.New(interp.Options{GoPath: build.Default.GOPATH, SourcecodeFilesystem: symbols.Overlay(build.Default.GOPATH),
				Unrestricted: true, Stdout: &out, Stderr: &out})
			if err := symbols.Use(it, nil, &out); err != nil {
				t.Fatal(err)
			}
			if err := it.Use(rewrite.Symbols); err != nil {
				t.Fatal(err)
			}
			fset := it.FileSet()
			run := func(n ast.Node) error {
				prog, err := it.CompileAST(n)
				if err != nil {
					return err
				}
				_, err = it.Execute(prog)
				return err
			}
			prelude, err := parser.ParseFile(fset, "cell.go", rewrite.Prelude, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := run(prelude); err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, "cell.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
				Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
				Instances: map[*ast.Ident]types.Instance{}}
			conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
			if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
				t.Fatal(err)
			}
			body := f.Decls[1].(*ast.FuncDecl).Body
			if err := rewrite.NodeInfo(fset, body, info); err != nil {
				t.Fatal(err)
			}
			if err := run(&ast.File{Name: f.Name, Decls: f.Decls[:1]}); err != nil {
				t.Fatal(err)
			}
			if err := run(body); err != nil || out.String() != tt.want {
				var buf bytes.Buffer
				_ = format.Node(&buf, fset, body)
				t.Errorf("got %q, %v; want %q\n%s", out.String(), err, tt.want, buf.String())
			}
		})
	}
}
