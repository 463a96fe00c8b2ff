package worker

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/rewrite"
	"github.com/gojup/gojup/kernel/symbols"
	"github.com/traefik/yaegi/interp"
)

// resultsFunc is the interpreted helper that collects all values of a final expression
// (a call with several results included): resultsFunc(f()) is valid Go for any f with
// results.
const resultsFunc = "gojupResults__"

// oneFunc is the interpreted helper with one parameter: oneFunc(e) compiles only when e
// has exactly one value.
const oneFunc = "gojupOne__"

// resultVar holds the value of a single-valued final expression; fmtAlias is the name the
// worker's prelude imports fmt under.
const (
	resultVar = "gojupR__"
	fmtAlias  = "_gojupworkerfmt"
)

// Checker type-checks cells against the session before they run (kernel/typecheck is
// meant to provide one; install it with SetChecker, e.g. from main). Its methods are called
// on the worker's executor goroutine only, one cell at a time, for executed cells and for
// cells re-declared by a restore.
type Checker interface {
	// Check is called with the parsed parts of a cell, before any rewrite and before
	// anything runs. Diagnostics stop the cell with a CompileError (positions are cell
	// line:col). The types.Info (may be nil) is passed to rewrite.NodeInfo for the units.
	Check(fset *token.FileSet, c *cell.Cell, units []Unit) (*types.Info, []cell.Diagnostic)
	// Done is called after the cell ran: ran units (a prefix of units) took effect in the
	// interpreter; err is the error that stopped the cell, or nil.
	Done(c *cell.Cell, units []Unit, ran int, err error)
}

var (
	checker    Checker
	checkerSet bool
)

// SetChecker installs the type checker of cells (nil: none). Without a call, the worker
// uses kernel/typecheck (see typecheck.go).
func SetChecker(c Checker) { checker, checkerSet = c, true }

// ResultBundle, when set, turns the value of a final expression into a MIME bundle for
// execute_result (rich output); ok false falls back to text/plain. The display package is
// meant to provide it (display.BundleOf).
var ResultBundle func(v any) (data, metadata map[string]any, ok bool)

// Unit is a group of consecutive parts of one kind, parsed, ready to compile.
type Unit struct {
	Kind  cell.Kind
	Parts []cell.Part
	// File is set for Import and Decl units, Block for Stmt units.
	File  *ast.File
	Block *ast.BlockStmt
	// Result marks the final expression statement of a cell, whose values are shown.
	Result bool
}

// Session is an interpreter plus what the cells evaluated in it have declared.
type Session struct {
	it     *interp.Interpreter
	fset   *token.FileSet
	stderr *stderrFilter

	// declLog lists the cells whose Go code ran, in order, for rebuilds (rebuild.go).
	logMu   sync.Mutex
	declLog []logEntry

	info *types.Info // type information of the cell being run, from the Checker
	ctl  *interpCtl
	// runner runs the executions of the cell being run on one goroutine (nil between
	// cells); traceRoot is the lane label its goroutine claims in a trace (%%timeline).
	runner    *cellRunner
	traceRoot string
	// execCount is the execution count of the cell being run (0: not known).
	execCount int
	// evalMu is held while the executor evaluates code (cells, restores); completion
	// evaluates a variable only when it can take it.
	evalMu sync.Mutex
	prev   chan struct{} // closed when the last execution's goroutine returned

	mu      sync.Mutex        // guards the fields below (read by complete/inspect during a cell)
	imports map[string]string // local package name → import path
	decls   map[string]string // identifier → source of its declaration
}

// Outcome is what running a cell produced.
type Outcome struct {
	Values   []any // values of the final expression statement
	HasValue bool
	// Text is the values formatted as fmt's %v inside the interpreter (so String and Error
	// methods of cell-declared types are used); empty when not available.
	Text string
	// ResultSrc is the source of the final expression statement, when there is one.
	ResultSrc string
	Err       *cell.Error
}

// NewSession starts an interpreter writing to stdout and stderr.
func NewSession(stdout, stderr io.Writer) (*Session, error) {
	f := &stderrFilter{w: stderr}
	it := interp.New(interp.Options{
		GoPath: build.Default.GOPATH, Env: os.Environ(), Unrestricted: true,
		// Generic stdlib packages (slices, maps, cmp, iter) come from embedded source;
		// the user's GOPATH packages still load from disk.
		SourcecodeFilesystem: symbols.Overlay(build.Default.GOPATH),
		Stdin:                os.Stdin, Stdout: stdout, Stderr: f,
	})
	// Not it.Use(symbols.Symbols): yaegi's Use would load its own partial Go 1.22
	// slices/maps/cmp over ours (kernel/symbols README).
	if err := symbols.Use(it, os.Stdin, stdout); err != nil {
		return nil, fmt.Errorf("worker: load symbols: %w", err)
	}
	// The compiled helpers rewritten code calls (imported by rewrite.Prelude).
	if err := it.Use(rewrite.Symbols); err != nil {
		return nil, fmt.Errorf("worker: load rewrite symbols: %w", err)
	}
	if err := it.Use(printExports(stderr)); err != nil {
		return nil, fmt.Errorf("worker: load print functions: %w", err)
	}
	ctl, err := newInterpCtl(it)
	if err != nil {
		return nil, err
	}
	s := &Session{it: it, fset: it.FileSet(), stderr: f, ctl: ctl, imports: map[string]string{}, decls: map[string]string{}}
	helper := "package main\nimport " + fmtAlias + " \"fmt\"\nfunc " + resultsFunc + "(v ...any) []any { return v }\nfunc " + oneFunc + "(any) {}\nvar _ = " + fmtAlias + ".Sprint\n"
	for _, src := range []string{helper, printImport, rewrite.Prelude} {
		// The file name must be the cells' one: yaegi scopes imports by file base name.
		file, err := parser.ParseFile(s.fset, cell.FileName, src, 0)
		if err != nil {
			return nil, fmt.Errorf("worker: prelude: %w", err)
		}
		if _, err := s.compileRun(context.Background(), file, src); err != nil {
			return nil, fmt.Errorf("worker: prelude: %w", err)
		}
	}
	return s, nil
}

// Parse parses the Go parts of c into units: consecutive parts of one kind share a unit,
// and a final expression statement gets a unit of its own (Result) unless it is a
// print-like call.
func (s *Session) Parse(c *cell.Cell) ([]Unit, *cell.Error) {
	var units []Unit
	parts := cell.Hoist(c.Parts) // funcs and types may be used above their declaration
	for i := 0; i < len(parts); {
		j := i + 1
		for j < len(parts) && parts[j].Kind == parts[i].Kind {
			j++
		}
		units = append(units, Unit{Kind: parts[i].Kind, Parts: parts[i:j]})
		i = j
	}
	// Split off the final expression statement.
	if n := len(units); n > 0 && units[n-1].Kind == cell.Stmt {
		last := units[n-1].Parts[len(units[n-1].Parts)-1]
		if e, err := parser.ParseExpr(last.Src); err == nil && !cell.IsPrintCall(e) {
			if len(units[n-1].Parts) == 1 {
				units[n-1].Result = true
			} else {
				units[n-1].Parts = units[n-1].Parts[:len(units[n-1].Parts)-1]
				units = append(units, Unit{Kind: cell.Stmt, Parts: []cell.Part{last}, Result: true})
			}
		}
	}
	for i := range units {
		u := &units[i]
		var err error
		if u.Kind == cell.Stmt {
			u.Block, err = cell.ParseStmts(s.fset, u.Parts)
		} else {
			u.File, err = cell.ParseDecls(s.fset, u.Parts)
		}
		if err != nil {
			return nil, cell.CompileError(c.Source, cell.Diagnostics(err))
		}
	}
	return units, nil
}

// RunCell evaluates the Go parts of c in order, then main if the cell declared it.
func (s *Session) RunCell(ctx context.Context, c *cell.Cell) Outcome {
	return s.runCellRebuilding(ctx, c) // rebuild.go: a redefinition takes effect for all code
}

func (s *Session) runCell(ctx context.Context, c *cell.Cell, runMain bool) Outcome {
	units, cerr := s.Parse(c)
	if cerr != nil {
		return Outcome{Err: cerr}
	}
	s.info = nil
	if checker != nil {
		info, ds := checker.Check(s.fset, c, units)
		if len(ds) > 0 && runMain { // a restore is never stopped by the checker
			return Outcome{Err: cell.CompileError(c.Source, ds)}
		}
		s.info = info
	}
	ran := 0
	s.runner = &cellRunner{root: s.traceRoot, cell: s.execCount}
	out := s.runUnits(ctx, c, units, runMain, &ran)
	s.runner.close()
	s.runner = nil
	if checker != nil {
		var err error
		if out.Err != nil {
			err = out.Err
		}
		checker.Done(c, units, ran, err)
		out.Err = reword(c.Source, out.Err)
	}
	return out
}

// runUnits runs units in order, counting in *ran those that completed.
func (s *Session) runUnits(ctx context.Context, c *cell.Cell, units []Unit, runMain bool, ran *int) Outcome {
	var out Outcome
	var mainPos token.Pos
	for _, u := range units {
		var err *cell.Error
		switch {
		case u.Kind == cell.Import:
			err = s.runImports(ctx, u.File, c.Source)
		case u.Kind == cell.Decl:
			renameMain(u.File.Decls)
			for _, d := range u.File.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == cell.MainAlias {
					mainPos = fd.Pos()
				}
			}
			_, err = s.run(ctx, u.File, c.Source)
			if err != nil && isVarLoop(err) && onlyVars(u.File) {
				err = s.runVarsAsStmts(ctx, u, c.Source)
			}
			if err == nil {
				s.recordDecls(u.File.Decls, c.Source)
			}
		case u.Result:
			out.ResultSrc = u.Parts[0].Src
			var r Result
			r, err = s.runResult(ctx, u.Block, u.Parts[0], c.Source)
			out.Values, out.Text, out.HasValue = r.Values, r.Text, r.HasValue
		default:
			renameMain(u.Block.List)
			if _, err = s.run(ctx, u.Block, c.Source); err == nil {
				s.recordStmts(u.Block.List, c.Source)
			}
		}
		if err != nil {
			return Outcome{Err: err}
		}
		*ran++
	}
	if c.Program && mainPos == token.NoPos {
		return Outcome{Err: &cell.Error{Name: "CompileError", Value: "function main is undeclared in the main package",
			Traceback: []string{"function main is undeclared in the main package"}}}
	}
	if mainPos != token.NoPos && runMain {
		p := s.fset.Position(mainPos)
		call, err := cell.ParseStmts(s.fset, []cell.Part{{Kind: cell.Stmt, Src: cell.MainAlias + "()", Line: p.Line, Col: p.Column}})
		if err != nil {
			return Outcome{Err: &cell.Error{Name: "InternalError", Value: err.Error()}}
		}
		if _, cerr := s.run(ctx, call, c.Source); cerr != nil {
			return Outcome{Err: cerr}
		}
		out.Values, out.HasValue = nil, false
	}
	return out
}

// runImports evaluates the import declarations of f that are not yet in the session.
func (s *Session) runImports(ctx context.Context, f *ast.File, src string) *cell.Error {
	var decls []ast.Decl
	var added [][2]string
	s.mu.Lock()
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		var specs []ast.Spec
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			p, _ := strconv.Unquote(is.Path.Value)
			name := PackageName(p)
			if is.Name != nil {
				name = is.Name.Name
			}
			if name != "_" && name != "." && s.imports[name] == p {
				continue // already imported: accepted silently
			}
			specs = append(specs, sp)
			added = append(added, [2]string{name, p})
		}
		if len(specs) > 0 {
			gd.Specs = specs
			decls = append(decls, gd)
		}
	}
	s.mu.Unlock()
	if len(decls) == 0 {
		return nil
	}
	f.Decls = decls
	f.Imports = nil
	if _, err := s.run(ctx, f, src); err != nil {
		return err
	}
	s.mu.Lock()
	for _, a := range added {
		if a[0] != "_" && a[0] != "." {
			s.imports[a[0]] = a[1]
		}
	}
	s.mu.Unlock()
	return nil
}

// run rewrites, compiles and executes n.
func (s *Session) run(ctx context.Context, n ast.Node, src string) (reflect.Value, *cell.Error) {
	s.notePanics(n)
	if err := rewrite.NodeInfo(s.fset, n, s.info); err != nil {
		ds := cell.Diagnostics(err)
		return reflect.Value{}, cell.CompileError(src, ds)
	}
	return s.compileRun(ctx, n, src)
}

func (s *Session) compileRun(ctx context.Context, n ast.Node, src string) (reflect.Value, *cell.Error) {
	prog, err := s.compile(n)
	if err != nil {
		return reflect.Value{}, cell.CompileError(src, s.explain(n, err))
	}
	return s.execute(ctx, prog, src)
}

// compile compiles n, turning the interpreter's panics on unsupported code into errors.
func (s *Session) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = s.compilePanic(n, r)
		}
	}()
	s.renamePrints(n)
	prog, err = s.it.CompileAST(n)
	if err == nil && prog == nil {
		err = errors.New("nothing to compile")
	}
	return prog, err
}

// compilePanic is the error of a panic r of the interpreter compiling n. The panic does
// not say where it happened: the position is the one of n's only statement or declaration
// when it has just one, and none otherwise (a block's or file's own position is not a
// line of the cell).
func (s *Session) compilePanic(n ast.Node, r any) error {
	msg := fmt.Sprintf("the interpreter cannot compile this code: %v", r)
	if said := fmt.Sprint(r); panicPosRE.MatchString(said) {
		return errors.New(said) // the interpreter said where
	}
	var only ast.Node
	switch n := n.(type) {
	case *ast.BlockStmt:
		if len(n.List) == 1 {
			only = n.List[0]
		}
	case *ast.File:
		if len(n.Decls) == 1 {
			only = n.Decls[0]
		}
	}
	if only == nil {
		return errors.New(msg)
	}
	p := s.fset.Position(only.Pos())
	if p.Line <= 0 || p.Filename != cell.FileName {
		return errors.New(msg)
	}
	return fmt.Errorf("%s:%d:%d: %s", cell.FileName, p.Line, p.Column, msg)
}

// panicPosRE matches a panic message of the interpreter that starts with a cell position.
var panicPosRE = regexp.MustCompile(`^` + cell.FileName + `:\d+:\d+: `)

// execute runs prog and turns failures into cell errors. When ctx is cancelled the
// interpreter is told to stop; if the code does not return within stopWait (it is stuck in
// compiled code such as time.Sleep), execute returns Interrupted and Busy stays true until
// that code returns.
func (s *Session) execute(ctx context.Context, prog *interp.Program, src string) (reflect.Value, *cell.Error) {
	if s.Busy() {
		return reflect.Value{}, &cell.Error{Name: "WorkerBusy",
			Value:     "an interrupted cell is still running (stuck in compiled code such as time.Sleep or Mutex.Lock); restart the kernel",
			Traceback: []string{"WorkerBusy: an interrupted cell is still running; restart the kernel"}}
	}
	var v reflect.Value
	var err error
	goexit := false
	done := make(chan struct{})
	s.prev = done
	s.ctl.start()
	s.stderr.begin()
	s.runOn(func() {
		returned := false
		defer func() {
			goexit = !returned // only runtime.Goexit leaves Execute without returning
			close(done)
		}()
		v, err = s.it.Execute(prog)
		returned = true
	})
	select {
	case <-done:
		if goexit {
			if s.runner != nil {
				s.runner.exited()
			}
			s.stderr.end()
			clearGlobalDefers(s.it)
			return reflect.Value{}, goexitError()
		}
	case <-ctx.Done():
		s.ctl.stop()
		select {
		case <-done:
			s.stderr.end()
			clearGlobalDefers(s.it)
		case <-time.After(stopWait):
			s.stderr.end()
		}
		return reflect.Value{}, interrupted()
	}
	frames := s.stderr.end()
	clearGlobalDefers(s.it)
	if err == nil {
		return v, nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		msg, ok := panicText(p.Value)
		if !ok {
			msg = cell.PanicValue(p.Value)
		}
		return v, cell.PanicError(msg, frames, src)
	}
	return v, &cell.Error{Name: "Error", Value: cell.Clean(err.Error()), Traceback: []string{cell.Clean(err.Error())}}
}

// Busy reports whether code of an interrupted cell is still running in the interpreter.
func (s *Session) Busy() bool {
	if s.prev == nil {
		return false
	}
	select {
	case <-s.prev:
		return false
	default:
		return true
	}
}

func interrupted() *cell.Error {
	return &cell.Error{Name: "Interrupted", Value: "the cell was interrupted", Traceback: []string{"Interrupted: the cell was interrupted"}}
}

// renameMain renames the identifier main in nodes to cell.MainAlias (see there).
func renameMain[N ast.Node](nodes []N) {
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "main" {
				id.Name = cell.MainAlias
			}
			return true
		})
	}
}

// PackageName returns the name of the package with import path p as the symbol tables
// know it (the last path element otherwise, without a /vN suffix).
func PackageName(p string) string {
	base := path.Base(p)
	if _, ok := symbols.Symbols[p+"/"+base]; ok {
		return base
	}
	for k := range symbols.Symbols {
		if strings.HasPrefix(k, p+"/") && !strings.Contains(k[len(p)+1:], "/") {
			return k[len(p)+1:]
		}
	}
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		return path.Base(path.Dir(p))
	}
	return base
}
