package typecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mistake is a common beginner error, written as a cell (imports, then
// declarations, then statements) and compiled as the program
// "package main; imports; decls; func main() { stmts }".
type mistake struct {
	name           string
	imports, decls string
	stmts          string
}

func (m mistake) cell() string {
	var parts []string
	for _, p := range []string{m.imports, m.decls, m.stmts} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}

func (m mistake) program() string {
	return "package main\n\n" + m.imports + "\n\n" + m.decls + "\n\nfunc main() {\n" + m.stmts + "\n}\n"
}

// mistakes are the 20+ errors beginners make most, checked against go build.
var mistakes = []mistake{
	{name: "undefined name", imports: `import "fmt"`, stmts: `fmt.Println(foo)`},
	{name: "string assigned to int", stmts: "var x int\nx = \"hello\"\n_ = x"},
	{name: "missing return", decls: "func sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}"},
	{name: "mismatched types", imports: `import "fmt"`, stmts: "x := 1\ny := \"a\"\nfmt.Println(x + y)"},
	{name: "no such method", imports: `import "fmt"`, stmts: "s := \"abc\"\nfmt.Println(s.Len())"},
	{name: "not enough arguments", imports: `import "strings"`, stmts: `_ = strings.Repeat("a")`},
	{name: "too many arguments", imports: `import "strings"`, stmts: `_ = strings.ToUpper("a", "b")`},
	{name: "no new variables", stmts: "x := 1\nx := 2\n_ = x"},
	{name: "not enough return values", decls: "func parse() (int, error) {\n\treturn 1\n}"},
	{name: "assignment mismatch", imports: `import "strconv"`, stmts: "n := strconv.Atoi(\"1\")\n_ = n"},
	{name: "non-boolean condition", stmts: "x := 1\nif x {\n}"},
	{name: "float to int", stmts: "var f float64 = 1.5\nvar i int = f\n_ = i"},
	{name: "int constant to string", stmts: "var s string = 65\n_ = s"},
	{name: "package not imported", imports: `import "fmt"`, stmts: `fmt.Println(strings.ToUpper("a"))`},
	{name: "unexported name", imports: `import "fmt"`, stmts: `fmt.println("x")`},
	{name: "call of non-function", stmts: "x := 5\nx()"},
	{name: "wrong map key type", stmts: "m := map[string]int{}\nm[1] = 2"},
	{name: "break outside loop", stmts: "break"},
	{name: "unknown struct field", decls: "type P struct{ X int }", stmts: "p := P{Y: 1}\n_ = p"},
	{name: "missing method", imports: `import "fmt"`, decls: "type S struct{}", stmts: "var st fmt.Stringer = S{}\n_ = st"},
	{name: "pointer receiver", imports: `import "fmt"`, decls: "type T struct{}\n\nfunc (t *T) String() string { return \"\" }", stmts: "var st fmt.Stringer = T{}\n_ = st"},
	{name: "constant overflow", stmts: "var b byte = 256\n_ = b"},
	{name: "duplicate case", stmts: "x := 1\nswitch x {\ncase 1:\ncase 1:\n}"},
	{name: "increment of string", stmts: "s := \"a\"\ns++"},
	{name: "Duration times int", imports: `import "time"`, stmts: "n := 3\nd := time.Second * n\n_ = d"},
	{name: "nil to string", stmts: "var s string = nil\n_ = s"},
	{name: "return value in main", stmts: "return 1"},
}

var (
	buildLine = regexp.MustCompile(`^\./main\.go:(\d+):(\d+): (.*)$`)
	// contPos is the position in a continuation line, which differs between
	// the cell and the program.
	contPos = regexp.MustCompile(`\n\t(\./main\.go:)?\d+:\d+: `)
)

// goBuildMessages compiles src with the real toolchain and returns its
// error messages (without positions; continuation lines joined with "\n").
func goBuildMessages(t *testing.T, goBin, src string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goBin, "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	out, _ := cmd.CombinedOutput()
	var msgs []string
	for _, line := range strings.Split(string(out), "\n") {
		if m := buildLine.FindStringSubmatch(line); m != nil {
			msgs = append(msgs, m[3])
		} else if strings.HasPrefix(line, "\t") && len(msgs) > 0 {
			msgs[len(msgs)-1] += "\n" + line
		}
	}
	return msgs
}

// TestMistakesMatchGoBuild checks that every mistake gives, as a cell, the
// same messages as go build gives for the equivalent program (unused
// variables and imports aside: they are warnings in a notebook).
func TestMistakesMatchGoBuild(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain to compare with")
	}
	var doc strings.Builder
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			var want []string
			for _, msg := range goBuildMessages(t, goBin, m.program()) {
				if !strings.HasPrefix(msg, "declared and not used") && !strings.HasSuffix(msg, "imported and not used") {
					want = append(want, msg)
				}
			}
			if len(want) == 0 {
				t.Fatalf("go build accepted the program:\n%s", m.program())
			}
			res, _ := NewSession(nil).Check(m.cell())
			var got []string
			for _, e := range res.Errors {
				got = append(got, e.Msg)
			}
			norm := func(l []string) string { return contPos.ReplaceAllString(strings.Join(l, "\n--\n"), "\n\tPOS: ") }
			if norm(got) != norm(want) {
				t.Errorf("cell:\n%s\ngot:  %q\nwant: %q", m.cell(), got, want)
			}
			doc.WriteString("| " + m.name + " | `" + strings.ReplaceAll(m.cell(), "\n", "; ") + "` | " + strings.ReplaceAll(res.Errors.Error(), "\n", " ") + " | " + strings.ReplaceAll(strings.Join(want, "; "), "\n", " ") + " |\n")
		})
	}
	if out := os.Getenv("GOJUP_MISTAKES_DOC"); out != "" {
		if err := os.WriteFile(out, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
