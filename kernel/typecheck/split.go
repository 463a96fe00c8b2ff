package typecheck

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
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

// isProgram reports whether the cell is a whole file ("package ...").
func isProgram(cell string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(cell))
	var s scanner.Scanner
	s.Init(file, []byte(cell), nil, 0)
	_, tok, _ := s.Scan()
	return tok == token.PACKAGE
}

// parseImports returns the specs of an import declaration.
func parseImports(text string) []importSpec {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var specs []importSpec
	for _, is := range f.Imports {
		path, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if is.Name != nil {
			name = is.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		if name == "" {
			name = guessName(path)
		}
		specs = append(specs, importSpec{name: name, path: path})
	}
	return specs
}

// guessName is the package name for an import path: its last element, minus
// a major version suffix.
func guessName(path string) string {
	parts := strings.Split(path, "/")
	name := parts[len(parts)-1]
	if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = parts[len(parts)-2]
	}
	return name
}

// declKeys lists what a top-level declaration declares.
func declKeys(text string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	var keys []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				keys = append(keys, recvName(d.Recv.List[0].Type)+"."+d.Name.Name)
			} else if d.Name.Name != "init" && d.Name.Name != "_" {
				keys = append(keys, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					keys = append(keys, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.Name != "_" {
							keys = append(keys, n.Name)
						}
					}
				}
			}
		}
	}
	return keys
}

func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}
