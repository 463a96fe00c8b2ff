package typecheck

import (
	"fmt"
	"go/types"
	"strings"
	"testing"
)

// run checks and commits cells in order, failing on any error.
func run(t *testing.T, s *Session, cells ...string) {
	t.Helper()
	for _, c := range cells {
		res, err := s.Check(c)
		if err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
		s.Commit(res)
	}
}

func wantErr(t *testing.T, s *Session, cell, want string) {
	t.Helper()
	_, err := s.Check(cell)
	if err == nil || err.Error() != want {
		t.Fatalf("cell %q: got error %v, want %q", cell, err, want)
	}
}

func TestSessionVariablesAndDeclarations(t *testing.T) {
	s := NewSession(nil)
	run(t, s,
		"import \"fmt\"\nx := 1\nfmt.Println(x)",
		"type Point struct{ X, Y int }\nfunc (p Point) Sum() int { return p.X + p.Y }\np := Point{1, 2}",
		"n := p.Sum() + x",
		"const greeting = \"hi\"\nvar count int",
		"count = len(greeting) + n",
	)
	wantErr(t, s, "x = \"s\"", `1:5: cannot use "s" (untyped string constant) as int value in assignment`)
	wantErr(t, s, "var q Point = x", "1:15: cannot use x (variable of type int) as Point value in variable declaration")
	// A variable redefined with another type takes effect.
	run(t, s, "x := \"now a string\"")
	wantErr(t, s, "x = 3", "1:5: cannot use 3 (untyped int constant) as string value in assignment")
	// Session variable whose type comes from a package the session imports
	// under another name only.
	run(t, s, "import \"strings\"\nr := strings.NewReader(\"abc\")", "b := make([]byte, 2)\nr.Read(b)")
}

func TestRedefinition(t *testing.T) {
	s := NewSession(nil)
	run(t, s, "func f() int { return 1 }", "y := f()")
	// f now returns a string: the old declaration is gone.
	run(t, s, "func f() string { return \"a\" }")
	run(t, s, "var z string = f()")
	run(t, s, "type T struct{ A int }\nfunc (T) M() int { return 1 }")
	run(t, s, "func (T) M() string { return \"\" }", "var m string = T{}.M()")
	// Redefining T breaks nothing that later cells see; warnings name earlier cells.
	res, err := s.Check("type T int")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings.Error(), "earlier cell") {
		t.Errorf("want a warning about earlier cells, got %v", res.Warnings)
	}
}

func TestUnusedAreWarnings(t *testing.T) {
	s := NewSession(nil)
	res, err := s.Check("import \"os\"\nfor i := 0; i < 3; i++ {\n\tunused := i\n}")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	got := res.Warnings.Error()
	if !strings.Contains(got, `1:8: "os" imported and not used`) || !strings.Contains(got, "3:2: declared and not used: unused") {
		t.Errorf("warnings = %q", got)
	}
	// Top-level variables are session variables, never unused.
	res, err = s.Check("a := 1")
	if err != nil || len(res.Warnings) != 0 {
		t.Errorf("a := 1: err %v, warnings %v", err, res.Warnings)
	}
}

func TestLastExpressionIsAValue(t *testing.T) {
	s := NewSession(nil)
	run(t, s, "x := 40", "x + 2")
	wantErr(t, s, "x + 2\nx", "1:1: x + 2 (value of type int) is not used")
}

func TestWholeProgram(t *testing.T) {
	s := NewSession(nil)
	run(t, s, "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n")
	wantErr(t, s, "package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n",
		"4:17: cannot use 1 (untyped int constant) as string value in variable declaration")
	if len(s.Scope()) != 0 {
		t.Errorf("a program cell changed the session: %v", s.Scope())
	}
}

func TestPositionsInMixedCell(t *testing.T) {
	s := NewSession(nil)
	cell := "import \"fmt\"\n\ntype A struct{}\n\nfmt.Println(1)\nfunc g() {}\n  v := undefinedName\n"
	wantErr(t, s, cell, "7:8: undefined: undefinedName")
	wantErr(t, s, "x := 1; y := x + \"a\"", `1:14: invalid operation: x + "a" (mismatched types int and untyped string)`)
}

func TestScopeTypeOfMembers(t *testing.T) {
	s := NewSession(nil)
	run(t, s,
		"import (\n\t\"strings\"\n\t\"time\"\n)",
		"type Inner struct{ Z int }\nfunc (*Inner) Ptr() {}\ntype Outer struct {\n\tInner\n\tName string\n}",
		"o := Outer{}\nb := &strings.Builder{}\nd := time.Second",
	)
	var names []string
	for _, o := range s.Scope() {
		names = append(names, o.Name())
	}
	if got := strings.Join(names, " "); got != "Inner Outer b d o strings time" {
		t.Errorf("Scope() = %q", got)
	}
	typ, err := s.TypeOf("", 0, "b")
	if err != nil || typ.String() != "*strings.Builder" {
		t.Fatalf("TypeOf(b) = %v, %v", typ, err)
	}
	// An expression local to the cell being edited.
	cell := "for i, w := range []string{\"a\"} {\n\tw.\n}"
	typ, err = s.TypeOf(cell, strings.Index(cell, "w."), "w")
	if err != nil || typ.String() != "string" {
		t.Fatalf("TypeOf(w) in cell = %v, %v", typ, err)
	}
	typ, err = s.TypeOf("", 0, "o")
	if err != nil {
		t.Fatal(err)
	}
	var ms []string
	for _, m := range Members(typ) {
		ms = append(ms, m.Kind+" "+m.Name)
	}
	if got := strings.Join(ms, ", "); got != "field Inner, field Name, method Ptr, field Z" {
		t.Errorf("Members(Outer) = %q", got)
	}
	typ, _ = s.TypeOf("", 0, "d")
	found := false
	for _, m := range Members(typ) {
		found = found || (m.Name == "Seconds" && m.Type == "func() float64")
	}
	if !found {
		t.Errorf("Members(time.Duration) lacks Seconds: %v", Members(typ))
	}
	if o := s.Lookup("Outer"); o == nil || fmt.Sprint(o.Type().Underlying()) == "" {
		t.Errorf("Lookup(Outer) = %v", o)
	}
	if _, ok := s.Lookup("strings").(*types.PkgName); !ok {
		t.Errorf("Lookup(strings) is not a package name")
	}
}

func TestThirdPartyPackages(t *testing.T) {
	s := NewSession(nil)
	run(t, s, "import (\n\t\"go.mongodb.org/mongo-driver/v2/bson\"\n\t\"go.mongodb.org/mongo-driver/v2/mongo\"\n\t\"go.mongodb.org/mongo-driver/v2/mongo/options\"\n)",
		"var c *mongo.Client\nopts := options.Client().ApplyURI(\"mongodb://x\")\ndoc := bson.D{{Key: \"a\", Value: 1}}")
	wantErr(t, s, "c.Database(1)", "1:12: cannot use 1 (untyped int constant) as string value in argument to c.Database")
}

func TestGenericStdlib(t *testing.T) {
	s := NewSession(nil)
	run(t, s, "import (\n\t\"maps\"\n\t\"slices\"\n\t\"strings\"\n\t\"sync\"\n\t\"iter\"\n)",
		"xs := []int{3, 1}\nslices.Sort(xs)\nks := slices.Sorted(maps.Keys(map[string]int{}))\nonce := sync.OnceValue(func() int { return 1 })\nvar seq iter.Seq[string] = strings.Lines(\"a\")",
		"for l := range seq {\n\t_ = l\n}\nfor i := range 3 {\n\t_ = min(i, 2)\n}")
	wantErr(t, s, "var s string = once()", "1:16: cannot use once() (value of type int) as string value in variable declaration")
}

func TestDisplayPackage(t *testing.T) {
	imp := NewImporter()
	found := false
	for _, p := range imp.Packages() {
		found = found || p == "github.com/gojup/gojup/display"
	}
	if !found {
		t.Fatal("display is not in the export data: go generate ./kernel/symbols/... ./kernel/typecheck/...")
	}
	s := NewSession(nil)
	run(t, s, "import \"github.com/gojup/gojup/display\"")
	if _, err := s.Check("display.NoSuchFunction()"); err == nil || !strings.Contains(err.Error(), "undefined: display.NoSuchFunction") {
		t.Errorf("got %v", err)
	}
}

func TestSplitting(t *testing.T) {
	s := NewSession(nil)
	run(t, s,
		"// a comment first\nfunc() { _ = 1 }()\nfunc Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}",
		"type Box struct{ v int }\nfunc (b *Box) Set(v int) { b.v = v }\nvar b Box\nb.Set(3)",
		"ys := Map([]int{1}, func(i int) string { return \"x\" })\nvar z string = ys[0]",
	)
	wantErr(t, s, "var w int = Map([]int{1}, func(i int) string { return \"\" })[0]",
		"1:13: cannot use Map([]int{…}, func(i int) string {…})[0] (variable of type string) as int value in variable declaration")
}
