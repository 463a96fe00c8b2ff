package cell

import (
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MainAlias is the name a cell's func main is given inside the interpreter (yaegi would
// otherwise run main again after every later cell). Messages shown to users say "main".
const MainAlias = "main__gojup"

// Error is a failed cell in Jupyter's terms (the content of an error message).
type Error struct {
	Name      string   // ename: "CompileError", "panic", "Interrupted", ...
	Value     string   // evalue: one line
	Traceback []string // lines shown by the front end
}

// Error implements error.
func (e *Error) Error() string { return e.Name + ": " + e.Value }

// Content returns the Jupyter error content (ename, evalue, traceback).
func (e *Error) Content() map[string]any {
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": tb}
}

// Diagnostic is one compiler message at a cell position (Line 0: no position).
type Diagnostic struct {
	Line, Col int
	Msg       string
}

// String formats d as "cell 3:5: msg".
func (d Diagnostic) String() string {
	if d.Line <= 0 {
		return d.Msg
	}
	return fmt.Sprintf("%s %d:%d: %s", FileName, d.Line, d.Col, d.Msg)
}

// posRE matches a position yaegi or go/scanner put in front of a message.
var posRE = regexp.MustCompile(`(?m)^(?:` + FileName + `|_\.go|main\.go)?:?(\d+):(\d+): `)

// Diagnostics extracts positioned messages from a parse or compile error.
func Diagnostics(err error) []Diagnostic {
	var list scanner.ErrorList
	if errors.As(err, &list) {
		var ds []Diagnostic
		for _, e := range list {
			if e.Pos.Filename == EndFile || strings.HasSuffix(e.Msg, "found 'EOF'") {
				ds = append(ds, Diagnostic{Msg: endOfCell(e.Msg)})
				continue
			}
			ds = append(ds, Diagnostic{Line: e.Pos.Line, Col: e.Pos.Column, Msg: Clean(e.Msg)})
		}
		return ds
	}
	msg := strings.TrimPrefix(err.Error(), "parse: ")
	locs := posRE.FindAllStringSubmatchIndex(msg, -1)
	if len(locs) == 0 {
		return []Diagnostic{{Msg: Clean(msg)}}
	}
	var ds []Diagnostic
	for i, loc := range locs {
		end := len(msg)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		line, _ := strconv.Atoi(msg[loc[2]:loc[3]])
		col, _ := strconv.Atoi(msg[loc[4]:loc[5]])
		ds = append(ds, Diagnostic{Line: line, Col: col, Msg: Clean(strings.TrimSpace(msg[loc[1]:end]))})
	}
	return ds
}

// yaegiTypeRE matches the interpreter's internal type category names (stringT, intT, ...).
var yaegiTypeRE = regexp.MustCompile(`\b(bool|u?int(?:8|16|32|64|ptr)?|float(?:32|64)|complex(?:64|128)|string|error|rune|byte)T\b`)

// Clean removes interpreter-internal names from a message.
func Clean(msg string) string {
	msg = strings.ReplaceAll(msg, MainAlias, "main")
	msg = strings.ReplaceAll(msg, "interface {}", "any")
	msg = yaegiTypeRE.ReplaceAllString(msg, "$1")
	return msg
}

// EndFile is the file name ParseStmts gives the closing brace it adds after the cell's
// statements, so that "found '}'" errors there read as an unexpected end of the cell.
const EndFile = "cell-end"

// endOfCell rewrites a parser message about the end of the cell.
func endOfCell(msg string) string {
	before, _, _ := strings.Cut(msg, ", found")
	return "syntax error: unexpected end of cell, " + before
}

// CompileError builds the error shown for diagnostics of the cell source src: each message
// with its position, the offending line and a caret under the column, like the compiler.
func CompileError(src string, ds []Diagnostic) *Error {
	e := &Error{Name: "CompileError"}
	for i, d := range ds {
		if d.Line == 0 && strings.HasPrefix(d.Msg, "syntax error: unexpected end of cell") {
			// Point after the last character of the cell, as the compiler points at EOF.
			t := strings.TrimRight(src, " \t\r\n")
			d.Line, d.Col = position(t, len(t))
		}
		if i == 0 {
			e.Value = d.String()
		}
		e.Traceback = append(e.Traceback, d.String())
		e.Traceback = append(e.Traceback, Caret(src, d.Line, d.Col)...)
	}
	if len(ds) == 0 {
		e.Value = "compile error"
	}
	return e
}

// Caret returns the source line line of src and a line with a caret under byte column col
// (both indented by four spaces, tabs expanded), or nil when the position is not in src.
func Caret(src string, line, col int) []string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	l := strings.TrimRight(lines[line-1], "\r")
	if strings.TrimSpace(l) == "" {
		return nil
	}
	if col < 1 {
		col = 1
	}
	if col > len(l)+1 {
		col = len(l) + 1
	}
	expand := func(s string) string { return strings.ReplaceAll(s, "\t", "    ") }
	width := utf8.RuneCountInString(expand(l[:col-1]))
	return []string{"    " + expand(l), "    " + strings.Repeat(" ", width) + "^"}
}

// Frame is one interpreted call frame of a panic: the function and where it was when the
// panic passed through it.
type Frame struct {
	Func      string
	Line, Col int
}

// frameRE matches the line yaegi writes to stderr for each frame a panic unwinds.
var frameRE = regexp.MustCompile(`^(?:` + FileName + `)?:?(\d+):(\d+): panic: (.*)\(\.\.\.\)\s*$`)

// ParseFrame parses a line yaegi writes while a panic unwinds
// ("cell:3:5: panic: main.f(...)").
func ParseFrame(line string) (Frame, bool) {
	m := frameRE.FindStringSubmatch(line)
	if m == nil {
		return Frame{}, false
	}
	l, _ := strconv.Atoi(m[1])
	c, _ := strconv.Atoi(m[2])
	fn := Clean(m[3])
	if fn == "main" {
		fn = "main.main" // the cell's own statements
	}
	return Frame{Func: fn, Line: l, Col: c}, true
}

// PanicError builds the error shown for a panic whose value formats as msg (see
// PanicValue) and that unwound frames (innermost first) of cell source src.
func PanicError(msg string, frames []Frame, src string) *Error {
	e := &Error{Name: "panic", Value: msg}
	e.Traceback = append(e.Traceback, "panic: "+msg)
	if len(frames) > 0 {
		e.Traceback = append(e.Traceback, "", "goroutine 1 [running]:")
		for i, f := range frames {
			e.Traceback = append(e.Traceback, f.Func+"(...)", fmt.Sprintf("\t%s %d:%d", FileName, f.Line, f.Col))
			if i == 0 {
				e.Traceback = append(e.Traceback, Caret(src, f.Line, f.Col)...)
			}
		}
	}
	return e
}
