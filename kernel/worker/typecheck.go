package worker

import (
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/typecheck"
)

// This file plugs kernel/typecheck in as the worker's Checker, so compile errors read
// like go build's. The checker is kept from blocking valid code:
//
//   - Only errors of kinds the checker gets right (see confident) stop a cell before it
//     runs. The others are held back: the cell runs, and if the interpreter then fails to
//     compile it at the line of one of them, the checker's wording is shown instead of
//     the interpreter's.
//   - When the checker rejects a cell that the interpreter ran without error, the checker
//     may be wrong about the session: from then on no checker error stops a cell (they are
//     only used to word the interpreter's compile errors).
//   - Cells re-declared by a restore are never stopped.
//
// Unused variables and imports are not errors (typecheck reports them as warnings, which
// are not shown). The type information of a cell without errors is carried over to the
// worker's parse of it (typeinfo.go) for the rewrites (kernel/rewrite, notePanics): with
// it, range-over-int/func, generic and other rewrites apply (+19 programs of the semantics
// corpus run like go run as whole cells, +24 as split cells; TestCorpusThroughWorker).

// warmChecker, when set, is called once the worker is ready, to decode the checker's
// package index in the background (before: it slows the worker's start down).
var warmChecker func()

// installChecker installs the typecheck checker unless SetChecker was called; the worker
// calls it at start (not init: the kernel process links this package too).
// GOJUP_TYPECHECK=off turns checking off.
func installChecker() {
	if checkerSet || os.Getenv("GOJUP_TYPECHECK") == "off" {
		return
	}
	warmChecker = typecheck.Warm
	SetChecker(newTypeChecker())
}

// typeChecker adapts a typecheck.Session to the Checker interface.
type typeChecker struct {
	s    *typecheck.Session
	last *typecheck.Result
	// soft are the held-back diagnostics of the cell being run.
	soft []cell.Diagnostic
	// unsynced is set once the checker rejected a cell the interpreter ran.
	unsynced bool
	// disagreed is set when the cell being run had checker errors.
	disagreed bool
}

func newTypeChecker() *typeChecker { return &typeChecker{s: typecheck.NewSession(nil)} }

// Check implements Checker.
func (t *typeChecker) Check(fset *token.FileSet, c *cell.Cell, units []Unit) (*types.Info, []cell.Diagnostic) {
	t.soft, t.disagreed = nil, false
	res, err := t.s.Check(checkSource(c))
	t.last = res
	if err == nil {
		if res == nil || fset == nil {
			return nil, nil
		}
		var roots []ast.Node
		for _, u := range units {
			if u.File != nil {
				roots = append(roots, u.File)
			} else if u.Block != nil {
				roots = append(roots, u.Block)
			}
		}
		return mapInfo(res.Info, res.Fset, fset, roots), nil
	}
	var list typecheck.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return nil, nil
	}
	t.disagreed = true
	var ds []cell.Diagnostic
	for _, e := range list {
		if e.Line <= 0 {
			continue // about an earlier cell
		}
		msg := contRE.ReplaceAllString(e.Msg, "\n\t"+cell.FileName+" $1: ")
		ds = append(ds, cell.Diagnostic{Line: e.Line, Col: e.Col, Msg: msg})
	}
	if len(ds) == 0 {
		return nil, nil
	}
	if !t.unsynced && confident(ds[0].Msg) {
		return nil, ds[:1]
	}
	t.soft = ds
	return nil, nil
}

// Done implements Checker: the declarations and variables of a cell that (partly) ran
// become part of the checker's session.
func (t *typeChecker) Done(c *cell.Cell, units []Unit, ran int, err error) {
	res := t.last
	t.last = nil
	if t.disagreed && ran > 0 && err == nil {
		// The interpreter ran, without error, a cell the checker rejected: the checker may be
		// wrong about this session from now on. (A cell that then failed, a panic on the
		// line the checker named, proves the checker right and changes nothing.)
		t.unsynced = true
	}
	if res != nil && (ran > 0 || err == nil) {
		t.s.Commit(res)
	}
}

// Soft returns the held-back diagnostics of the cell being run.
func (t *typeChecker) Soft() []cell.Diagnostic { return t.soft }

// softChecker is a Checker that holds back diagnostics it is not sure of (typeChecker).
type softChecker interface{ Soft() []cell.Diagnostic }

// confidentPrefixes are the beginnings of the go/types messages that are trusted to stop a
// cell before it runs (checked on the semantics corpus: no false positives).
var confidentPrefixes = []string{
	"undefined: ",
	"cannot use ",
	"missing return",
	"invalid operation: ",
	"not enough arguments in call",
	"too many arguments in call",
	"not enough return values",
	"too many return values",
	"assignment mismatch: ",
	"no new variables on left side of :=",
	"non-boolean condition",
	"cannot convert ",
	"cannot assign to ",
	"cannot call non-function",
	"unknown field ",
	"duplicate case ",
	"break is not in a loop",
	"continue is not in a loop",
	"missing argument in conversion",
}

// confident reports whether msg is of a kind the checker is trusted with.
func confident(msg string) bool {
	for _, p := range confidentPrefixes {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	// x.y undefined (type T has no field or method y), x.y undefined (cannot refer to unexported field y)
	return strings.Contains(msg, " undefined (type ") || strings.Contains(msg, " undefined (cannot refer to unexported ") ||
		strings.Contains(msg, "(no value) used as value")
}

// checkSource is the Go source of c's parts at their places in the cell, everything else
// blanked (newlines kept), so positions match the cell's. A whole program's package
// clause goes too: its declarations stay in the session, as for any cell.
func checkSource(c *cell.Cell) string {
	if len(c.Parts) == 0 {
		return c.Source
	}
	b := []byte(c.Source)
	keep := make([]bool, len(b))
	for _, p := range c.Parts {
		if p.Offset < 0 || p.Offset+len(p.Src) > len(b) || c.Source[p.Offset:p.Offset+len(p.Src)] != p.Src {
			return c.Source // parts not taken from this source: check it all
		}
		for i := p.Offset; i < p.Offset+len(p.Src); i++ {
			keep[i] = true
		}
	}
	for i := range b {
		if !keep[i] && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// contRE matches the position of a continuation line of a message ("\n\t3:6: previous case").
var contRE = regexp.MustCompile(`\n\t(\d+:\d+): `)

// cellLineRE finds the line of a "cell L:C: msg" compile error.
var cellLineRE = regexp.MustCompile(`^` + cell.FileName + ` (\d+):\d+: `)

// reword replaces a compile error of the interpreter by the checker's held-back
// diagnostics when one of them is on the same line.
func reword(src string, e *cell.Error) *cell.Error {
	sc, ok := checker.(softChecker)
	if !ok || e == nil || e.Name != "CompileError" {
		return e
	}
	m := cellLineRE.FindStringSubmatch(e.Value)
	if m == nil {
		return e
	}
	line, _ := strconv.Atoi(m[1])
	for _, d := range sc.Soft() {
		if d.Line == line {
			return cell.CompileError(src, []cell.Diagnostic{d})
		}
	}
	return e
}
