package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// The interpreter hands fmt a slice or array of a cell-declared type as a slice of the
// type's underlying type, so fmt.Println([]Color{Red}) printed [0], not [Red]: the
// elements' String and Error methods were lost. Passed one at a time, each element reaches
// fmt with its methods, so such an argument of a print call is rewritten into Elems, which
// formats the elements one by one in the interpreter.

// printFuncs are the functions whose arguments fmt formats, with the index of the first
// formatted argument and whether a format string comes just before it.
var printFuncs = map[string]struct {
	first  int
	format bool
}{
	"fmt.Print": {0, false}, "fmt.Println": {0, false}, "fmt.Sprint": {0, false}, "fmt.Sprintln": {0, false},
	"fmt.Fprint": {1, false}, "fmt.Fprintln": {1, false}, "fmt.Append": {1, false}, "fmt.Appendln": {1, false},
	"fmt.Printf": {1, true}, "fmt.Sprintf": {1, true}, "fmt.Errorf": {1, true},
	"fmt.Fprintf": {2, true}, "fmt.Appendf": {2, true},
	"log.Print": {0, false}, "log.Println": {0, false}, "log.Fatal": {0, false}, "log.Fatalln": {0, false},
	"log.Panic": {0, false}, "log.Panicln": {0, false},
	"log.Printf": {1, true}, "log.Fatalf": {1, true}, "log.Panicf": {1, true},
}

// fmtElemArgs returns, for a call of one of printFuncs, the arguments to pass through
// _gojupElems: index → the type of the slice or array, as Go source.
func (r *rewriter) fmtElemArgs(c *ast.CallExpr) map[int]string {
	if r.info == nil || c.Ellipsis.IsValid() {
		return nil
	}
	sel, _, name := r.packageFunc(c.Fun)
	if sel == nil {
		return nil
	}
	pf, ok := printFuncs[name]
	if !ok || len(c.Args) <= pf.first {
		return nil
	}
	var verbs map[int]directive // the directive of each formatted argument; nil: all %v
	if pf.format {
		tv, ok := r.info.Types[c.Args[pf.first-1]]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return nil
		}
		ds := printfVerbs(constant.StringVal(tv.Value))
		if ds == nil {
			return nil
		}
		verbs = map[int]directive{}
		for _, d := range ds {
			verbs[d.arg] = d
		}
	}
	var wrap map[int]string
	for i := pf.first; i < len(c.Args); i++ {
		if verbs != nil {
			// %T and %p describe the slice itself; %#v prints its type too.
			if d, ok := verbs[i-pf.first]; !ok || d.verb == 'T' || d.verb == 'p' || strings.Contains(d.flags, "#") {
				continue
			}
		}
		t := r.info.TypeOf(c.Args[i])
		if t == nil || !hasCellFormatMethodElems(t) {
			continue
		}
		if s := r.typeExpr(t); s != "" {
			if wrap == nil {
				wrap = map[int]string{}
			}
			wrap[i] = s
		}
	}
	return wrap
}

// hasCellFormatMethodElems reports whether t is a slice or array whose elements are of a
// type the session declared (or pointers to one) with a String or Error method.
func hasCellFormatMethodElems(t types.Type) bool {
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	default:
		return false
	}
	if !declaredInSession(elem) {
		return false
	}
	ms := types.NewMethodSet(elem)
	for _, name := range []string{"String", "Error"} {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			continue
		}
		sig, ok := sel.Type().(*types.Signature)
		if ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
			types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return true
		}
	}
	return false
}

// wrapElems returns x as an argument that formats its elements one at a time:
// func(s T) any { return _gojupElems(s, len(s), func(i int) any { return s[i] }) }(x).
func wrapElems(x ast.Expr, typ string) ast.Expr {
	call := mustExpr("func(_gojups " + typ + ") any { return _gojupElems(_gojups, len(_gojups), func(_gojupi int) any { return _gojups[_gojupi] }) }(nil)").(*ast.CallExpr)
	call.Args[0] = x
	return call
}

// Elems is what the interpreter's fmt calls get for a slice or array of a cell type
// (see wrapElems): it formats as fmt formats the slice, [e0 e1 …], each element formatted
// by format with the verb and flags of the whole; %#v formats raw, the slice itself.
func Elems(raw any, n int, format func(i int, f fmt.State, verb rune)) fmt.Formatter {
	return elems{raw: raw, n: n, format: format}
}

type elems struct {
	raw    any
	n      int
	format func(int, fmt.State, rune)
}

func (e elems) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprintf(f, fmt.FormatString(f, verb), e.raw)
		return
	}
	fmt.Fprint(f, "[")
	for i := range e.n {
		if i > 0 {
			fmt.Fprint(f, " ")
		}
		e.format(i, f, verb)
	}
	fmt.Fprint(f, "]")
}
