// Package corpus runs Go programs through the interpreter the way the gojup worker does
// (symbol tables, rewrites, CompileAST, ExecuteWithContext) so that the semantics corpus in
// testdata/corpus can be compared with `go run`.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"

	"github.com/traefik/yaegi/interp"

	"github.com/gojup/gojup/kernel/rewrite"
)

// Mode says how a program is fed to the interpreter.
type Mode int

const (
	// Whole evaluates the program as one cell (the whole file).
	Whole Mode = iota
	// Split evaluates the imports, then the declarations, then the body of main as a
	// statement cell, as a learner would type them into a notebook.
	Split
)

func (m Mode) String() string {
	if m == Split {
		return "split"
	}
	return "whole"
}

// ExitError is returned by Interpret when the program ended like a Go program exiting with
// a non-zero status (an unrecovered panic: status 2).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Options configure Interpret.
type Options struct {
	Stdout, Stderr io.Writer
	// NoRewrite turns the rewrites off (to measure raw yaegi).
	NoRewrite bool
	// NoTypes runs the rewrites without type information.
	NoTypes bool
}

// Interpret runs the Go program src (a package main file) in a fresh interpreter configured
// like the worker's. A panic escaping main is printed to Stderr like Go's runtime does and
// reported as *ExitError{2}; compile errors are returned as they are.
func Interpret(ctx context.Context, name string, src []byte, mode Mode, opt Options) error {
	in, err := newInterp(interp.Options{Stdout: opt.Stdout, Stderr: opt.Stderr, Env: os.Environ(), Unrestricted: true}, os.Stdin)
	if err != nil {
		return err
	}
	if !opt.NoRewrite {
		if err := in.Use(rewrite.Symbols); err != nil {
			return err
		}
		if err := evalSrc(ctx, in, "prelude.go", rewrite.Prelude); err != nil {
			return fmt.Errorf("prelude: %w", err)
		}
	}
	fset := in.FileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	var info *types.Info
	if !opt.NoRewrite && !opt.NoTypes {
		info = typeInfo(fset, f)
	}
	var parts []ast.Node
	switch mode {
	case Whole:
		parts = []ast.Node{f}
	case Split:
		parts = splitFile(f)
	}
	for _, p := range parts {
		if !opt.NoRewrite {
			if err := rewrite.NodeInfo(fset, p, info); err != nil {
				return err
			}
		}
		if err := run(ctx, in, p, opt.Stderr); err != nil {
			return err
		}
	}
	return nil
}

// splitFile cuts f into an import cell, a declarations cell and a statements cell (the
// body of main), dropping main itself.
func splitFile(f *ast.File) []ast.Node {
	imports := &ast.File{Name: f.Name, Package: f.Package}
	decls := &ast.File{Name: f.Name, Package: f.Package}
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				imports.Decls = append(imports.Decls, d)
				continue
			}
		case *ast.FuncDecl:
			if d.Name.Name == "main" && d.Recv == nil {
				body = d.Body
				continue
			}
		}
		decls.Decls = append(decls.Decls, d)
	}
	var parts []ast.Node
	for _, p := range []*ast.File{imports, decls} {
		if len(p.Decls) > 0 {
			parts = append(parts, p)
		}
	}
	if body != nil {
		parts = append(parts, body)
	}
	return parts
}

func evalSrc(ctx context.Context, in *interp.Interpreter, name, src string) error {
	f, err := parser.ParseFile(in.FileSet(), name, src, 0)
	if err != nil {
		return err
	}
	return run(ctx, in, f, io.Discard)
}

func run(ctx context.Context, in *interp.Interpreter, n ast.Node, stderr io.Writer) error {
	prog, err := compile(in, n)
	if err != nil {
		return err
	}
	_, err = in.ExecuteWithContext(ctx, prog)
	var p interp.Panic
	if errors.As(err, &p) {
		fmt.Fprintf(stderr, "panic: %s\n\ngoroutine 1 [running]:\nmain.main()\n", rewrite.PanicValue(p.Value))
		return &ExitError{Code: 2}
	}
	return err
}

// compile calls CompileAST, turning a panic of the compiler into an error.
func compile(in *interp.Interpreter, n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("interpreter panic while compiling: %v", r)
		}
	}()
	return in.CompileAST(n)
}
