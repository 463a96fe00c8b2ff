package worker

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/cell"
)

// Final expressions that are generic calls, and calls with any number of results.
func TestGenericAndMultiResults(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"slices\"\nxs := []int{4, 9, 2}")
	if r := p.ok("slices.Max([]int{4, 9, 2})"); r.text() != "9" {
		t.Errorf("slices.Max = %q", r.text())
	}
	if r := p.ok("slices.Clone(xs)"); r.text() != "[4 9 2]" {
		t.Errorf("slices.Clone = %q", r.text())
	}
	// The failed global compile leaves nothing behind: plain results still work.
	if r := p.ok("40 + 2"); r.text() != "42" {
		t.Errorf("40 + 2 after a generic result = %q", r.text())
	}
	if r := p.ok("type S struct{}\nfunc (S) String() string { return \"S!\" }\nfunc pick[T any](v T) T { return v }\npick(S{})"); r.text() != "S!" {
		t.Errorf("generic call giving a Stringer = %q", r.text())
	}
	if r := p.ok("func three() (int, int, int) { return 1, 2, 3 }\nthree()"); r.text() != "1 2 3" {
		t.Errorf("three() = %q", r.text())
	}
	if r := p.ok("func four() (int, string, bool, error) { return 1, \"a\", true, nil }\nfour()"); r.text() != "1 a true <nil>" {
		t.Errorf("four() = %q", r.text())
	}
	if r := p.exec("slices.Max([]int{})"); r.reply["status"] != "error" || !strings.Contains(r.traceback(), "slices.Max: empty list") {
		t.Errorf("slices.Max of empty: %v %s", r.reply["status"], r.traceback())
	}
}

// Generic standard library functions the symbol tables lack, and errors of cell types,
// as cells: final expressions show their value (the result count comes from go/types, as
// the calls compile only once rewritten with types).
func TestGenericStdlibCells(t *testing.T) {
	p := startWorker(t)
	p.ok("import (\"cmp\"; \"errors\"; \"fmt\"; \"reflect\"; \"slices\"; \"sync\")")
	p.ok("type NotFound struct{ Name string }\nfunc (e *NotFound) Error() string { return e.Name + \" not found\" }")
	for _, c := range []struct{ code, want string }{
		{"cmp.Or(0, 3)", "3"},
		{"fmt.Sprint(cmp.Less(1.5, 2.5), cmp.Compare(2.5, 1.5), cmp.Less(\"b\", \"a\"))", "true 1 false"},
		{"cmp.Or(\"\", \"x\")", "x"},
		{"reflect.TypeFor[int]()", "int"},
		{"slices.Concat([]int{1}, []int{2, 3})", "[1 2 3]"},
		{"once := sync.OnceValue(func() int { fmt.Print(\"once \"); return 7 })\nonce() + once()", "14"},
		{"err := fmt.Errorf(\"lookup: %w\", &NotFound{\"x\"})\nerr", "lookup: x not found"},
		{"var nf *NotFound\nerrors.As(err, &nf)", "true"},
		{"nf.Name", "x"},
		{"e, ok := errors.AsType[*NotFound](err)\nfmt.Sprint(e, ok)", "x not found true"},
		// Several values are formatted inside the interpreter too, methods of cell types included.
		{"errors.AsType[*NotFound](err)", "x not found true"},
		{"type C int\nfunc (C) String() string { return \"C!\" }\nfunc two() (C, error) { return 1, &NotFound{\"y\"} }\ntwo()", "C! y not found"},
		{"fmt.Sprintln(two())", "C! y not found\n"},
	} {
		if r := p.ok(c.code); r.text() != c.want {
			t.Errorf("%s = %q, want %q", c.code, r.text(), c.want)
		}
	}
}

// The interpreter's compile panics point at the statement that failed, or nowhere, and
// its log line does not reach the cell's stderr.
func TestCompilePanicPosition(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"slices\"\nxs := []int{4, 9, 2}")
	// var y = slices.Max(xs) at the top level is a global of a generic result: "nil reflect type".
	r := p.exec("a := 1\n_ = a\nvar y = slices.Max(xs)")
	if r.reply["status"] != "error" {
		t.Skipf("the interpreter compiles generic globals now: %v", r.reply["status"])
	}
	tb := r.traceback()
	if !strings.Contains(tb, "cannot compile") || strings.Contains(tb, ":27") || strings.Contains(tb, " 1:") || strings.Contains(tb, " 2:") {
		t.Errorf("traceback:\n%s", tb)
	}
	if !strings.Contains(tb, "cell 3:1: the interpreter cannot compile this code: nil reflect type") {
		t.Errorf("position not line 3:\n%s", tb)
	}
	t.Log(tb)
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestMaxStackFor(t *testing.T) {
	for _, c := range []struct {
		limit int64
		want  int
	}{{math.MaxInt64, 0}, {0, 0}, {270 << 20, 270 << 20 / 4}, {16 << 30, 1 << 30}, {1 << 20, 1 << 20}} {
		if got := maxStackFor(c.limit); got != c.want {
			t.Errorf("maxStackFor(%d) = %d, want %d", c.limit, got, c.want)
		}
	}
}

// TestRecursionUnderMemoryLimit: with GOMEMLIMIT set (the kernel sets 90 % of
// GOJUP_MEMORY_LIMIT), infinite recursion is a stack overflow at a quarter of the limit.
func TestRecursionUnderMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", strconv.Itoa(270<<20))
	p := startWorker(t)
	start := p.positions()
	p.send("execute_request", map[string]any{"code": "func down(n int) int { return down(n+1) + 1 }\ndown(0)"})
	code, _, stderr := p.waitExit(start, 60*time.Second)
	want := fmt.Sprintf("goroutine stack exceeds %d-byte limit", 270<<20/4)
	if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "stack overflow") {
		t.Errorf("exit %d, stderr begins %q; want %q", code, stderr[:min(len(stderr), 300)], want)
	}
}

// Display handles (what Show, display.HTML, Update or a progress bar return) are not
// results: their content is already displayed.
func TestDisplayHandlesAreNotResults(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"github.com/gojup/gojup/display\"")
	for _, code := range []string{
		"tl := display.NewTimeline(\"t\")\ntl.Show()",
		"d := display.HTML(\"<b>x</b>\")\nd",
		"d.Update(\"y\")",
		"display.Show(1)",
		"import \"sync\"\ntl3 := display.NewTimeline(\"t3\")\nvar wg sync.WaitGroup\nfor i := 0; i < 2; i++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); tl3.Lane(\"w\").Span(\"s\", func() {}) }()\n}\nwg.Wait()\ntl3.Show()",
		"func mk() *display.Timeline { t := display.NewTimeline(\"f\"); t.Show(); return nil }\nmk()\ndisplay.NewTimeline(\"g\").Show()",
		"pb := display.Progress(3, \"p\")\npb.Add(1)\npb",
	} {
		r := p.ok(code)
		if r.text() != "<no result>" {
			t.Errorf("%q gave result %q", code, r.text())
		}
	}
	if r := p.ok("display.NewTimeline(\"t2\")"); r.text() == "<no result>" {
		t.Errorf("a timeline value (not shown yet) gave no result")
	}
}

// compilePanic gives a position only when it knows the statement.
func TestCompilePanicNoBogusPosition(t *testing.T) {
	s := &Session{fset: token.NewFileSet()}
	two, err := cell.ParseStmts(s.fset, []cell.Part{{Kind: cell.Stmt, Src: "a := 1\nb := a", Line: 4, Col: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.compilePanic(two, "nil type").Error(); got != "the interpreter cannot compile this code: nil type" {
		t.Errorf("two statements: %q", got)
	}
	one := &ast.BlockStmt{List: two.List[1:]}
	if got := s.compilePanic(one, "nil type").Error(); got != "cell:5:1: the interpreter cannot compile this code: nil type" {
		t.Errorf("one statement: %q", got)
	}
	if got := s.compilePanic(two, "cell:2:3: said"); got.Error() != "cell:2:3: said" {
		t.Errorf("positioned panic: %q", got)
	}
}

// A cell the checker rejected but ran (with a kind of error it is not trusted to stop a
// cell for) and that then failed proves the checker right: later cells are still stopped.
// One that ran without error makes the checker step back for the rest of the session.
func TestCheckerStaysAfterFailedCell(t *testing.T) {
	for _, tc := range []struct {
		name     string
		runErr   error
		stopsYet bool
	}{
		{"the held-back cell failed", errors.New("panic: later"), true},
		{"the held-back cell ran fine", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chk := newTypeChecker()
			held := cell.Parse("m := map[string]int{\"a\": 1, \"a\": 2}\n_ = m")
			if _, ds := chk.Check(nil, held, nil); len(ds) > 0 || len(chk.Soft()) == 0 {
				t.Fatalf("duplicate map key: stopped %v, held back %v (want held back)", ds, chk.Soft())
			}
			chk.Done(held, nil, 1, tc.runErr)
			_, ds := chk.Check(nil, cell.Parse("var n int = \"five\"\n_ = n"), nil)
			if stops := len(ds) > 0; stops != tc.stopsYet {
				t.Errorf("a cannot-use error afterwards: stopped %v, want %v", stops, tc.stopsYet)
			}
		})
	}
}
