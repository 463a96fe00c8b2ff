// Package cell turns the source of a notebook cell into parts the interpreter can evaluate
// one after another, and formats what comes back (results, compile errors, panics) the way a
// Go programmer expects to read it.
//
// A cell may mix imports, declarations (func, type, var, const) and statements in any
// order. Split cuts it at top-level statement boundaries (bracket depth 0, with Go's
// automatic semicolons) and tags each piece with its Kind and its position in the cell, so
// errors can be reported as "cell LINE:COL".
package cell

import (
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
)

// Kind says how a Part is evaluated.
type Kind int

// Kinds of parts.
const (
	Import Kind = iota + 1 // an import declaration
	Decl                   // a func, method, type, var or const declaration
	Stmt                   // a statement (including expression statements)
)

func (k Kind) String() string {
	switch k {
	case Import:
		return "import"
	case Decl:
		return "decl"
	case Stmt:
		return "stmt"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Part is one top-level statement of a cell.
type Part struct {
	Kind Kind
	// Src is the text of the part exactly as it appears in the cell (comments inside it
	// included, comments between parts dropped).
	Src string
	// Offset is the byte offset of Src in the cell; Line and Col (1-based, Col in bytes as
	// in go/token) its position.
	Offset    int
	Line, Col int
	// Tok is the first token of the part (token.FUNC, token.IDENT, ...).
	Tok token.Token
}

// Cell is a parsed notebook cell.
type Cell struct {
	// Source is the Go source of the cell with shell and magic lines blanked out (so byte
	// offsets and lines still match the original cell).
	Source string
	Parts  []Part
	// Program is set when the cell starts with a package clause: it is a whole program
	// whose main function should be run as `go run` would.
	Program bool
	// Specials are the line magics (%name args) and shell lines (!cmd) of the cell, in order.
	Specials []Special
	// CellMagic is set when the first line of the cell is %%name: the whole rest of the
	// cell belongs to the magic and Source/Parts are empty.
	CellMagic *CellMagic
	// ScanErr is set when the Go source could not be tokenised; Parts then holds the whole
	// source as one part so that the parser reports the error at the right position.
	ScanErr error
}

// Special is a line magic ("%name args") or a shell line ("!cmd args").
type Special struct {
	Line int    // 1-based line in the cell
	Text string // the line without leading blanks, e.g. "%help" or "!ls -l"
}

// CellMagic is a cell whose first line is "%%name args".
type CellMagic struct {
	Name string // without the %%
	Args string
	Body string // the lines after the first
}

// Parse splits src into magics, shell lines and Go parts.
func Parse(src string) *Cell {
	c := &Cell{}
	first, rest, _ := strings.Cut(src, "\n")
	if t := strings.TrimSpace(first); strings.HasPrefix(t, "%%") {
		name, args, _ := strings.Cut(strings.TrimPrefix(t, "%%"), " ")
		c.CellMagic = &CellMagic{Name: name, Args: strings.TrimSpace(args), Body: rest}
		return c
	}
	c.Source, c.Specials = blankSpecials(src)
	c.Parts, c.Program, c.ScanErr = split(c.Source)
	return c
}

// Split splits Go source (without magics) into parts. It is Parse without the magic
// handling; program reports a package clause.
func Split(src string) (parts []Part, program bool, err error) { return split(src) }

type tokInfo struct {
	off int
	tok token.Token
	lit string
	end int
}

func split(src string) ([]Part, bool, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	var scanErr error
	s.Init(file, []byte(src), func(pos token.Position, msg string) {
		if scanErr == nil {
			scanErr = fmt.Errorf("cell %d:%d: %s", pos.Line, pos.Column, msg)
		}
	}, 0)
	var toks []tokInfo
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		end := off + len(lit)
		if lit == "" {
			end = off + len(tok.String())
		}
		if tok == token.SEMICOLON && lit == "\n" {
			end = off
		}
		toks = append(toks, tokInfo{off, tok, lit, end})
	}
	if scanErr != nil {
		if strings.TrimSpace(src) == "" {
			return nil, false, scanErr
		}
		p := wholePart(src)
		return []Part{p}, false, scanErr
	}
	var parts []Part
	program := false
	depth := 0
	start := -1
	header := false // inside the header of for/if/switch: its semicolons do not end the statement
	flush := func(endTok int) {
		if start < 0 {
			return
		}
		st := toks[start:endTok]
		start = -1
		if len(st) == 0 {
			return
		}
		off, end := st[0].off, st[len(st)-1].end
		if st[0].tok == token.PACKAGE {
			program = true
			return
		}
		line, col := position(src, off)
		parts = append(parts, Part{Kind: classify(st), Src: src[off:end], Offset: off, Line: line, Col: col, Tok: st[0].tok})
	}
	for i, t := range toks {
		switch t.tok {
		case token.FOR, token.IF, token.SWITCH:
			if depth <= 0 {
				header = true
			}
		case token.LBRACE:
			if depth <= 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			if depth <= 0 && !header {
				flush(i)
				continue
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(toks))
	return parts, program, nil
}

// wholePart returns src as a single part, classified by its first word.
func wholePart(src string) Part {
	trimmed := strings.TrimLeft(src, " \t\r\n")
	off := len(src) - len(trimmed)
	line, col := position(src, off)
	k := Stmt
	for _, kw := range []string{"import", "func", "type", "var", "const", "package"} {
		if strings.HasPrefix(trimmed, kw) {
			k = Decl
			if kw == "import" {
				k = Import
			}
		}
	}
	return Part{Kind: k, Src: trimmed, Offset: off, Line: line, Col: col}
}

// classify tells the kind of the statement made of toks (no trailing semicolon).
func classify(toks []tokInfo) Kind {
	switch toks[0].tok {
	case token.IMPORT:
		return Import
	case token.TYPE, token.CONST, token.VAR:
		return Decl
	case token.FUNC:
		if len(toks) < 2 {
			return Stmt
		}
		if toks[1].tok == token.IDENT {
			return Decl
		}
		if toks[1].tok != token.LPAREN {
			return Stmt
		}
		// func (recv) Name( or func (recv) Name[ is a method; func (params) ... a literal.
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i].tok {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					if i+2 < len(toks) && toks[i+1].tok == token.IDENT &&
						(toks[i+2].tok == token.LPAREN || toks[i+2].tok == token.LBRACK) {
						return Decl
					}
					return Stmt
				}
			}
		}
	}
	return Stmt
}

// position returns the 1-based line and byte column of offset off in src.
func position(src string, off int) (line, col int) {
	line = 1 + strings.Count(src[:off], "\n")
	col = off - strings.LastIndex(src[:off], "\n")
	return line, col
}

// blankSpecials removes magic (%) and shell (!) lines from src, replacing each by an empty
// line, and returns them. A line counts only when it starts at bracket depth 0 outside
// strings and comments and does not continue an expression from the line before.
func blankSpecials(src string) (string, []Special) {
	lines := strings.SplitAfter(src, "\n")
	var specials []Special
	var lx lexState
	prevCont := false
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if lx.clean() && !prevCont && (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) {
			specials = append(specials, Special{Line: i + 1, Text: strings.TrimRight(t, "\r\n")})
			if strings.HasSuffix(l, "\n") {
				lines[i] = "\n"
			} else {
				lines[i] = ""
			}
			continue
		}
		lx.feed(l)
		if s := strings.TrimSpace(stripLineComment(l)); s != "" {
			prevCont = continues(s)
		}
	}
	if len(specials) == 0 {
		return src, nil
	}
	return strings.Join(lines, ""), specials
}

// continues reports whether a trimmed line ends with a token that needs more input.
func continues(s string) bool {
	for _, op := range []string{"&&", "||", "+", "-", "*", "/", "=", ",", "(", "[", "{", "|", "&", "^", "<", ">", ":", "."} {
		if strings.HasSuffix(s, op) {
			return !strings.HasSuffix(s, "++") && !strings.HasSuffix(s, "--")
		}
	}
	return false
}

func stripLineComment(l string) string {
	if i := strings.Index(l, "//"); i >= 0 && !strings.ContainsAny(l[:i], "\"'`") {
		return l[:i]
	}
	return l
}

// lexState tracks strings, comments and bracket depth across lines, roughly enough to tell
// whether a line starts at the top level.
type lexState struct {
	depth   int
	raw     bool // inside a `raw string`
	comment bool // inside a /* block comment */
}

func (lx *lexState) clean() bool { return lx.depth <= 0 && !lx.raw && !lx.comment }

func (lx *lexState) feed(l string) {
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case lx.raw:
			if c == '`' {
				lx.raw = false
			}
		case lx.comment:
			if c == '*' && i+1 < len(l) && l[i+1] == '/' {
				lx.comment = false
				i++
			}
		case c == '/' && i+1 < len(l) && l[i+1] == '/':
			return
		case c == '/' && i+1 < len(l) && l[i+1] == '*':
			lx.comment = true
			i++
		case c == '`':
			lx.raw = true
		case c == '"' || c == '\'':
			for i++; i < len(l) && l[i] != c && l[i] != '\n'; i++ {
				if l[i] == '\\' {
					i++
				}
			}
		case c == '(' || c == '[' || c == '{':
			lx.depth++
		case c == ')' || c == ']' || c == '}':
			lx.depth--
		}
	}
}
