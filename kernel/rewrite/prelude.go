package rewrite

import (
	"fmt"
	"reflect"
	"strings"
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

func _gojupGoPanic(r any) {
	if r == nil {
		return
	}
	buf := make([]byte, 64)
	buf = buf[:_gojupruntime.Stack(buf, false)]
	id := "1"
	if f := _gojupstrings.Fields(string(buf)); len(f) > 1 {
		id = f[1]
	}
	_gojupfmt.Fprintf(_gojupos.Stderr, "panic: %s\n\ngoroutine %s [running]:\n(a goroutine started by the cell panicked; the kernel restarts)\n", _gojupPanicValue(r), id)
	_gojupos.Exit(2)
}

func _gojupPanicValue(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(_gojupfmt.Stringer); ok {
		return s.String()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return _gojupfmt.Sprint(r)
}
`

// PanicValue formats a panic value like the Go runtime does after "panic: ".
func PanicValue(v any) string {
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
