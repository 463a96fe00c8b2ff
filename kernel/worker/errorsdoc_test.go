package worker

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateErrorsDoc = flag.Bool("update-errors-doc", false, "rewrite docs/errors.md from TestErrorsDoc")

// wholeProgramMistakes are the 20 compile errors learners make most, each as a whole program
// (one cell in the notebook, main.go for go build, so the positions are the same). The
// same kinds written as cells are beginnerMistakes (mistakes_test.go).
var wholeProgramMistakes = []struct{ title, src string }{
	{"Misspelled name", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tcount := 3\n\tfmt.Println(coutn)\n}\n"},
	{"Package used without its import", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(strings.ToUpper(\"go\"))\n}\n"},
	{"Unused variable (a warning in a notebook)", "package main\n\nfunc main() {\n\tx := 1\n}\n"},
	{"Unused import (a warning in a notebook)", "package main\n\nimport \"os\"\n\nfunc main() {\n}\n"},
	{"Assigning a string to an int", "package main\n\nfunc main() {\n\tvar n int = \"five\"\n\t_ = n\n}\n"},
	{"Mixing int and float64", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\ti, f := 2, 1.5\n\tfmt.Println(i * f)\n}\n"},
	{"Adding a number to a string", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tn := 3\n\tfmt.Println(\"n = \" + n)\n}\n"},
	{"= instead of := for a new variable", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\ttotal = 10\n\tfmt.Println(total)\n}\n"},
	{":= again for the same variable", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1\n\tx := 2\n\tfmt.Println(x)\n}\n"},
	{"Missing return", "package main\n\nfunc sign(n int) int {\n\tif n < 0 {\n\t\treturn -1\n\t} else if n > 0 {\n\t\treturn 1\n\t}\n}\n\nfunc main() { _ = sign(2) }\n"},
	{"Returning a value from a function without results", "package main\n\nfunc greet() {\n\treturn \"hi\"\n}\n\nfunc main() { greet() }\n"},
	{"One variable for two results", "package main\n\nimport (\n\t\"fmt\"\n\t\"strconv\"\n)\n\nfunc main() {\n\tn := strconv.Atoi(\"42\")\n\tfmt.Println(n)\n}\n"},
	{"Too few arguments", "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc main() {\n\tfmt.Println(strings.Repeat(\"ab\"))\n}\n"},
	{"A number as a condition", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tn := 1\n\tif n {\n\t\tfmt.Println(\"yes\")\n\t}\n}\n"},
	{"Comparing an int with nil", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tn := 0\n\tif n == nil {\n\t\tfmt.Println(\"none\")\n\t}\n}\n"},
	{"Calling a variable", "package main\n\nfunc main() {\n\tsize := 5\n\tsize()\n}\n"},
	{"Unexported field of another package", "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc main() {\n\tvar b strings.Builder\n\tfmt.Println(b.buf)\n}\n"},
	{"Method with a pointer receiver, value in an interface", "package main\n\nimport \"fmt\"\n\ntype T struct{}\n\nfunc (t *T) String() string { return \"T\" }\n\nfunc main() {\n\tvar s fmt.Stringer = T{}\n\tfmt.Println(s)\n}\n"},
	{"Sending the wrong type on a channel", "package main\n\nfunc main() {\n\tch := make(chan int, 1)\n\tch <- \"one\"\n}\n"},
	{"Missing comma in a multi-line literal", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\txs := []int{\n\t\t1,\n\t\t2\n\t}\n\tfmt.Println(xs)\n}\n"},
}

// goBuildLine is a go build diagnostic: ./main.go:LINE:COL: MESSAGE.
var goBuildLine = regexp.MustCompile(`(?m)^\./main\.go:(\d+):(\d+): (.*)$`)

// TestErrorsDoc runs each mistake through the worker and through go build, checks
// that gojup names the same problem at the same line and column, and that docs/errors.md
// shows both (go test ./kernel/worker -run TestErrorsDoc -update-errors-doc rewrites it).
func TestErrorsDoc(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain: go build is what gojup is compared with")
	}
	var doc bytes.Buffer
	doc.WriteString(docHeader)
	for i, m := range wholeProgramMistakes {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "main.go"), []byte(m.src), 0o644)
		build := exec.Command(goCmd, "build", "-o", os.DevNull, ".")
		build.Dir = dir
		build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
		out, _ := build.CombinedOutput()
		goOut := strings.TrimSpace(strings.ReplaceAll(string(out), "# m\n", ""))

		r := startWorker(t).exec(m.src) // a fresh session, as in a new notebook
		gojup := strings.TrimSpace(r.traceback())
		if gojup == "" {
			gojup = strings.TrimSpace(r.stderr)
		}
		gojup = ansi.ReplaceAllString(gojup, "")

		// Unused variables and imports are errors for go build, not in a notebook.
		var want []string
		for _, d := range goBuildLine.FindAllStringSubmatch(goOut, -1) {
			if !strings.HasPrefix(d[3], "declared and not used") && !strings.HasSuffix(d[3], "imported and not used") {
				want = d
				break
			}
		}
		switch {
		case want == nil && goBuildLine.MatchString(goOut):
			if r.reply["status"] != "ok" {
				t.Errorf("%s: only unused names, but the cell failed:\n%s", m.title, gojup)
			}
			if gojup == "" {
				gojup = "(runs; no message)"
			}
		case want == nil:
			t.Errorf("%s: go build gave no diagnostic: %q", m.title, goOut)
		case !strings.Contains(gojup, "cell "+want[1]+":"+want[2]):
			t.Errorf("%s: gojup does not point at %s:%s like go build:\n%s\ngo build:\n%s", m.title, want[1], want[2], gojup, goOut)
		case !strings.Contains(gojup, firstLine(want[3])) && !strings.HasPrefix(want[3], "syntax error"):
			t.Errorf("%s: gojup does not say %q:\n%s", m.title, firstLine(want[3]), gojup)
		}
		fmt.Fprintf(&doc, "### %d. %s\n\n```go\n%s```\n\n", i+1, m.title, m.src)
		fmt.Fprintf(&doc, "<table><tr><th>gojup</th><th>go build</th></tr><tr><td><pre>%s</pre></td><td><pre>%s</pre></td></tr></table>\n\n",
			html.EscapeString(gojup), html.EscapeString(goOut))
	}
	path := filepath.Join("..", "..", "docs", "errors.md")
	if *updateErrorsDoc {
		if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, doc.Bytes()) {
		t.Errorf("docs/errors.md is not what gojup and go build say now: go test ./kernel/worker -run TestErrorsDoc -update-errors-doc")
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

const docHeader = `# Errors: gojup next to go build

The 20 mistakes learners make most, each run as one notebook cell in gojup and as main.go
with ` + "`go build`" + ` (Go 1.26). gojup type-checks every cell with go/types before the interpreter
sees it, so the messages are the compiler's, at the same line and column (` + "`cell L:C`" + ` for
` + "`./main.go:L:C`" + `), with the offending line and a caret under the column. Unused variables and
imports are not errors in a notebook: the cell runs, without a message. More mistakes, written
as notebook cells, are in [kernel/typecheck/MISTAKES.md](../kernel/typecheck/MISTAKES.md).

Generated and checked by ` + "`TestErrorsDoc`" + ` (kernel/worker/errorsdoc_test.go): the test fails
when gojup points elsewhere, says something else, or this file is out of date
(` + "`go test ./kernel/worker -run TestErrorsDoc -update-errors-doc`" + ` rewrites it).

`
