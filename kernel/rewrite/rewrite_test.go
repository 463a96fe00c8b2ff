package rewrite_test

import (
	"bytes"
	"context"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/corpus"
	"github.com/gojup/gojup/kernel/rewrite"
)

// TestSemantics runs small programs through yaegi with the rewrites (without type
// information, as Node does) and compares with the output of go run.
func TestSemantics(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"loopvar closures", `var fs []func()
	for i := 0; i < 3; i++ { fs = append(fs, func() { fmt.Print(i) }) }
	for _, s := range []string{"a", "b"} { fs = append(fs, func() { fmt.Print(s) }) }
	for _, f := range fs { f() }`, "012ab"},
		{"range over int literal", `for i := range 3 { fmt.Print(i) }`, "012"},
		{"range over len", `s := "abcd"; for i := range len(s) { fmt.Print(s[i:i+1]) }`, "abcd"},
		{"min max literals and variables", `a, b := 4, 9; fmt.Print(min(3, 1, 2), max(a, b), min(a, b, 2))`, "1 9 2"},
		{"clear", `m := map[int]int{1: 1}; s := []int{1, 2}; clear(m); clear(s); fmt.Print(len(m), s)`, "0 [0 0]"},
		{"defer argument evaluated at defer", `x := 1; defer fmt.Print(x); x = 2`, "1"},
		{"defer in loop LIFO with values", `func() { for i := 0; i < 3; i++ { defer fmt.Print(i) } }()`, "210"},
		{"defer order mixed", `func() { defer fmt.Print("a"); for i := 0; i < 2; i++ { defer fmt.Print(i) }; defer fmt.Print("b") }()`, "b10a"},
		{"recover in deferred literal", `func() { defer func() { fmt.Print(recover()) }(); panic("p") }()`, "p"},
		{"go statement arguments", `var wg sync.WaitGroup; out := make([]int, 3)
	for i := 0; i < 3; i++ { wg.Add(1); go func(n int) { defer wg.Done(); out[n] = n * 2 }(i) }
	wg.Wait(); fmt.Print(out)`, "[0 2 4]"},
		{"type switch on stdlib interfaces", `for _, v := range []any{errors.New("e"), 1, nil} {
		switch v.(type) { case nil: fmt.Print("nil "); case error: fmt.Print("error "); default: fmt.Print("other ") } }`, "error other nil "},
		{"time.AfterFunc callback runs", `done := make(chan bool); time.AfterFunc(time.Millisecond, func() { fmt.Print("fired"); close(done) }); <-done`, "fired"},
		{"type switch break", `for i := 0; i < 2; i++ { var v any = i; switch v.(type) { case int: if i == 0 { break }; fmt.Print("int", i) } }`, "int1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar _ = errors.New\nvar _ sync.Mutex\nvar _ time.Duration\n\nfunc main() {\n\t" + tt.body + "\n}\n"
			for _, mode := range []corpus.Mode{corpus.Whole, corpus.Split} {
				var out bytes.Buffer
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				err := corpus.Interpret(ctx, "prog.go", []byte(src), mode, corpus.Options{Stdout: &out, Stderr: &out, NoTypes: true})
				cancel()
				if err != nil || out.String() != tt.want {
					t.Errorf("%v: got %q, %v; want %q", mode, out.String(), err, tt.want)
				}
			}
		})
	}
}

// TestGeneratedCodeIsValidGo rewrites every corpus program (both as a file and its main body
// as a statement cell) and checks that the result still prints and parses as Go.
func TestGeneratedCodeIsValidGo(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/corpus/*.go")
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if err := rewrite.Node(fset, file); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, file); err != nil {
			t.Errorf("%s: printing the rewritten file: %v", f, err)
			continue
		}
		if _, err := parser.ParseFile(token.NewFileSet(), f, buf.Bytes(), 0); err != nil {
			t.Errorf("%s: rewritten file does not parse: %v\n%s", f, err, buf.String())
		}
	}
}
