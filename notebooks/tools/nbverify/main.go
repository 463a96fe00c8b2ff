//go:build ignore

// nbverify checks the Go logic of lesson notebooks WITHOUT the gojup kernel: it turns the code
// cells of a notebook into one ordinary Go program and runs it with `go run`.
//
//	go run notebooks/tools/nbverify/main.go [-display DIR] [-solutions] [-keep] notebooks/05-*.ipynb
//
// How cells map to a program (close to what the kernel does, not identical):
//   - import / func / method / type / const / var declarations at the top level of a cell become
//     package-level declarations; everything else goes, in cell order, into func main.
//   - a cell's final non-call expression is printed (the kernel shows it as the cell's result).
//   - `%%sh` cells and `!cmd` lines run through `sh -c`; `%%timeline` and `%help` lines are dropped.
//   - `%%go run [-race]` cells are separate programs run with `go run [-race]`; a cell tagged
//     raises-exception must exit non-zero, others must exit 0.
//   - cells tagged raises-exception or verify-skip are left out of the main program.
//   - -solutions replaces each cell tagged exercise-NAME with the ```go block of the markdown
//     cell tagged solution-NAME, and fails if any check prints "✗".
//
// The display package is taken from -display (default: the repository root, i.e. the real one).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type nbCell struct {
	CellType string          `json:"cell_type"`
	Source   json.RawMessage `json:"source"`
	Metadata struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
}

func (c nbCell) text() string {
	var s string
	if json.Unmarshal(c.Source, &s) == nil {
		return s
	}
	var l []string
	json.Unmarshal(c.Source, &l)
	return strings.Join(l, "")
}

func (c nbCell) has(tag string) bool {
	for _, t := range c.Metadata.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

func (c nbCell) tagPrefix(p string) string {
	for _, t := range c.Metadata.Tags {
		if strings.HasPrefix(t, p) {
			return strings.TrimPrefix(t, p)
		}
	}
	return ""
}

var (
	displayDir = flag.String("display", "", "module dir that provides github.com/gojup/gojup/display (default: repo root)")
	solutions  = flag.Bool("solutions", false, "swap exercise cells for their solutions and require every check to pass")
	keep       = flag.Bool("keep", false, "keep the generated program")
	race       = flag.Bool("race", false, "run the main program with -race too")
)

func main() {
	flag.Parse()
	if *displayDir == "" {
		wd, _ := os.Getwd()
		*displayDir = wd
	}
	fail := false
	for _, nb := range flag.Args() {
		if err := verify(nb); err != nil {
			fmt.Printf("FAIL %s: %v\n", nb, err)
			fail = true
		}
	}
	if fail {
		os.Exit(1)
	}
}

type prog struct {
	imports map[string]bool
	decls   []string
	body    []string
	names   map[string]bool
}

func verify(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var nb struct{ Cells []nbCell }
	if err := json.Unmarshal(data, &nb); err != nil {
		return err
	}
	sols := map[string]string{}
	for _, c := range nb.Cells {
		if name := c.tagPrefix("solution-"); name != "" {
			m := regexp.MustCompile("(?s)```go\n(.*?)```").FindStringSubmatch(c.text())
			if m == nil {
				return fmt.Errorf("solution-%s has no ```go block", name)
			}
			sols[name] = m[1]
		}
	}
	dir, err := os.MkdirTemp("", "nbverify-")
	if err != nil {
		return err
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	gomod := fmt.Sprintf("module nbverify\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/gojup/gojup v0.0.0\n\tgo.mongodb.org/mongo-driver/v2 v2.9.3\n)\n\nreplace github.com/gojup/gojup => %s\n", *displayDir)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
	if sum, err := os.ReadFile(filepath.Join(*displayDir, "go.sum")); err == nil {
		os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	}

	p := &prog{imports: map[string]bool{}, names: map[string]bool{}}
	nprog := 0
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		src := c.text()
		if name := c.tagPrefix("exercise-"); name != "" && *solutions {
			s, ok := sols[name]
			if !ok {
				return fmt.Errorf("cell %d: no solution-%s", i, name)
			}
			src = s
		}
		first, rest, _ := strings.Cut(src, "\n")
		first = strings.TrimSpace(first)
		if strings.HasPrefix(first, "%%go run") {
			nprog++
			if err := runProgram(dir, nprog, i, first, rest, c.has("raises-exception")); err != nil {
				return err
			}
			continue
		}
		if c.has("raises-exception") || c.has("verify-skip") {
			fmt.Printf("  cell %d: skipped (%v)\n", i, c.Metadata.Tags)
			continue
		}
		switch {
		case first == "%%timeline" || strings.HasPrefix(first, "%%timeline "):
			src = rest
		case strings.HasPrefix(first, "%%sh"):
			p.body = append(p.body, fmt.Sprintf("__cell(%d)\n__sh(%s)\n", i, strconv.Quote(rest)))
			continue
		case strings.HasPrefix(first, "%%"):
			return fmt.Errorf("cell %d: unknown cell magic %q", i, first)
		}
		var lines []string
		for _, l := range strings.Split(src, "\n") {
			t := strings.TrimSpace(l)
			switch {
			case strings.HasPrefix(t, "!"):
				lines = append(lines, "__sh("+strconv.Quote(strings.TrimPrefix(t, "!"))+")")
			case strings.HasPrefix(t, "%"):
				lines = append(lines, "")
			default:
				lines = append(lines, l)
			}
		}
		if err := p.addCell(i, strings.Join(lines, "\n")); err != nil {
			return fmt.Errorf("cell %d: %v", i, err)
		}
	}
	return p.run(dir)
}

func runProgram(dir string, n, cell int, magic, src string, mustFail bool) error {
	pd := filepath.Join(dir, fmt.Sprintf("prog%d", n))
	os.MkdirAll(pd, 0o755)
	os.WriteFile(filepath.Join(pd, "main.go"), []byte(src), 0o644)
	args := []string{"run"}
	args = append(args, strings.Fields(strings.TrimPrefix(magic, "%%go run"))...)
	args = append(args, "./"+filepath.Base(pd))
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t := time.Now()
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return err
	}
	fmt.Printf("  cell %d: %s -> exit %d in %v\n%s", cell, magic, code, time.Since(t).Round(time.Millisecond), indent(head(out.String(), 12)))
	if mustFail != (code != 0) {
		return fmt.Errorf("cell %d: exit %d, raises-exception=%v", cell, code, mustFail)
	}
	return nil
}

func head(s string, n int) string {
	l := strings.Split(s, "\n")
	if len(l) > n {
		l = append(l[:n], fmt.Sprintf("... (%d more lines)", len(l)-n))
	}
	return strings.Join(l, "\n")
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	return "      | " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      | ") + "\n"
}

// addCell splits a cell at depth-0 statement boundaries into declarations and statements.
func (p *prog) addCell(idx int, src string) error {
	fs := token.NewFileSet()
	f := fs.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	var errs []string
	s.Init(f, []byte(src), func(pos token.Position, msg string) { errs = append(errs, msg) }, 0)
	type tok struct {
		pos int
		tok token.Token
	}
	var toks []tok
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{f.Offset(pos), t})
	}
	if len(errs) > 0 {
		return fmt.Errorf("scan: %v", errs)
	}
	var stmts []string
	depth := 0
	start := 0
	for k := 0; k < len(toks); {
		// toks[k] starts a top-level segment; find its end.
		end := k
		for end < len(toks) {
			switch toks[end].tok {
			case token.LPAREN, token.LBRACE, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACE, token.RBRACK:
				depth--
			}
			if depth == 0 && toks[end].tok == token.SEMICOLON {
				break
			}
			end++
		}
		start = toks[k].pos
		stop := len(src)
		if end+1 < len(toks) {
			stop = toks[end+1].pos
		}
		seg := src[start:stop]
		kind := "stmt"
		switch toks[k].tok {
		case token.IMPORT:
			kind = "import"
		case token.TYPE, token.CONST, token.VAR:
			kind = "decl"
		case token.FUNC:
			if k+1 < len(toks) && toks[k+1].tok == token.IDENT {
				kind = "decl"
			} else if k+1 < len(toks) && toks[k+1].tok == token.LPAREN {
				d, j := 0, k+1
				for ; j < len(toks); j++ {
					if toks[j].tok == token.LPAREN {
						d++
					} else if toks[j].tok == token.RPAREN {
						d--
						if d == 0 {
							break
						}
					}
				}
				if j+1 < len(toks) && toks[j+1].tok == token.IDENT {
					kind = "decl"
				}
			}
		}
		switch kind {
		case "import":
			pf, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+seg, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, im := range pf.Imports {
				spec := im.Path.Value
				if im.Name != nil {
					spec = im.Name.Name + " " + spec
				}
				p.imports[spec] = true
			}
		case "decl":
			p.decls = append(p.decls, fmt.Sprintf("// cell %d\n%s\n", idx, seg))
		default:
			stmts = append(stmts, seg)
		}
		k = end + 1
	}
	body := strings.Join(stmts, "")
	if strings.TrimSpace(body) == "" {
		return nil
	}
	// Show the final non-call expression; remember := names for `_ = name`.
	fs2 := token.NewFileSet()
	pf, err := parser.ParseFile(fs2, "", "package p\nfunc _() {\n"+body+"\n}", 0)
	if err != nil {
		return fmt.Errorf("parse statements: %v", err)
	}
	fn := pf.Decls[0].(*ast.FuncDecl)
	list := fn.Body.List
	off := len("package p\nfunc _() {\n")
	for _, st := range list {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					p.names[id.Name] = true
				}
			}
		}
	}
	if n := len(list); n > 0 {
		if es, ok := list[n-1].(*ast.ExprStmt); ok {
			// Calls are wrapped too; a call without a value is unwrapped again after the build fails.
			a := fs2.Position(es.Pos()).Offset - off
			b := fs2.Position(es.End()).Offset - off
			if !regexp.MustCompile(`^(fmt|display|os|log)\.`).MatchString(body[a:b]) {
				body = body[:a] + "__show(" + body[a:b] + ")/*__show*/" + body[b:]
			}
		}
	}
	p.body = append(p.body, fmt.Sprintf("__cell(%d)\n%s\n", idx, body))
	return nil
}

const helpers = `package main

import (
	"fmt"
	"os"
	"os/exec"
)

func __cell(n int) { fmt.Printf("---- cell %d\n", n) }
func __show(v any) { fmt.Printf("=> %v\n", v) }
func __sh(script string) {
	cmd := exec.Command("sh", "-c", script)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Println("[sh]", err)
	}
}
`

func (p *prog) run(dir string) error {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	for im := range p.imports {
		b.WriteString("\t" + im + "\n")
	}
	b.WriteString(")\n\n")
	for _, d := range p.decls {
		b.WriteString(d + "\n")
	}
	b.WriteString("func main() {\n")
	for _, s := range p.body {
		b.WriteString(s)
	}
	for n := range p.names {
		b.WriteString("\t_ = " + n + "\n")
	}
	b.WriteString("}\n")
	src := b.String()
	main := filepath.Join(dir, "main.go")
	os.WriteFile(filepath.Join(dir, "helpers.go"), []byte(helpers), 0o644)
	// `x := ...` for a name an earlier cell declared: the kernel allows it, Go does not; use `=`.
	noNew := regexp.MustCompile(`main\.go:(\d+):\d+: no new variables on left side of :=`)
	noValue := regexp.MustCompile(`main\.go:(\d+):\d+: (.*\(no value\) used as value|too many arguments in call to __show)`)
	for attempt := 0; ; attempt++ {
		os.WriteFile(main, []byte(src), 0o644)
		cmd := exec.Command("go", "vet", "-composites=false", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		ms := noNew.FindAllStringSubmatch(string(out), -1)
		if nv := noValue.FindStringSubmatch(string(out)); nv != nil {
			n, _ := strconv.Atoi(nv[1])
			lines := strings.Split(src, "\n")
			pre := strings.Join(lines[:n-1], "\n")
			rest := strings.Join(lines[n-1:], "\n")
			if i := strings.Index(rest, "__show("); i >= 0 {
				rest = rest[:i] + strings.Replace(rest[i+len("__show("):], ")/*__show*/", "", 1)
				src = pre + "\n" + rest
				continue
			}
		}
		if len(ms) == 0 || attempt > 40 {
			return fmt.Errorf("build (program in %s):\n%s", dir, out)
		}
		lines := strings.Split(src, "\n")
		for _, m := range ms {
			n, _ := strconv.Atoi(m[1])
			lines[n-1] = strings.Replace(lines[n-1], ":=", "=", 1)
		}
		src = strings.Join(lines, "\n")
	}
	args := []string{"run"}
	if *race {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t := time.Now()
	err := cmd.Run()
	el := time.Since(t)
	fmt.Print(indent(out.String()))
	fmt.Printf("  main program: %v in %v (incl. build)\n", errString(err), el.Round(time.Millisecond))
	if err != nil {
		return fmt.Errorf("main program failed")
	}
	if *solutions && strings.Contains(out.String(), "✗") {
		return fmt.Errorf("a check printed ✗ with solutions in place")
	}
	return nil
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
