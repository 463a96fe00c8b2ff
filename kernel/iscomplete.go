package kernel

import (
	"go/scanner"
	"go/token"
	"strings"
)

// isComplete answers an is_complete_request for Go code using go/scanner: "incomplete"
// while brackets, blocks or raw strings are open or the code ends with an operator,
// "invalid" for code the scanner rejects or unbalanced brackets, else "complete".
func isComplete(code string) map[string]any {
	complete := map[string]any{"status": "complete"}
	invalid := map[string]any{"status": "invalid"}
	incomplete := func(depth int) map[string]any {
		return map[string]any{"status": "incomplete", "indent": strings.Repeat("\t", depth)}
	}
	if strings.TrimSpace(code) == "" {
		return complete
	}
	src := []byte(code)
	fset := token.NewFileSet()
	file := fset.AddFile("cell.go", -1, len(src))
	var unterminated, bad bool
	var s scanner.Scanner
	s.Init(file, src, func(_ token.Position, msg string) {
		if msg == "raw string literal not terminated" || msg == "comment not terminated" {
			unterminated = true
		} else {
			bad = true
		}
	}, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			open := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}[tok]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return invalid
			}
			stack = stack[:len(stack)-1]
		case token.ILLEGAL:
			bad = true
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon
		}
		last = tok
	}
	switch {
	case bad:
		return invalid
	case unterminated:
		return incomplete(len(stack))
	case len(stack) > 0:
		return incomplete(len(stack))
	case continues(last):
		return incomplete(1)
	}
	return complete
}

// continues reports whether code ending in tok must go on: a binary operator, an
// assignment, a comma, a dot, a colon or a channel arrow.
func continues(tok token.Token) bool {
	switch tok {
	case token.COMMA, token.PERIOD, token.COLON, token.ASSIGN, token.DEFINE, token.ARROW:
		return true
	}
	return (tok >= token.ADD_ASSIGN && tok <= token.AND_NOT_ASSIGN) || tok.Precedence() > 0
}
