package cell

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// FileName is the file name that positions in cells carry (token.Position.Filename).
const FileName = "cell"

// lineDirective returns a /*line*/ comment that gives the next character the position of p.
func lineDirective(p Part) string {
	return fmt.Sprintf("/*line %s:%d:%d*/", FileName, p.Line, p.Col)
}

// ParseDecls parses import and declaration parts as one file of package main. Positions in
// the result (through fset) are positions in the cell.
func ParseDecls(fset *token.FileSet, parts []Part) (*ast.File, error) {
	var b strings.Builder
	b.WriteString("package main;")
	for _, p := range parts {
		b.WriteString(lineDirective(p))
		b.WriteString(p.Src)
		b.WriteString("\n")
	}
	f, err := parser.ParseFile(fset, FileName, b.String(), parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return f, nil
}

// ParseStmts parses statement parts as the body of a function. Positions in the result
// (through fset) are positions in the cell.
func ParseStmts(fset *token.FileSet, parts []Part) (*ast.BlockStmt, error) {
	var b strings.Builder
	b.WriteString("package main; func main() {")
	for _, p := range parts {
		b.WriteString(lineDirective(p))
		b.WriteString(p.Src)
		b.WriteString("\n")
	}
	b.WriteString("/*line " + EndFile + ":1:1*/}")
	f, err := parser.ParseFile(fset, FileName, b.String(), 0)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return f.Decls[0].(*ast.FuncDecl).Body, nil
}

// ParseExpr parses a single expression (user_expressions, inspection) as a statement list
// holding one expression statement at cell position 1:1.
func ParseExpr(fset *token.FileSet, expr string) (*ast.BlockStmt, error) {
	return ParseStmts(fset, []Part{{Kind: Stmt, Src: expr, Line: 1, Col: 1}})
}
