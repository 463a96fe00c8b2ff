package typecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Scope returns the session's identifiers: imported package names and
// top-level types, functions, variables and constants (including variables
// defined by statements of earlier cells), sorted by name.
func (s *Session) Scope() []types.Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.committed()
	if res.Pkg == nil {
		return nil
	}
	var objs []types.Object
	seen := map[string]bool{}
	add := func(sc *types.Scope) {
		for _, name := range sc.Names() {
			if name == "_" || strings.HasPrefix(name, hiddenPrefix) || seen[name] {
				continue
			}
			seen[name] = true
			objs = append(objs, sc.Lookup(name))
		}
	}
	add(res.Pkg.Scope())
	for _, sc := range res.Info.Scopes {
		if sc.Parent() == res.Pkg.Scope() && isFileScope(res, sc) {
			add(sc)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Name() < objs[j].Name() })
	return objs
}

// Lookup finds a session identifier by name, or nil.
func (s *Session) Lookup(name string) types.Object {
	for _, o := range s.Scope() {
		if o.Name() == name {
			return o
		}
	}
	return nil
}

func isFileScope(res *Result, sc *types.Scope) bool {
	for n, v := range res.Info.Scopes {
		if v == sc {
			_, ok := n.(*ast.File)
			return ok
		}
	}
	return false
}

// committed returns the check of an empty cell against the session, cached
// until the next Commit. s.mu is held.
func (s *Session) committed() *Result {
	if s.scope == nil {
		s.scope = s.check("")
	}
	return s.scope
}

// TypeOf returns the type of expr as seen at byte offset offset of cell (a
// cell being edited: errors in it are ignored), e.g. for completion after
// "x." with expr "x". Offsets outside the cell's statements use the
// session's top-level scope.
func (s *Session) TypeOf(cell string, offset int, expr string) (types.Type, error) {
	s.mu.Lock()
	res := s.check(cell)
	if res.Pkg == nil && offset <= len(cell) {
		// Code being typed rarely parses: check the part before the
		// cursor, with its open brackets closed.
		res = s.check(closeBrackets(cell[:offset]))
	}
	s.mu.Unlock()
	if res.Pkg == nil {
		return nil, fmt.Errorf("cell does not parse: %w", res.Errors)
	}
	pos := res.posAt(offset)
	// Parsed into the result's file set after the cell, so that go/types
	// sees every object declared before pos as declared before expr.
	x, err := parser.ParseExprFrom(res.Fset, "expr", expr, 0)
	if err != nil {
		return nil, fmt.Errorf("parsing %q: %w", expr, err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	// CheckExpr uses the innermost scope at pos; token.NoPos means package scope.
	if err := types.CheckExpr(res.Fset, res.Pkg, pos, x, info); err != nil {
		return nil, err
	}
	tv, ok := info.Types[x]
	if !ok || tv.Type == nil {
		return nil, fmt.Errorf("no type for %q", expr)
	}
	return tv.Type, nil
}

// closeBrackets appends the closing brackets src lacks.
func closeBrackets(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var open []byte
	for {
		_, tok, _ := sc.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN:
			open = append(open, ')')
		case token.LBRACE:
			open = append(open, '}')
		case token.LBRACK:
			open = append(open, ']')
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	var b strings.Builder
	b.WriteString(src)
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("\n")
		b.WriteByte(open[i])
	}
	return b.String()
}

// posAt maps a cell byte offset to a position in the checked file.
func (res *Result) posAt(offset int) token.Pos {
	if res.file == nil {
		return token.NoPos
	}
	pos := token.NoPos
	for _, u := range res.units {
		if u.start > offset {
			break
		}
		fo := u.fileOff + min(offset, u.end) - u.start
		if fo <= res.file.Size() {
			pos = res.file.Pos(fo)
		}
	}
	return pos
}

// Member is a field or method of a type, for completion.
type Member struct {
	Name string
	// Kind is "field" or "method".
	Kind string
	// Type is the field type or the method signature, qualified by package name.
	Type string
	Obj  types.Object
}

// Members lists the exported and session-visible fields and methods that can
// follow "x." for a value x of type t, including promoted ones and the
// methods of *t when t is not a pointer (x addressable), sorted by name.
func Members(t types.Type) []Member {
	qual := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	}
	seen := map[string]bool{}
	var ms []Member
	add := func(obj types.Object, kind string) {
		if seen[obj.Name()] || (!obj.Exported() && obj.Pkg() != nil && obj.Pkg().Path() != "main") {
			return
		}
		seen[obj.Name()] = true
		ms = append(ms, Member{obj.Name(), kind, types.TypeString(obj.Type(), qual), obj})
	}
	mt := t
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		mt = types.NewPointer(t)
	}
	mset := types.NewMethodSet(mt)
	for i := 0; i < mset.Len(); i++ {
		add(mset.At(i).Obj(), "method")
	}
	// Fields, shallowest first.
	cur := []types.Type{t}
	visited := map[types.Type]bool{}
	for len(cur) > 0 {
		var next []types.Type
		for _, ct := range cur {
			if p, ok := ct.Underlying().(*types.Pointer); ok {
				ct = p.Elem()
			}
			if visited[ct] {
				continue
			}
			visited[ct] = true
			st, ok := ct.Underlying().(*types.Struct)
			if !ok {
				continue
			}
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				add(f, "field")
				if f.Embedded() {
					next = append(next, f.Type())
				}
			}
		}
		cur = next
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	return ms
}
