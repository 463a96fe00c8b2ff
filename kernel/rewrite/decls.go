package rewrite

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// declarations rewrites what yaegi rejects in declarations, over the whole node n:
//
//   - generic type aliases (Go 1.24, `type Vec[T any] = []T`): each instantiation is replaced
//     by the type it denotes and the alias declarations are dropped (needs types);
//   - blank names in const declarations (`_, _` in an iota block: "cannot use _ as value")
//     get fresh names, and implicit repetitions of constant expressions are written out.
func (r *rewriter) declarations(n ast.Node) {
	astutil.Apply(n, nil, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.IndexExpr:
			r.expandAlias(c, x.X)
		case *ast.IndexListExpr:
			r.expandAlias(c, x.X)
		case *ast.GenDecl:
			switch x.Tok {
			case token.CONST:
				var last *ast.ValueSpec
				for _, s := range x.Specs {
					vs := s.(*ast.ValueSpec)
					for _, name := range vs.Names {
						if name.Name == "_" {
							name.Name = r.fresh("blank")
						}
					}
					if len(vs.Values) == 0 && vs.Type == nil && last != nil {
						// Repeat the previous expression list explicitly (yaegi reports a
						// "constant definition loop" for some implicit repetitions).
						for _, v := range last.Values {
							vs.Values = append(vs.Values, mustExpr(types.ExprString(v)))
						}
						if last.Type != nil {
							vs.Type = mustExpr(types.ExprString(last.Type))
						}
					}
					if len(vs.Values) > 0 {
						last = vs
					}
				}
				for i, s := range x.Specs {
					vs := s.(*ast.ValueSpec)
					r.foldTypedFloat(vs)
					r.replaceIota(vs, i)
				}
			case token.TYPE:
				specs := x.Specs[:0]
				for _, s := range x.Specs {
					if ts := s.(*ast.TypeSpec); !(ts.Assign.IsValid() && ts.TypeParams != nil && r.info != nil) {
						specs = append(specs, s)
					}
				}
				x.Specs = specs
				if len(specs) == 0 {
					if _, inFile := c.Parent().(*ast.File); inFile {
						c.Delete()
					} else if x.Lparen == token.NoPos {
						x.Lparen, x.Rparen = x.TokPos, x.TokPos
					}
				}
			}
		}
		return true
	})
}

// expandAlias replaces the node under c, an instantiation of a generic alias, by its type.
func (r *rewriter) expandAlias(c *astutil.Cursor, x ast.Expr) {
	if r.info == nil {
		return
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return
	}
	obj, ok := r.info.Uses[id].(*types.TypeName)
	if !ok || !obj.IsAlias() {
		return
	}
	if a, ok := obj.Type().(*types.Alias); !ok || a.TypeParams().Len() == 0 {
		return
	}
	tv, ok := r.info.Types[c.Node().(ast.Expr)]
	if !ok || tv.Type == nil {
		return
	}
	if s := r.typeExpr(types.Unalias(tv.Type)); s != "" {
		c.Replace(mustExpr(s))
	}
}

// foldTypedFloat replaces the values of constants of a float type (named or not, not
// untyped) given by an expression by their values: yaegi reports "constant definition
// loop" for `KB ByteSize = 1 << (10 * iota)` (even `1 << (10 * 1)`) when ByteSize is a
// float type (needs types).
func (r *rewriter) foldTypedFloat(vs *ast.ValueSpec) {
	if r.info == nil || len(vs.Values) != len(vs.Names) {
		return
	}
	for i, name := range vs.Names {
		obj, ok := r.info.Defs[name].(*types.Const)
		if _, lit := vs.Values[i].(*ast.BasicLit); !ok || lit {
			continue
		}
		b, ok := obj.Type().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsFloat == 0 || b.Info()&types.IsUntyped != 0 {
			continue
		}
		val := obj.Val()
		lit := &ast.BasicLit{ValuePos: vs.Values[i].Pos()}
		if iv := constant.ToInt(val); iv.Kind() == constant.Int {
			lit.Kind, lit.Value = token.INT, iv.ExactString()
		} else if f, _ := constant.Float64Val(val); !math.IsInf(f, 0) {
			lit.Kind, lit.Value = token.FLOAT, strconv.FormatFloat(f, 'g', -1, 64)
		} else {
			continue
		}
		vs.Values[i] = lit
	}
}

// replaceIota replaces iota in the values of the i-th spec of a const declaration by i:
// yaegi counts iota per name, not per spec (`bit1, mask1` after `bit0, mask0 = 1 << iota,
// 1<<iota - 1` got iota 2).
func (r *rewriter) replaceIota(vs *ast.ValueSpec, i int) {
	for j, v := range vs.Values {
		vs.Values[j] = astutil.Apply(v, nil, func(c *astutil.Cursor) bool {
			id, ok := c.Node().(*ast.Ident)
			if !ok || id.Name != "iota" {
				return true
			}
			if r.info != nil {
				if obj := r.info.Uses[id]; obj != nil && obj != types.Universe.Lookup("iota") {
					return true // a declared iota
				}
			}
			c.Replace(&ast.BasicLit{ValuePos: id.Pos(), Kind: token.INT, Value: strconv.Itoa(i)})
			return true
		}).(ast.Expr)
	}
}
