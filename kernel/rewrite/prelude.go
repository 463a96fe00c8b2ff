package rewrite

import (
	"context"
	"fmt"
	"reflect"
	"runtime/trace"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Prelude is Go source (package main) declaring the helpers that rewritten code calls. The
// worker compiles and executes it once in every new interpreter, before the first cell. Its
// names start with "_gojup" and its imports use "_gojup" aliases, so they cannot clash with
// cell code (cells may still import the same packages under their usual names).
const Prelude = `package main

import (
	_gojupfmt "fmt"
	_gojupos "os"
	_gojupreflect "reflect"
	_gojupruntime "runtime"
	_gojupstrings "strings"

	_gojuprt "github.com/gojup/gojup/kernel/rewrite"
)

type _gojupOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func _gojupMin[T _gojupOrdered](a, b T) T {
	if a != a || a < b {
		return a
	}
	if b != b || b < a {
		return b
	}
	if a == 0 && b == 0 && _gojupstrings.HasPrefix(_gojupfmt.Sprint(b), "-") {
		return b
	}
	return a
}

func _gojupMax[T _gojupOrdered](a, b T) T {
	if a != a || a > b {
		return a
	}
	if b != b || b > a {
		return b
	}
	if a == 0 && b == 0 && _gojupstrings.HasPrefix(_gojupfmt.Sprint(a), "-") {
		return b
	}
	return a
}

func _gojupClear(x any) {
	v := _gojupreflect.ValueOf(x)
	if k := v.Kind(); k == _gojupreflect.Map || k == _gojupreflect.Slice {
		v.Clear()
	}
}

func _gojupRunDefers(ds []func()) {
	if len(ds) == 0 {
		return
	}
	defer _gojupRunDefers(ds[:len(ds)-1])
	ds[len(ds)-1]()
}

func _gojupGoStart(site string) { _gojuprt.GoStarted(site) }

func _gojupGoPanic(r any, createdBy string) {
	if r == nil {
		return
	}
	buf := make([]byte, 64)
	buf = buf[:_gojupruntime.Stack(buf, false)]
	id := "1"
	if f := _gojupstrings.Fields(string(buf)); len(f) > 1 {
		id = f[1]
	}
	_gojupfmt.Fprintf(_gojupos.Stderr, "panic: %s\n\ngoroutine %s [running]:\ncreated by %s\n(a goroutine started by the cell panicked; the kernel restarts)\n", _gojupPanicValue(r), id, createdBy)
	_gojupos.Exit(2)
}

func _gojupRecovered(r any) any { return _gojuprt.Unwrap(r) }

func _gojupEqual(a, b any) bool { return _gojuprt.Equal(a, b) }

// _gojupErrorIs is errors.Is, interpreted so that the Is and Unwrap methods of cell types
// are found (compiled code sees only the Error method of yaegi's wrapper); comparing err
// with target goes through compiled code that sees through the wrappers.
func _gojupErrorIs(err, target error) bool {
	if err == nil || target == nil {
		return err == nil && target == nil
	}
	for {
		if _gojuprt.SameError(err, target) {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		if u, ok := err.(interface{ Unwrap() error }); ok {
			if err = u.Unwrap(); err == nil {
				return false
			}
			continue
		}
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range u.Unwrap() {
				if e != nil && _gojupErrorIs(e, target) {
					return true
				}
			}
		}
		return false
	}
}

func _gojupElems(raw any, n int, at func(int) any) any {
	return _gojuprt.Elems(raw, n, func(i int, f _gojupfmt.State, verb rune) {
		v := at(i) // a variable: passed directly, the result lost its type's methods
		_gojupfmt.Fprintf(f, _gojupfmt.FormatString(f, verb), v)
	})
}

func _gojupTypeName(name string, _ any) string { return name }

func _gojupDynTypeName(x any) string {
	if name, ok := _gojuprt.TypeName(x); ok {
		return name
	}
	return _gojupfmt.Sprintf("%T", x)
}

func _gojupGoSyntax(name, typeAndValue string) string {
	t, v, _ := _gojupstrings.Cut(typeAndValue, "\x00")
	return _gojupstrings.ReplaceAll(v, t, name)
}

func _gojupPanicValue(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return _gojuprt.PanicValue(r)
}
`

// Symbols are the compiled helpers the Prelude imports (as "github.com/gojup/gojup/kernel/rewrite").
// The worker passes them to interp.Use before compiling the Prelude.
var Symbols = interp.Exports{
	"github.com/gojup/gojup/kernel/rewrite/rewrite": {
		"GoStarted":  reflect.ValueOf(GoStarted),
		"PanicValue": reflect.ValueOf(PanicValue),
		"Unwrap":     reflect.ValueOf(Unwrap),
		"Equal":      reflect.ValueOf(Equal),
		"Elems":      reflect.ValueOf(Elems),
		"TypeName":   reflect.ValueOf(TypeName),
		"SameError":  reflect.ValueOf(SameError),
	},
}

// SiteLogCategory is the category of the trace.Log message GoStarted writes; display's
// trace parser reads it to label a goroutine's lane with its go statement.
const SiteLogCategory = "gojup.site"

// GoStarted records, in a running execution trace, where the calling goroutine was started
// (site: "cell LINE:COL"). Without a running trace it costs one atomic load.
func GoStarted(site string) {
	if trace.IsEnabled() {
		trace.Log(context.Background(), SiteLogCategory, site)
	}
}

// SameError reports whether err == target as errors.Is compares them: only when target's
// dynamic type is comparable, and through yaegi's wrappers of cell types.
func SameError(err, target error) bool {
	t := interp.GojupConcrete(target)
	if t != nil && !reflect.TypeOf(t).Comparable() {
		return false
	}
	c := interp.GojupConcrete(err)
	if c != nil && !reflect.TypeOf(c).Comparable() {
		return false
	}
	return c == t
}

// TypeName is the name of the interpreted type of the value x holds, as %T prints it in Go
// ("main.Color"); ok is false when x holds no interpreted type (see interp.GojupTypeName).
func TypeName(x any) (name string, ok bool) { return interp.GojupTypeName(Unwrap(x)) }

// Equal is a == b for values from interpreted code, where an interface may hold yaegi's
// wrapper of a cell-declared type (an error made from one): it compares the values the
// wrappers stand for. Like ==, it panics when their dynamic type is not comparable.
func Equal(a, b any) bool {
	return interp.GojupConcrete(Unwrap(a)) == interp.GojupConcrete(Unwrap(b))
}

// Unwrap returns the value inside the reflect.Value yaegi hands over for some recovered
// values (so recover() gives 42, not a reflect.Value holding 42).
func Unwrap(v any) any {
	for {
		rv, ok := v.(reflect.Value)
		if !ok {
			return v
		}
		for rv.IsValid() && rv.Kind() == reflect.Interface && !rv.IsNil() {
			rv = rv.Elem()
		}
		if !rv.IsValid() || !rv.CanInterface() {
			return nil
		}
		v = rv.Interface()
	}
}

// PanicValue formats a panic value like the Go runtime does after "panic: ". Values yaegi
// hands over as reflect.Value (recovered interpreted values) are unwrapped first.
func PanicValue(v any) string {
	v = Unwrap(v)
	switch v := v.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	case float32, float64:
		s := fmt.Sprintf("%+.6e", v)
		if i := strings.LastIndexAny(s, "+-"); i > 0 && len(s)-i == 3 {
			s = s[:i+1] + "0" + s[i+1:]
		}
		return s
	case nil:
		return "nil"
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() <= reflect.Complex128 && rv.Type().PkgPath() != "" {
		return fmt.Sprintf("%T(%v)", v, v)
	}
	if rv.Kind() <= reflect.Complex128 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("(%T) %v", v, v)
}
