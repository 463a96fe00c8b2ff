package rewrite_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/corpus"
)

// TestSemanticsTyped runs programs through the interpreter with the rewrites and type
// information (as the worker does) and compares with the output of go run (written down);
// it covers the rewrites that need types and the fixes in third_party/yaegi.
func TestSemanticsTyped(t *testing.T) {
	tests := []struct {
		name, decls, body, want string
	}{
		{"iota counts specs, not names", `const (
	a, b = 1 << iota, 1<<iota - 1
	c, d
	_, _
	e, f
)`, `fmt.Print(a, b, c, d, e, f)`, "1 0 2 1 8 7"},
		{"typed float constants from iota", `type Size float64
const (
	_ = iota
	KB Size = 1 << (10 * iota)
	MB
	Half Size = 1.0 / 2
)`, `fmt.Print(KB, MB, MB/KB, Half)`, "1024 1.048576e+06 1024 0.5"},
		{"%T and %#v of cell types", `type Day int
type P struct {
	X int
	S string
}
func (p P) M(n int) int { return p.X + n }`, `fmt.Printf("%T|%5T|%T|%#v|%T|%v|%d%%|%T\n", Day(2), Day(3), []P{}, P{1, "a"}, P.M, P{2, "b"}, 5, 1.5)
	s := fmt.Sprintf("%-10T|%T", &P{}, map[string][]Day{})
	fmt.Print(s)`, "main.Day|main.Day|[]main.P|main.P{X:1, S:\"a\"}|func(main.P, int) int|{2 b}|5%|float64\n*main.P   |map[string][]main.Day"},
		{"range over a string with invalid UTF-8", `type S string`, `for i, r := range "a\xe9\xff中" { fmt.Print(i, ":", r, " ") }
	for i := range "héllo" { fmt.Print(i) }
	n := 0
	for range S("héllo") { n++ }
	for _, r := range S("ab") { fmt.Print(string(r)) }
	fmt.Print(" ", n)`, "0:97 1:65533 2:65533 3:20013 01345ab 5"},
		{"range over variadic channels", `func merge(cs ...<-chan int) (n int) {
	for _, c := range cs { for v := range c { n += v } }
	return n
}
func lens(cs ...chan int) (s []int) {
	for i, c := range cs { s = append(s, i, cap(c)) }
	return s
}`, `a, b := make(chan int, 2), make(chan int, 1)
	a <- 1; a <- 2; b <- 3; close(a); close(b)
	fmt.Print(merge(a, b), lens(make(chan int, 4), make(chan int)))`, "6 [0 4 1 0]"},
		{"index out of range is a runtime error", `var (
	s   = []int{1, 2, 3}
	str = "abc"
	arr [3]int
	i   = 5
)
func try(f func()) {
	defer func() { r := recover(); fmt.Printf("%v %T\n", r, r) }()
	f()
}`, `try(func() { s[i] = 1 })
	try(func() { _ = str[i] })
	try(func() { _ = arr[i%4] })
	try(func() { fmt.Print(s[i-3], " ") })`, "runtime error: index out of range [5] with length 3 runtime.boundsError\n" +
			"runtime error: index out of range [5] with length 3 runtime.boundsError\n" +
			"<nil> <nil>\n" +
			"3 <nil> <nil>\n"},
		{"assertion of a cell type to a stdlib interface", `type S struct{}
func (S) String() string { return "S!" }
type T struct{ n int }
func (t T) String() string { return fmt.Sprint("T", t.n) }
func d(i any) string {
	if v, ok := i.(fmt.Stringer); ok {
		return v.String()
	}
	return "no"
}
func kind(i any) string {
	switch v := i.(type) {
	case error:
		return "error " + v.Error()
	case fmt.Stringer:
		return "stringer " + v.String()
	}
	return "other"
}`, `for _, x := range []any{S{}, T{3}, 4} { fmt.Print(d(x), " ", kind(x), "|") }
	fmt.Print(d(T{5}))`, "S! stringer S!|T3 stringer T3|no other|T5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\nimport \"fmt\"\n\n" + tt.decls + "\n\nfunc main() {\n\t" + tt.body + "\n}\n"
			for _, mode := range []corpus.Mode{corpus.Whole, corpus.Split} {
				var out, errb bytes.Buffer // yaegi traces recovered panics on stderr
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				err := corpus.Interpret(ctx, "prog.go", []byte(src), mode, corpus.Options{Stdout: &out, Stderr: &errb})
				cancel()
				if err != nil || out.String() != tt.want {
					t.Errorf("%v: got %q, %v; want %q\nstderr: %s", mode, out.String(), err, tt.want, errb.String())
				}
			}
		})
	}
}
