package worker

import (
	"context"
	"go/ast"
	"go/parser"
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/gojup/gojup/display"
	"github.com/gojup/gojup/kernel/cell"
)

func init() { ResultBundle = display.BundleOf }

// richMethods are the methods that give a value rich output, with the display helper that
// takes such a value (see display.BundleOfHTMLer).
var richMethods = []struct{ method, helper string }{
	{"MIMEBundle", "BundleOfMIMEBundler"}, {"HTML", "BundleOfHTMLer"},
	{"SVG", "BundleOfSVGer"}, {"Markdown", "BundleOfMarkdowner"},
}

// displayAlias is the name the display package is imported under for rich results.
const displayAlias = "_gojupdisplay"

// interpretedBundle gives the rich output of a final expression whose value has a type
// declared in the session with an HTML, SVG, Markdown or MIMEBundle method: yaegi does not
// let compiled code see those methods through an any, so the display helper is called
// inside the interpreter. Only expressions without side effects are evaluated again.
func (s *Session) interpretedBundle(exprSrc string) (data, metadata map[string]any, ok bool) {
	e, err := parser.ParseExpr(exprSrc)
	if err != nil || !(pure(e) || s.conversion(e)) {
		return nil, nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, rm := range richMethods {
		if !s.hasMethod(rm.method) {
			continue
		}
		imp := cell.Part{Kind: cell.Import, Src: displayAlias + ` "github.com/gojup/gojup/display"`, Line: 1, Col: 1}
		imp.Src = "import " + imp.Src
		f, perr := cell.ParseDecls(s.fset, []cell.Part{imp})
		if perr != nil || s.runImports(ctx, f, imp.Src) != nil {
			return nil, nil, false
		}
		r, cerr := s.EvalExpr(ctx, displayAlias+"."+rm.helper+"("+exprSrc+")")
		vals := r.Values
		if cerr != nil || !r.HasValue || len(vals) == 0 {
			continue
		}
		// EvalExpr may give only the first of the helper's three results.
		d, _ := vals[0].(map[string]any)
		var m map[string]any
		ok := d != nil
		if len(vals) == 3 {
			m, _ = vals[1].(map[string]any)
			ok, _ = vals[2].(bool)
		}
		if ok && d != nil {
			if m == nil {
				m = map[string]any{}
			}
			return d, m, true
		}
	}
	return nil, nil, false
}

// hasMethod reports whether a type declared in the session has a method called name.
func (s *Session) hasMethod(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.decls {
		if strings.HasSuffix(k, "."+name) {
			return true
		}
	}
	return false
}

// unwrap returns the value inside the interpreter's wrapper for values of cell-declared
// types with methods (yaegi's unexported valueInterface{node, value}); other values are
// returned as they are.
func unwrap(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().Name() != "valueInterface" ||
		rv.Type().PkgPath() != "github.com/traefik/yaegi/interp" {
		return v
	}
	f := rv.FieldByName("value")
	if !f.IsValid() || f.Type() != reflect.TypeOf(reflect.Value{}) {
		return v
	}
	// rv is not addressable: copy it to reach the unexported field.
	cp := reflect.New(rv.Type()).Elem()
	cp.Set(rv)
	inner := reflect.NewAt(f.Type(), unsafe.Pointer(cp.FieldByName("value").UnsafeAddr())).Elem().Interface().(reflect.Value)
	if !inner.IsValid() {
		return nil
	}
	if !inner.CanInterface() {
		return v
	}
	return unwrap(inner.Interface())
}

// conversion reports whether e is a conversion of a pure expression to a type declared in
// the session, like money(12.5).
func (s *Session) conversion(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() || !pure(call.Args[0]) {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	s.mu.Lock()
	src := s.decls[id.Name]
	s.mu.Unlock()
	return strings.HasPrefix(strings.TrimSpace(src), "type ")
}
