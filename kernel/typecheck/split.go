package typecheck

import (
	"go/scanner"
	"go/token"
)

// unitKind classifies a top-level part of a cell.
type unitKind int

const (
	unitStmt unitKind = iota
	unitImport
	unitDecl // type, var, const, func (including methods)
)

// unit is one top-level declaration or statement of a cell.
type unit struct {
	kind       unitKind
	start, end int // byte offsets in the cell
	line, col  int // 1-based position of start in the cell
	fileOff    int // offset of start in the checked file
}

// split cuts a cell into its top-level declarations and statements, at
// semicolons (explicit or automatic) outside brackets. A cell with scanner
// errors is still split; the parser reports those errors later.
func split(src string) []unit {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var (
		units []unit
		depth int
		cur   *unit
		toks  []token.Token // first tokens of the current unit
	)
	finish := func(end int) {
		if cur != nil {
			cur.end = end
			cur.kind = classify(toks)
			units = append(units, *cur)
			cur, toks = nil, nil
		}
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			finish(len(src))
			break
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && depth == 0 {
			end := off
			if lit == ";" {
				end++
			}
			finish(end)
			continue
		}
		if cur == nil {
			p := file.Position(pos)
			cur = &unit{start: off, line: p.Line, col: p.Column}
		}
		if len(toks) < 64 {
			toks = append(toks, tok)
		}
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if depth > 0 {
				depth--
			}
		}
	}
	return units
}

// classify tells a declaration from a statement by its first tokens:
// "func Name" and "func (recv) Name" declare, "func(...)" is a literal.
func classify(toks []token.Token) unitKind {
	if len(toks) == 0 {
		return unitStmt
	}
	switch toks[0] {
	case token.IMPORT:
		return unitImport
	case token.TYPE, token.VAR, token.CONST:
		return unitDecl
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return unitDecl
		}
		if len(toks) > 1 && toks[1] == token.LPAREN {
			depth := 0
			for i := 1; i < len(toks); i++ {
				switch toks[i] {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if i+1 < len(toks) && toks[i+1] == token.IDENT {
							return unitDecl
						}
						return unitStmt
					}
				}
			}
		}
	}
	return unitStmt
}
