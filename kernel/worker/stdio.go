package worker

import (
	"fmt"
	"go/ast"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// The builtins print and println write to standard error in Go, with their own
// formatting (no spaces between print's operands; floats as strconv's 'g'). yaegi writes
// them to standard output, formatted by fmt. The worker renames the calls, before they
// are compiled, to functions that do what Go does.
const (
	printPath  = "gojup.internal/gojupprint"
	printAlias = "_gojupworkerprint"
)

// printImport is the prelude that makes the print functions visible to cells.
const printImport = "package main\nimport " + printAlias + " \"" + printPath + "\"\nvar _ = " + printAlias + ".Print\n"

// printExports are the print functions writing to w.
func printExports(w io.Writer) interp.Exports {
	return interp.Exports{printPath + "/gojupprint": {
		"Print":   reflect.ValueOf(func(args ...any) { io.WriteString(w, formatPrint(args, false)) }),
		"Println": reflect.ValueOf(func(args ...any) { io.WriteString(w, formatPrint(args, true)) }),
		"Note":    reflect.ValueOf(notePanic),
	}}
}

// formatPrint formats args as the runtime's print (ln false) or println.
func formatPrint(args []any, ln bool) string {
	var b strings.Builder
	for i, a := range args {
		if ln && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(printValue(a))
	}
	if ln {
		b.WriteByte('\n')
	}
	return b.String()
}

// printValue formats one operand of print like the Go 1.26 runtime.
func printValue(a any) string {
	v := reflect.ValueOf(a)
	if !v.IsValid() {
		return "(0x0,0x0)" // a nil interface
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Uintptr:
		return fmt.Sprintf("%#x", v.Uint())
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Complex64:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 64)
	case reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 128)
	case reflect.String:
		return v.String()
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return fmt.Sprintf("%#x", v.Pointer())
	case reflect.Slice:
		return fmt.Sprintf("[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())
	}
	return fmt.Sprint(a) // not allowed by the compiler; the interpreter may let it through
}

// renamePrints makes the calls of the builtins print and println in n call the worker's
// print functions, unless the name is declared by the cell (a resolved identifier) or by
// the session.
func (s *Session) renamePrints(n ast.Node) {
	ast.Inspect(n, func(x ast.Node) bool {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || (id.Name != "print" && id.Name != "println") || id.Obj != nil || s.declared(id.Name) {
			return true
		}
		fn := "Print"
		if id.Name == "println" {
			fn = "Println"
		}
		call.Fun = &ast.SelectorExpr{X: &ast.Ident{NamePos: id.NamePos, Name: printAlias}, Sel: &ast.Ident{NamePos: id.NamePos, Name: fn}}
		return true
	})
}

// declared reports whether the session declared name.
func (s *Session) declared(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.decls[name]
	return ok
}
