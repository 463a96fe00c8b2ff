package cell

import (
	"fmt"
	"go/ast"
	"reflect"
	"strings"
)

// FormatResult formats the values of a final expression statement as the text/plain of
// an execute_result: each value as fmt's %v, separated by spaces, so a call returning
// (1, nil) shows "1 <nil>" (like fmt.Println would print them). Strings are shown as they
// are, without quotes, as gophernotes and GoNB do.
func FormatResult(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmt.Sprintf("%v", v)
	}
	return strings.Join(parts, " ")
}

// printFuncs are the package functions whose calls print instead of producing a value
// worth showing.
var printFuncs = map[string]func(name string) bool{
	"fmt": func(n string) bool { return strings.HasPrefix(n, "Print") || strings.HasPrefix(n, "Fprint") },
	"log": func(n string) bool { return true },
}

// IsPrintCall reports whether e is a call of a print-like function (fmt.Print*,
// fmt.Fprint*, log.*, print, println) whose results should not be shown.
func IsPrintCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fn.Name == "print" || fn.Name == "println"
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if f := printFuncs[x.Name]; f != nil {
				return f(fn.Sel.Name)
			}
		}
	}
	return false
}

// PanicValue formats a recovered panic value the way the Go runtime prints it after
// "panic: ": errors by their Error(), Stringers by String(), strings as they are, other
// values of named types like main.T{...}. Values wrapped in a reflect.Value by the
// interpreter are unwrapped, and the interpreter's reflect-level messages are translated to
// the runtime errors Go would report.
func PanicValue(v any) string {
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() {
			return "nil"
		}
		if rv.CanInterface() {
			v = rv.Interface()
		}
	}
	switch x := v.(type) {
	case nil:
		return "nil"
	case *reflect.ValueError:
		if x.Kind == reflect.Invalid {
			return "runtime error: invalid memory address or nil pointer dereference"
		}
		return x.Error()
	case error:
		return translate(Clean(stripPos(x.Error())))
	case fmt.Stringer:
		return x.String()
	case string:
		return translate(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		if rv.Type().PkgPath() != "" {
			return fmt.Sprintf("%s(%v)", rv.Type(), v)
		}
		if rv.Kind() == reflect.Float32 || rv.Kind() == reflect.Float64 {
			return fmt.Sprintf("%e", v)
		}
		return fmt.Sprintf("%v", v)
	}
	return Clean(fmt.Sprintf("%#v", v))
}

// stripPos removes a leading "cell:L:C: " position from an interpreter message.
func stripPos(msg string) string {
	if loc := posRE.FindStringIndex(msg); loc != nil && loc[0] == 0 {
		return msg[loc[1]:]
	}
	return msg
}

// translate maps the interpreter's reflect-level panic messages to Go's runtime errors.
func translate(msg string) string {
	switch {
	case strings.HasPrefix(msg, "reflect: slice index out of range"),
		strings.HasPrefix(msg, "reflect: array index out of range"),
		strings.HasPrefix(msg, "reflect: string index out of range"):
		return "runtime error: index out of range"
	case strings.HasPrefix(msg, "reflect.Value.Slice: slice index out of bounds"),
		strings.HasPrefix(msg, "reflect.Value.Slice3: slice index out of bounds"):
		return "runtime error: slice bounds out of range"
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, "on zero Value"):
		return "runtime error: invalid memory address or nil pointer dereference"
	}
	return msg
}
