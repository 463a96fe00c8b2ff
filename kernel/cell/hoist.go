package cell

import (
	"go/scanner"
	"go/token"
)

// Hoist returns parts in evaluation order: imports first, then the func, type and const
// declarations that do not depend on variables the cell itself defines, then everything
// else in cell order. In Go, package-level functions and types may be used above their
// declaration; a notebook cell that calls g() before `func g() {...}` should work too.
// A declaration that mentions a variable defined in the same cell (by := or var) stays in
// place, so `x := 5; func show() { fmt.Println(x) }; show()` keeps working.
func Hoist(parts []Part) []Part {
	cellVars := map[string]bool{}
	for _, p := range parts {
		switch {
		case p.Kind == Stmt:
			for _, name := range definedNames(p.Src) {
				cellVars[name] = true
			}
		case p.Kind == Decl && p.Tok == token.VAR:
			for _, name := range varNames(p.Src) {
				cellVars[name] = true
			}
		}
	}
	hoistable := func(p Part) bool {
		if p.Kind != Decl || (p.Tok != token.FUNC && p.Tok != token.TYPE && p.Tok != token.CONST) {
			return false
		}
		for _, id := range identifiers(p.Src) {
			if cellVars[id] {
				return false
			}
		}
		return true
	}
	out := make([]Part, 0, len(parts))
	for _, p := range parts {
		if p.Kind == Import {
			out = append(out, p)
		}
	}
	for _, p := range parts {
		if hoistable(p) {
			out = append(out, p)
		}
	}
	for _, p := range parts {
		if p.Kind != Import && !hoistable(p) {
			out = append(out, p)
		}
	}
	return out
}

// tokens scans src into (token, literal) pairs, ignoring errors.
func tokens(src string, f func(tok token.Token, lit string) bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF || !f(tok, lit) {
			return
		}
	}
}

// identifiers lists the identifiers in src.
func identifiers(src string) []string {
	var ids []string
	tokens(src, func(tok token.Token, lit string) bool {
		if tok == token.IDENT {
			ids = append(ids, lit)
		}
		return true
	})
	return ids
}

// definedNames lists the names a statement defines at its top level with :=
// (a, b := ...), or nothing.
func definedNames(src string) []string {
	var names []string
	depth := 0
	defines := false
	tokens(src, func(tok token.Token, lit string) bool {
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.IDENT:
			if depth == 0 {
				names = append(names, lit)
			}
		case token.COMMA:
		case token.DEFINE:
			defines = depth == 0
			return false
		default:
			if depth == 0 {
				return false
			}
		}
		return true
	})
	if !defines {
		return nil
	}
	return names
}

// varNames lists the names a var declaration declares: `var a, b int`, `var ( x = 1; y T )`.
func varNames(src string) []string {
	var names []string
	depth := 0          // bracket depth, counting the group's own parenthesis
	grouped := false    // var ( ... )
	expectName := false // the next identifier is a declared name
	afterName := false  // the previous token was a declared name (a comma continues the list)
	prev := token.ILLEGAL
	tokens(src, func(tok token.Token, lit string) bool {
		defer func() { prev = tok }()
		switch tok {
		case token.VAR:
			expectName = true
			return true
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if tok == token.LPAREN && prev == token.VAR {
				grouped = true
				expectName = true
			} else {
				expectName = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			expectName = false
		case token.SEMICOLON:
			expectName = grouped && depth == 1
		case token.COMMA:
			expectName = afterName
		case token.IDENT:
			if expectName {
				names = append(names, lit)
				expectName, afterName = false, true
				return true
			}
		default:
			expectName = false
		}
		afterName = false
		return true
	})
	return names
}
