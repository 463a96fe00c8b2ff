package worker

import (
	"strings"
	"testing"
)

// beginnerMistakes are the errors learners make most, as cells, with the position and the
// first line of go build's message for the same code in a program (see
// kernel/typecheck's TestMistakesMatchGoBuild for the comparison with the toolchain).
var beginnerMistakes = []struct {
	name, code, want string
}{
	{"undefined name", "import \"fmt\"\nfmt.Println(foo)", "cell 2:13: undefined: foo"},
	{"string assigned to int", "var x int\nx = \"hello\"", `cell 2:5: cannot use "hello" (untyped string constant) as int value in assignment`},
	{"string in int declaration", "var n int = \"x\"", `cell 1:13: cannot use "x" (untyped string constant) as int value in variable declaration`},
	{"missing return", "func sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}", "cell 5:1: missing return"},
	{"mismatched types", "x := 1\ny := \"a\"\nx + y", "cell 3:1: invalid operation: x + y (mismatched types int and string)"},
	{"no such method", "s := \"abc\"\ns.Len()", "cell 2:3: s.Len undefined (type string has no field or method Len)"},
	{"not enough arguments", "import \"strings\"\nstrings.Repeat(\"a\")", "cell 2:16: not enough arguments in call to strings.Repeat"},
	{"too many arguments", "import \"strings\"\nstrings.ToUpper(\"a\", \"b\")", "cell 2:22: too many arguments in call to strings.ToUpper"},
	{"no new variables", "x := 1\nx := 2", "cell 2:3: no new variables on left side of :="},
	{"not enough return values", "func parse() (int, error) {\n\treturn 1\n}", "cell 2:9: not enough return values"},
	{"assignment mismatch", "import \"strconv\"\nn := strconv.Atoi(\"1\")", "cell 2:6: assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
	{"non-boolean condition", "x := 1\nif x {\n}", "cell 2:4: non-boolean condition in if statement"},
	{"float to int", "var f float64 = 1.5\nvar i int = f", "cell 2:13: cannot use f (variable of type float64) as int value in variable declaration"},
	{"package not imported", "strings.ToUpper(\"a\")", "cell 1:1: undefined: strings"},
	{"call of non-function", "x := 5\nx()", "cell 2:1: invalid operation: cannot call x (variable of type int): int is not a function"},
	{"wrong map key type", "m := map[string]int{}\nm[1] = 2", "cell 2:3: cannot use 1 (untyped int constant) as string value in map index"},
	{"break outside loop", "break", "cell 1:1: break is not in a loop, switch, or select"},
	{"unknown struct field", "type P struct{ X int }\np := P{Y: 1}", "cell 2:8: unknown field Y in struct literal of type P"},
	{"missing method", "import \"fmt\"\ntype S struct{}\nvar st fmt.Stringer = S{}", "cell 3:23: cannot use S{} (value of struct type S) as fmt.Stringer value in variable declaration: S does not implement fmt.Stringer (missing method String)"},
	{"constant overflow", "var b byte = 256", "cell 1:14: cannot use 256 (untyped int constant) as byte value in variable declaration (overflows)"},
	{"duplicate case", "x := 1\nswitch x {\ncase 1:\ncase 1:\n}", "cell 4:6: duplicate case 1 (constant of type int) in expression switch\n\tcell 3:6: previous case"},
	{"increment of string", "s := \"a\"\ns++", "cell 2:1: invalid operation: s++ (non-numeric type string)"},
	{"Duration times int", "import \"time\"\nn := 3\ntime.Second * n", "cell 3:1: invalid operation: time.Second * n (mismatched types time.Duration and int)"},
	{"nil to string", "var s string = nil", "cell 1:16: cannot use nil as string value in variable declaration"},
}

// TestBeginnerMistakes runs each mistake through the worker: the cell stops before
// running anything, with go build's message at the cell position and a caret.
func TestBeginnerMistakes(t *testing.T) {
	p := startWorker(t)
	for _, m := range beginnerMistakes {
		r := p.exec(m.code)
		tb := r.traceback()
		if r.reply["ename"] != "CompileError" || !strings.HasPrefix(tb, m.want) {
			t.Errorf("%s:\ngot  %v\n%s\nwant %s", m.name, r.reply["ename"], tb, m.want)
			continue
		}
		if lines := strings.Split(tb, "\n"); !strings.HasSuffix(lines[len(lines)-1], "^") {
			t.Errorf("%s: no caret:\n%s", m.name, tb)
		}
	}
}

// TestCheckerNeverBlocksValidCells covers the checker's safety rules: errors it is not
// sure of never stop a cell, and once it rejected a cell the interpreter ran without error, it stops
// no cell at all (its view of the session lacks that cell's declarations).
func TestCheckerNeverBlocksValidCells(t *testing.T) {
	p := startWorker(t)
	// A confident error stops the cell before anything runs.
	r := p.exec("import \"fmt\"\nfmt.Println(\"ran\")\nvar n int = \"x\"")
	if r.reply["ename"] != "CompileError" || r.stdout != "" {
		t.Errorf("confident error: %v, stdout %q", r.reply["evalue"], r.stdout)
	}
	// A message the checker is not trusted with, where the interpreter fails too: the
	// checker's wording is shown.
	r = p.exec("import \"fmt\"\nfmt.println(\"x\")")
	t.Logf("unexported: %s", r.traceback())
	if r.reply["ename"] != "CompileError" || !strings.Contains(r.traceback(), "cell 2:") {
		t.Errorf("unexported name: %v", r.traceback())
	}
	// An unused label is an error for go build and not for the interpreter: the cell runs,
	// and its function stays usable although the checker never saw it declared.
	r = p.exec("import \"fmt\"\nfunc three() int { return 3 }\nL:\nfor {\n\tbreak\n}\nfmt.Println(\"ran\")")
	t.Logf("unused label: %v %s", r.reply["status"], r.traceback())
	if r.reply["status"] != "ok" || r.stdout != "ran\n" {
		t.Fatalf("cell with an unused label: %v %q", r.traceback(), r.stdout)
	}
	if r := p.ok("three()"); r.text() != "3" {
		t.Errorf("three() = %q", r.text())
	}
	// Errors still come, from the interpreter.
	if r := p.exec("y := undefinedThing"); r.reply["ename"] != "CompileError" || !strings.Contains(r.traceback(), "undefined: undefinedThing") {
		t.Errorf("after the checker gave up: %s", r.traceback())
	}
}
