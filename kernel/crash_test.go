package kernel

import (
	"strings"
	"testing"
)

func TestHideInternalFrames(t *testing.T) {
	in := strings.Split(`fatal error: concurrent map writes

goroutine 5 [running]:
internal/runtime/maps.fatal({0x13608af?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
reflect.mapassign0(0x11ee820, 0x114e9c0?, 0x29f86565f6c0?, 0x29f86565f6c0)
	/usr/local/go/src/runtime/map.go:254 +0x1d
main.userFunc()
	/tmp/x.go:3 +0x1
github.com/traefik/yaegi/interp.runCfg(0x29f8654ce500, 0x29f8652fa9a0, 0x29f8651b4220?, 0x0?)
	/work/main/third_party/yaegi/interp/run.go:235 +0x265
created by github.com/traefik/yaegi/interp.call.func9 in goroutine 30
	/work/main/third_party/yaegi/interp/run.go:1323 +0xf0f

goroutine 1 [select]:
main.main()
	/tmp/x.go:9 +0x2`, "\n")
	want := `fatal error: concurrent map writes

goroutine 5 [running]:
	… 2 frames of the Go runtime and the interpreter hidden
main.userFunc()
	/tmp/x.go:3 +0x1
	… 2 frames of the Go runtime and the interpreter hidden

goroutine 1 [select]:
main.main()
	/tmp/x.go:9 +0x2`
	if got := strings.Join(hideInternalFrames(in), "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Text that is not a stack dump is kept as it is.
	plain := []string{"panic: x", "", "goroutine 28 [running]:", "created by the go statement at cell 2:1", "(a goroutine started by the cell panicked; the kernel restarts)"}
	if got := hideInternalFrames(plain); strings.Join(got, "\n") != strings.Join(plain, "\n") {
		t.Errorf("plain text changed: %q", got)
	}
}

func TestNewlyLost(t *testing.T) {
	e := &executor{}
	cells := []string{"a := f()", "b := g()"}
	if got := e.newlyLost([]string{"a", "b"}, cells); strings.Join(got, ",") != "a,b" {
		t.Errorf("first restart: %v", got)
	}
	// Second crash: a and b were told already; c is new; b was defined again by a later cell.
	cells = append(cells, "c := h()", "b = g() // again")
	if got := e.newlyLost([]string{"a", "b", "c"}, cells); strings.Join(got, ",") != "b,c" {
		t.Errorf("second restart: %v", got)
	}
	if got := e.newlyLost([]string{"a", "b", "c"}, cells); len(got) != 0 {
		t.Errorf("third restart without new cells: %v", got)
	}
}
