package typecheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Error is one compiler-style diagnostic at a cell position (1-based; Line 0
// when it concerns an earlier cell).
type Error struct {
	Line, Col int
	Msg       string
}

// Error formats e like go build does, without the file name: "3:5: undefined: foo".
func (e Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// ErrorList is the error Check returns when a cell does not type-check.
type ErrorList []Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Result is what Check learned about a cell. Pass it to Session.Commit once
// the cell has run.
type Result struct {
	// Errors are the cell's type errors, sorted by position (also returned
	// as Check's error).
	Errors ErrorList
	// Warnings are unused variables and imports, and errors that the cell
	// causes in code of earlier cells (e.g. by redefining a type).
	Warnings ErrorList
	// Program is true for a whole-program cell ("package main ...").
	Program bool
	// Vars are the variables the cell's top-level statements define with
	// := or var; they become session variables on Commit.
	Vars []*types.Var
	// Pkg and Info are go/types' view of the session plus the cell.
	Pkg  *types.Package
	Info *types.Info
	Fset *token.FileSet

	src     string
	last    *Error      // the error continuation lines attach to
	file    *token.File // the checked file
	units   []unit
	imports []importSpec
	decls   []declEntry
}

type importSpec struct{ name, path, text string }

// declEntry is one top-level declaration of the session, kept as source.
type declEntry struct {
	keys []string // names it declares; "T.M" for methods
	text string
}

// Session is the type-checking view of a notebook session: the imports,
// declarations and variables of the cells that ran. It is safe for
// concurrent use.
type Session struct {
	mu      sync.Mutex
	imp     types.Importer
	imports []importSpec
	decls   []declEntry
	vars    []*types.Var
	scope   *Result // last check of the committed session, for lookups
}

// NewSession returns an empty session. A nil importer means the embedded
// export data (NewImporter, shared).
func NewSession(imp types.Importer) *Session {
	if imp == nil {
		imp = defaultImporter()
	}
	return &Session{imp: imp}
}

// Check type-checks cell against the session without changing it. The
// error is an ErrorList when the cell has type or syntax errors; res is
// never nil.
func (s *Session) Check(cell string) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.check(cell)
	if len(res.Errors) > 0 {
		return res, res.Errors
	}
	return res, nil
}

// Commit adds a checked cell's imports, declarations and variables to the
// session. Call it after the cell ran (also when it panicked at run time:
// its declarations exist in the interpreter). Whole-program cells change
// nothing. Results of cells with errors are ignored.
func (s *Session) Commit(res *Result) {
	if res == nil || res.Program || len(res.Errors) > 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	newKeys := map[string]bool{}
	for _, d := range res.decls {
		for _, k := range d.keys {
			newKeys[k] = true
		}
	}
	for _, v := range res.Vars {
		newKeys[v.Name()] = true
	}
	s.decls = dropDecls(s.decls, newKeys)
	s.decls = append(s.decls, res.decls...)
	vars := s.vars[:0:0]
	for _, v := range s.vars {
		if !newKeys[v.Name()] {
			vars = append(vars, v)
		}
	}
	s.vars = append(vars, res.Vars...)
	s.imports = mergeImports(s.imports, res.imports)
	s.scope = nil
}

// Reset forgets everything, as after a worker restart.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.imports, s.decls, s.vars, s.scope = nil, nil, nil, nil
}

func dropDecls(decls []declEntry, keys map[string]bool) []declEntry {
	out := decls[:0:0]
	for _, d := range decls {
		drop := false
		for _, k := range d.keys {
			if keys[k] {
				drop = true
			}
		}
		if !drop {
			out = append(out, d)
		}
	}
	return out
}

func mergeImports(old, add []importSpec) []importSpec {
	out := old[:0:0]
	for _, o := range old {
		replaced := false
		for _, a := range add {
			if a.name == o.name {
				replaced = true
			}
		}
		if !replaced {
			out = append(out, o)
		}
	}
	return append(out, add...)
}

const (
	wrapperOpen  = "func _() {\n"
	hiddenPrefix = "__gojup_"
)

// check does the work of Check; s.mu is held.
func (s *Session) check(cell string) *Result {
	res := &Result{src: cell, Fset: token.NewFileSet()}
	if isProgram(cell) {
		res.Program = true
		s.checkFiles(res, cell, nil)
		return res
	}
	units := split(cell)
	res = s.checkUnits(cell, units)
	// A top-level "var x = y" after "y := ..." in the same cell runs in order
	// in the interpreter; check such var declarations as statements.
	if moved := s.localVarDecls(res); len(moved) > 0 {
		for _, i := range moved {
			units[i].kind = unitStmt
		}
		res = s.checkUnits(cell, units)
	}
	return res
}

// localVarDecls returns the indexes of the var declaration units that refer
// to variables the cell's statements define ("undefined: y" inside them).
func (s *Session) localVarDecls(res *Result) []int {
	local := map[string]bool{}
	for _, v := range res.Vars {
		local[v.Name()] = true
	}
	var idx []int
	for i, u := range res.units {
		if u.kind != unitDecl || !strings.HasPrefix(res.src[u.start:u.end], "var") {
			continue
		}
		last := u.line + strings.Count(res.src[u.start:u.end], "\n")
		for _, e := range res.Errors {
			name, ok := strings.CutPrefix(e.Msg, "undefined: ")
			if ok && local[name] && e.Line >= u.line && e.Line <= last {
				idx = append(idx, i)
				break
			}
		}
	}
	return idx
}

// checkUnits checks a cell split into units against the session.
func (s *Session) checkUnits(cell string, units []unit) *Result {
	res := &Result{src: cell, Fset: token.NewFileSet()}
	res.units = append([]unit(nil), units...)

	// The cell's own imports and declarations, with what they declare.
	cellKeys := map[string]bool{}
	for _, u := range res.units {
		text := cell[u.start:u.end]
		switch u.kind {
		case unitImport:
			for _, spec := range parseImports(text) {
				res.imports = append(res.imports, spec)
			}
		case unitDecl:
			keys := declKeys(text)
			for _, k := range keys {
				cellKeys[k] = true
			}
			res.decls = append(res.decls, declEntry{keys, text})
		}
	}

	var b strings.Builder
	b.WriteString("package main\n//line session:1\n")
	imports := mergeImports(s.imports, res.imports)
	cellImport := map[string]bool{}
	for _, imp := range res.imports {
		cellImport[imp.name] = true
	}
	for _, imp := range imports {
		if !cellImport[imp.name] {
			fmt.Fprintf(&b, "import %s %q\n", imp.name, imp.path)
		}
	}
	// Session variables, declared with their types; foreign packages get
	// hidden import names.
	hidden := map[string]string{}
	var vars strings.Builder
	for _, v := range s.vars {
		if cellKeys[v.Name()] {
			continue
		}
		t := types.TypeString(v.Type(), func(p *types.Package) string {
			if p.Path() == "main" {
				return ""
			}
			name, ok := hidden[p.Path()]
			if !ok {
				name = hiddenPrefix + strconv.Itoa(len(hidden))
				hidden[p.Path()] = name
			}
			return name
		})
		fmt.Fprintf(&vars, "var %s %s\n", v.Name(), t)
	}
	for path, name := range hidden {
		fmt.Fprintf(&b, "import %s %q\n", name, path)
	}
	for i, u := range res.units {
		if u.kind == unitImport {
			writeUnit(&b, cell, &res.units[i])
		}
	}
	for _, d := range dropDecls(s.decls, cellKeys) {
		b.WriteString(d.text)
		b.WriteString("\n")
	}
	b.WriteString(vars.String())
	for i, u := range res.units {
		if u.kind == unitDecl {
			writeUnit(&b, cell, &res.units[i])
		}
	}
	b.WriteString(wrapperOpen)
	for i, u := range res.units {
		if u.kind == unitStmt {
			writeUnit(&b, cell, &res.units[i])
		}
	}
	b.WriteString("}\n")
	s.checkFiles(res, b.String(), cellKeys)
	return res
}

// writeUnit writes a cell part with a line directive that maps it back to
// its position in the cell.
func writeUnit(b *strings.Builder, cell string, u *unit) {
	fmt.Fprintf(b, "/*line cell:%d:%d*/", u.line, u.col)
	u.fileOff = b.Len()
	b.WriteString(cell[u.start:u.end])
	b.WriteString("\n")
}

// checkFiles parses and type-checks src (the synthesized file, or the whole
// program) and fills res.
func (s *Session) checkFiles(res *Result, src string, cellKeys map[string]bool) {
	name := "session"
	if res.Program {
		name = "cell"
	}
	f, err := parser.ParseFile(res.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				res.addAt(e.Pos, e.Msg)
			}
		} else {
			res.Errors = append(res.Errors, Error{Msg: err.Error()})
		}
		res.sort()
		return
	}
	var body *ast.BlockStmt
	if !res.Program {
		body = wrapperBody(f)
		keepLastValue(body)
	}
	res.Info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		// Instances lets kernel/rewrite make generic type arguments explicit (yaegi
		// cannot infer several type parameters).
		Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{
		Importer: s.imp,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				res.add(compilerPos(f, te), te.Msg)
			}
		},
	}
	pkg, _ := conf.Check("main", res.Fset, []*ast.File{f}, res.Info)
	res.Pkg = pkg
	res.file = res.Fset.File(f.Pos())
	if body != nil {
		res.Vars = topLevelVars(res, body)
		res.dropSessionVarWarnings()
	}
	res.sort()
}

// compilerPos is where cmd/compile reports te, where that differs from go/types: "not
// enough arguments" at the last argument (go/types: at the closing parenthesis).
func compilerPos(f *ast.File, te types.Error) token.Pos {
	if !strings.HasPrefix(te.Msg, "not enough arguments in call") {
		return te.Pos
	}
	pos := te.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && c.Rparen == te.Pos && len(c.Args) > 0 {
			pos = c.Args[len(c.Args)-1].Pos()
			return false
		}
		return pos == te.Pos
	})
	return pos
}

// add files a diagnostic as an error or a warning.
func (res *Result) add(pos token.Pos, msg string) { res.addAt(res.Fset.Position(pos), msg) }

func (res *Result) addAt(p token.Position, msg string) {
	if strings.HasPrefix(msg, "\t") {
		// Continuation of the previous error ("\tprevious case"), which
		// the compiler prints on the same error's following line.
		if res.last != nil {
			res.last.Msg += fmt.Sprintf("\n\t%d:%d: %s", p.Line, p.Column, msg[1:])
		}
		return
	}
	msg = compilerWording(msg)
	e := Error{Line: p.Line, Col: p.Column, Msg: msg}
	res.last = nil
	switch {
	case strings.HasPrefix(msg, "declared and not used"), strings.HasSuffix(msg, "imported and not used"):
		if p.Filename == "cell" {
			res.Warnings = append(res.Warnings, e)
		}
	case p.Filename == "cell":
		res.Errors = append(res.Errors, e)
		res.last = &res.Errors[len(res.Errors)-1]
	default:
		res.Warnings = append(res.Warnings, Error{Msg: "in an earlier cell: " + msg})
	}
}

var funcLit = regexp.MustCompile(`\((func\(.*?\).*?) literal\)`)

// compilerWording maps the few go/types messages that cmd/compile words
// differently to the compiler's text.
func compilerWording(msg string) string {
	switch {
	case strings.HasPrefix(msg, "break not in for, switch, or select statement"):
		return "break is not in a loop, switch, or select"
	case strings.HasPrefix(msg, "continue not in for statement"):
		return "continue is not in a loop"
	}
	// go/types shows a function literal as "(func(x int) string literal)",
	// the compiler as "func(x int) string {…}".
	return funcLit.ReplaceAllString(msg, "$1 {…}")
}

// dropSessionVarWarnings removes "declared and not used" for the cell's
// top-level variables: they become session variables.
func (res *Result) dropSessionVarWarnings() {
	top := map[string]bool{}
	for _, v := range res.Vars {
		p := res.Fset.Position(v.Pos())
		top[fmt.Sprintf("%d:%d: declared and not used: %s", p.Line, p.Column, v.Name())] = true
	}
	out := res.Warnings[:0]
	for _, w := range res.Warnings {
		if !top[w.Error()] {
			out = append(out, w)
		}
	}
	res.Warnings = out
}

func (res *Result) sort() {
	for _, l := range []ErrorList{res.Errors, res.Warnings} {
		sort.SliceStable(l, func(i, j int) bool {
			if l[i].Line != l[j].Line {
				return l[i].Line < l[j].Line
			}
			return l[i].Col < l[j].Col
		})
	}
	res.Errors = dedupe(res.Errors)
}

// dedupe drops repeated diagnostics at one position, as the compiler does.
func dedupe(l ErrorList) ErrorList {
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Line == l[i-1].Line && e.Line != 0 && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// wrapperBody finds the body of the func _ that holds the cell's statements.
func wrapperBody(f *ast.File) *ast.BlockStmt {
	for i := len(f.Decls) - 1; i >= 0; i-- {
		if fd, ok := f.Decls[i].(*ast.FuncDecl); ok && fd.Name.Name == "_" && fd.Recv == nil {
			return fd.Body
		}
	}
	return nil
}

// keepLastValue turns a final expression statement that is not a call or a
// receive (a value the notebook displays) into "_ = expr", so it is not
// reported as unused.
func keepLastValue(body *ast.BlockStmt) {
	if body == nil || len(body.List) == 0 {
		return
	}
	last := len(body.List) - 1
	es, ok := body.List[last].(*ast.ExprStmt)
	if !ok {
		return
	}
	switch x := ast.Unparen(es.X).(type) {
	case *ast.CallExpr:
		return
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return
		}
	}
	body.List[last] = &ast.AssignStmt{
		Lhs:    []ast.Expr{&ast.Ident{NamePos: es.X.Pos(), Name: "_"}},
		TokPos: es.X.Pos(),
		Tok:    token.ASSIGN,
		Rhs:    []ast.Expr{es.X},
	}
}

// topLevelVars lists the variables the cell's top-level statements declare.
func topLevelVars(res *Result, body *ast.BlockStmt) []*types.Var {
	var vars []*types.Var
	for _, st := range body.List {
		var idents []*ast.Ident
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						idents = append(idents, id)
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, sp := range gd.Specs {
					idents = append(idents, sp.(*ast.ValueSpec).Names...)
				}
			}
		}
		for _, id := range idents {
			if v, ok := res.Info.Defs[id].(*types.Var); ok && v.Name() != "_" {
				vars = append(vars, v)
			}
		}
	}
	return vars
}
