// Package typecheck type-checks notebook cells with go/types against the
// session before they run, so that errors read like go build's ("undefined:
// foo", "cannot use "x" (untyped string constant) as int value in
// assignment", "missing return", ...) at cell line:column positions.
//
// Type information for every package cells can import (the standard library,
// mongo-driver, display: the same set as kernel/symbols) comes from export
// data generated at build time (go generate ./kernel/typecheck/...) and
// embedded in the binary; no Go toolchain is needed at run time.
//
// # Session model
//
// A Session holds what earlier cells declared: imports, types, functions,
// methods, variables and constants (kept as source and re-checked with each
// cell), and the variables that top-level statements defined with := or var
// (kept with their types). A cell is split at its top-level semicolons into
// imports, declarations (type, var, const, func) and statements. The
// statements are checked as the body of one function, in order, so their
// variables are local to the cell until Commit turns the top-level ones into
// session variables. Top-level var declarations are package-level, except
// those that use a variable a statement of the same cell defines: those are
// checked in order with the statements, as the interpreter runs them. A
// declaration that reuses a name replaces the earlier
// one (a method replaces the method of the same type and name).
//
// Unused variables and imports are warnings, not errors. A final expression
// statement (the value a notebook shows) is not "unused". A cell that starts
// with "package" is checked as a whole program on its own.
//
// # Use
//
//	s := typecheck.NewSession(nil) // nil: the embedded export data
//	res, err := s.Check(cellSource)
//	if err != nil {
//		// err is an ErrorList: each Error has Line, Col (in the cell) and
//		// Msg in the compiler's words; err.Error() is "3:5: undefined: foo".
//		return err
//	}
//	// ... run the cell; then, even if it panicked at run time:
//	s.Commit(res)
//
// For completion and inspection: Scope lists the session's identifiers,
// Lookup finds one, TypeOf gives the type of an expression at an offset in
// a cell being edited, and Members lists the fields and methods of a type.
//
// Errors of go/parser (syntax errors) are reported with their go/parser
// wording, which differs from the compiler's "syntax error: ..." text.
package typecheck
