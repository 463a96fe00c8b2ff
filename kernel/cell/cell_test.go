package cell

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// render shows parts as "kind@line:col{src}" for compact comparisons.
func render(parts []Part) string {
	var out []string
	for _, p := range parts {
		out = append(out, fmt.Sprintf("%s@%d:%d{%s}", p.Kind, p.Line, p.Col, p.Src))
	}
	return strings.Join(out, " ")
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, src, want string
		program         bool
	}{
		{"empty", "", "", false},
		{"one stmt", "x := 1", "stmt@1:1{x := 1}", false},
		{"mixed", "import \"fmt\"\nx := 1\nfunc f() int { return x }\nfmt.Println(f())",
			`import@1:1{import "fmt"} stmt@2:1{x := 1} decl@3:1{func f() int { return x }} stmt@4:1{fmt.Println(f())}`, false},
		{"explicit semicolons", "a := 1; b := 2", "stmt@1:1{a := 1} stmt@1:9{b := 2}", false},
		{"for header semicolons", "for i := 0; i < 3; i++ {\n}\nx", "stmt@1:1{for i := 0; i < 3; i++ {\n}} stmt@3:1{x}", false},
		{"if header", "if x := 1; x > 0 { y = 2 }", "stmt@1:1{if x := 1; x > 0 { y = 2 }}", false},
		{"braces in strings", "s := \"{(\"\ntype T struct{ A string `json:\"}\"` }",
			"stmt@1:1{s := \"{(\"} decl@2:1{type T struct{ A string `json:\"}\"` }}", false},
		{"comments dropped between parts", "// c1\nx := 1 // trailing\n/* block { */\ny := 2",
			"stmt@2:1{x := 1} stmt@4:1{y := 2}", false},
		{"comment inside part kept", "func f() {\n\t// inside }\n}", "decl@1:1{func f() {\n\t// inside }\n}}", false},
		{"method is decl", "func (t T) M() {}", "decl@1:1{func (t T) M() {}}", false},
		{"generic method is decl", "func (t T[X]) M() {}", "decl@1:1{func (t T[X]) M() {}}", false},
		{"func literal call is stmt", "func() { println(1) }()", "stmt@1:1{func() { println(1) }()}", false},
		{"func literal with params is stmt", "func(a int) int { return a }(2)", "stmt@1:1{func(a int) int { return a }(2)}", false},
		{"multi-line call", "f(1,\n  2)\ng()", "stmt@1:1{f(1,\n  2)} stmt@3:1{g()}", false},
		{"grouped decls", "const (\n\tA = 1\n\tB\n)\nvar v, w = 1, 2",
			"decl@1:1{const (\n\tA = 1\n\tB\n)} decl@5:1{var v, w = 1, 2}", false},
		{"indented part", "  x := 1", "stmt@1:3{x := 1}", false},
		{"program", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n",
			"import@3:1{import \"fmt\"} decl@5:1{func main() {\n\tfmt.Println(1)\n}}", true},
		{"unicode before part", "s := \"héllo\"; t := 1", "stmt@1:1{s := \"héllo\"} stmt@1:16{t := 1}", false},
	}
	for _, tt := range tests {
		parts, program, err := Split(tt.src)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := render(parts); got != tt.want || program != tt.program {
			t.Errorf("%s:\n got %s (program %v)\nwant %s (program %v)", tt.name, got, program, tt.want, tt.program)
		}
	}
}

func TestSplitScanError(t *testing.T) {
	parts, _, err := Split("x := 1\ns := \"unterminated\ny := 2")
	if err == nil || !strings.Contains(err.Error(), "2:6") {
		t.Fatalf("want scan error at 2:6, got %v", err)
	}
	if len(parts) != 1 || parts[0].Kind != Stmt {
		t.Fatalf("want whole source as one stmt part, got %s", render(parts))
	}
}

func TestParseSpecials(t *testing.T) {
	c := Parse("%help\nx := 1\n!ls -l\nok := a &&\n\t!b\ns := `\n!not shell\n`\n  %time")
	var got []string
	for _, s := range c.Specials {
		got = append(got, fmt.Sprintf("%d:%s", s.Line, s.Text))
	}
	if want := []string{"1:%help", "3:!ls -l", "9:%time"}; !reflect.DeepEqual(got, want) {
		t.Errorf("specials: got %q, want %q", got, want)
	}
	if !strings.HasPrefix(c.Source, "\nx := 1\n\nok := a &&\n\t!b") {
		t.Errorf("source not blanked with lines kept: %q", c.Source)
	}
	if r := render(c.Parts); !strings.HasPrefix(r, "stmt@2:1{x := 1} stmt@4:1{ok := a &&\n\t!b}") {
		t.Errorf("parts: %s", r)
	}

	cm := Parse("%%sh -e\necho hi\necho there")
	if cm.CellMagic == nil || cm.CellMagic.Name != "sh" || cm.CellMagic.Args != "-e" || cm.CellMagic.Body != "echo hi\necho there" {
		t.Errorf("cell magic: %+v", cm.CellMagic)
	}
}

func TestParsePositions(t *testing.T) {
	src := "import \"fmt\"\n\nx := 1\nfunc f() {\n\tundefinedName()\n}\n   y := x +\n  2"
	parts, _, err := Split(src)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := ParseDecls(fset, []Part{parts[0], parts[2]})
	if err != nil {
		t.Fatal(err)
	}
	var call *ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			call = c
		}
		return true
	})
	if p := fset.Position(call.Pos()); p.Filename != FileName || p.Line != 5 || p.Column != 2 {
		t.Errorf("call position %v, want cell:5:2", p)
	}
	body, err := ParseStmts(fset, []Part{parts[1], parts[3]})
	if err != nil {
		t.Fatal(err)
	}
	as := body.List[1].(*ast.AssignStmt)
	if p := fset.Position(as.Rhs[0].(*ast.BinaryExpr).Y.Pos()); p.Line != 8 || p.Column != 3 {
		t.Errorf("operand position %v, want 8:3", p)
	}
	if p := fset.Position(as.Pos()); p.Line != 7 || p.Column != 4 {
		t.Errorf("stmt position %v, want 7:4", p)
	}
}

func TestParseErrorPositions(t *testing.T) {
	src := "x := 1\ny := (2 +\nfunc f() {}"
	parts, _, _ := Split(src)
	var stmts []Part
	for _, p := range parts {
		if p.Kind == Stmt {
			stmts = append(stmts, p)
		}
	}
	_, err := ParseStmts(token.NewFileSet(), stmts)
	if err == nil {
		t.Fatal("want parse error")
	}
	ds := Diagnostics(err)
	if len(ds) == 0 || ds[0].Line != 3 {
		t.Fatalf("diagnostics %+v, want line 3", ds)
	}
}

func TestDiagnosticsFromInterpreterMessages(t *testing.T) {
	ds := Diagnostics(errors.New("cell:3:5: undefined: " + MainAlias))
	want := []Diagnostic{{3, 5, "undefined: main"}}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("got %+v, want %+v", ds, want)
	}
	ds = Diagnostics(errors.New("import \"nope\" error: unable to find source"))
	if len(ds) != 1 || ds[0].Line != 0 || ds[0].String() != "import \"nope\" error: unable to find source" {
		t.Errorf("no-position message: %+v", ds)
	}
}

func TestCompileErrorCaret(t *testing.T) {
	src := "a := 1\n\tb := zz + a\nc := \"é\" + yy"
	e := CompileError(src, []Diagnostic{{2, 7, "undefined: zz"}, {3, 13, "undefined: yy"}})
	want := []string{
		"cell 2:7: undefined: zz",
		"        b := zz + a",
		"             ^",
		"cell 3:13: undefined: yy",
		"    c := \"é\" + yy",
		"               ^",
	}
	if !reflect.DeepEqual(e.Traceback, want) {
		t.Errorf("traceback:\n%s\nwant:\n%s", strings.Join(e.Traceback, "\n"), strings.Join(want, "\n"))
	}
	if e.Name != "CompileError" || e.Value != "cell 2:7: undefined: zz" {
		t.Errorf("ename/evalue: %q %q", e.Name, e.Value)
	}
	if Caret(src, 9, 1) != nil {
		t.Error("caret outside the source should be nil")
	}
}

type stringer struct{ n int }

func (s stringer) String() string { return fmt.Sprintf("S%d", s.n) }

type named int

type point struct{ X, Y int }

func TestPanicValue(t *testing.T) {
	var nilMap map[string]int
	mapErr := func() (r any) {
		defer func() { r = recover() }()
		nilMap["a"] = 1
		return nil
	}()
	tests := []struct {
		v    any
		want string
	}{
		{"boom", "boom"},
		{reflect.ValueOf("boom"), "boom"},
		{errors.New("bad thing"), "bad thing"},
		{reflect.ValueOf(errors.New("wrapped")), "wrapped"},
		{mapErr, "assignment to entry in nil map"},
		{"reflect: slice index out of range", "runtime error: index out of range"},
		{&reflect.ValueError{Method: "reflect.Value.Field"}, "runtime error: invalid memory address or nil pointer dereference"},
		{stringer{2}, "S2"},
		{42, "42"},
		{named(3), "cell.named(3)"},
		{point{1, 2}, "cell.point{X:1, Y:2}"},
		{errors.New("cell:4:2: interface conversion: interface {} is int, not string"), "interface conversion: any is int, not string"},
		{nil, "nil"},
	}
	for _, tt := range tests {
		if got := PanicValue(tt.v); got != tt.want {
			t.Errorf("PanicValue(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestPanicErrorTraceback(t *testing.T) {
	src := "func g() {\n\tpanic(\"boom\")\n}\ng()"
	var frames []Frame
	for _, l := range []string{"cell:2:2: panic: main.g(...)\n", "cell:4:1: panic: main(...)\n", "unrelated"} {
		if f, ok := ParseFrame(l); ok {
			frames = append(frames, f)
		}
	}
	e := PanicError("boom", frames, src)
	want := []string{"panic: boom", "", "goroutine 1 [running]:", "main.g(...)", "\tcell 2:2",
		"        panic(\"boom\")", "        ^", "main.main(...)", "\tcell 4:1"}
	if !reflect.DeepEqual(e.Traceback, want) {
		t.Errorf("traceback:\n%s\nwant:\n%s", strings.Join(e.Traceback, "\n"), strings.Join(want, "\n"))
	}
}

func TestFormatResultAndPrintCalls(t *testing.T) {
	if got := FormatResult([]any{1, nil}); got != "1 <nil>" {
		t.Errorf("multi-value: %q", got)
	}
	if got := FormatResult([]any{"hi", []int{1, 2}, map[string]int{"a": 1}}); got != "hi [1 2] map[a:1]" {
		t.Errorf("values: %q", got)
	}
	for src, want := range map[string]bool{
		`fmt.Println(1)`: true, `fmt.Printf("%d", 1)`: true, `fmt.Fprintln(w)`: true, `log.Print(1)`: true,
		`println(1)`: true, `(print(1))`: true, `fmt.Sprint(1)`: false, `f()`: false, `x`: false, `strings.ToUpper("a")`: false,
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsPrintCall(e); got != want {
			t.Errorf("IsPrintCall(%s) = %v, want %v", src, got, want)
		}
	}
}

func TestEndOfCellAndTypeNames(t *testing.T) {
	parts, _, _ := Split("x := 1\ny := (2 +\n")
	_, err := ParseStmts(token.NewFileSet(), parts)
	ds := Diagnostics(err)
	if len(ds) == 0 || ds[0].String() != "syntax error: unexpected end of cell, expected operand" {
		t.Errorf("end of cell: %+v", ds)
	}
	if got := Clean(`cannot use "s" (type stringT) as type intT in return argument`); got != `cannot use "s" (type string) as type int in return argument` {
		t.Errorf("Clean: %q", got)
	}
}
