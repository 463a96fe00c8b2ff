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
		imports                 []string // besides fmt
	}{
		{"iota counts specs, not names", `const (
	a, b = 1 << iota, 1<<iota - 1
	c, d
	_, _
	e, f
)`, `fmt.Print(a, b, c, d, e, f)`, "1 0 2 1 8 7", nil},
		{"typed float constants from iota", `type Size float64
const (
	_ = iota
	KB Size = 1 << (10 * iota)
	MB
	Half Size = 1.0 / 2
)`, `fmt.Print(KB, MB, MB/KB, Half)`, "1024 1.048576e+06 1024 0.5", nil},
		{"%T and %#v of cell types", `type Day int
type P struct {
	X int
	S string
}
func (p P) M(n int) int { return p.X + n }`, `fmt.Printf("%T|%5T|%T|%#v|%T|%v|%d%%|%T\n", Day(2), Day(3), []P{}, P{1, "a"}, P.M, P{2, "b"}, 5, 1.5)
	s := fmt.Sprintf("%-10T|%T", &P{}, map[string][]Day{})
	fmt.Print(s)`, "main.Day|main.Day|[]main.P|main.P{X:1, S:\"a\"}|func(main.P, int) int|{2 b}|5%|float64\n*main.P   |map[string][]main.Day", nil},
		{"range over a string with invalid UTF-8", `type S string`, `for i, r := range "a\xe9\xff中" { fmt.Print(i, ":", r, " ") }
	for i := range "héllo" { fmt.Print(i) }
	n := 0
	for range S("héllo") { n++ }
	for _, r := range S("ab") { fmt.Print(string(r)) }
	fmt.Print(" ", n)`, "0:97 1:65533 2:65533 3:20013 01345ab 5", nil},
		{"range over variadic channels", `func merge(cs ...<-chan int) (n int) {
	for _, c := range cs { for v := range c { n += v } }
	return n
}
func lens(cs ...chan int) (s []int) {
	for i, c := range cs { s = append(s, i, cap(c)) }
	return s
}`, `a, b := make(chan int, 2), make(chan int, 1)
	a <- 1; a <- 2; b <- 3; close(a); close(b)
	fmt.Print(merge(a, b), lens(make(chan int, 4), make(chan int)))`, "6 [0 4 1 0]", nil},
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
			"3 <nil> <nil>\n", nil},
		{"a cell type returned as any keeps its methods", `type Color int
func (c Color) String() string { return "C" + fmt.Sprint(int(c)) }
type Plain struct{ N int }
func at(i int) any { return Color(i) }
func plain() any { return Plain{3} }
func many() (any, any, error) { return Color(4), Plain{5}, nil }`, `f := func(i int) any { return Color(i) }
	x := at(1)
	var y any = at(2)
	fmt.Println(at(0), x, y, f(3), plain())
	a, b, err := many()
	fmt.Println(a, b, err)
	if c, ok := x.(Color); ok {
		fmt.Print(c+1, " ", int(c))
	}
	fmt.Print(" ", strings.Map(func(r rune) rune { fmt.Print(f(5), " "); return r }, "a"))`, "C0 C1 C2 C3 {3}\nC4 {5} <nil>\nC2 1C5  a", []string{"strings"}},
		{"errors.Is sees Is and Unwrap methods of cell types", `type NotFound struct{ Name string }
func (e NotFound) Error() string { return e.Name + " not found" }
func (e NotFound) Is(target error) bool { return target == ErrMissing }
var ErrMissing = errors.New("missing")
type Wrap struct{ inner error }
func (w *Wrap) Error() string { return "wrap: " + w.inner.Error() }
func (w *Wrap) Unwrap() error { return w.inner }
type Multi []error
func (m Multi) Error() string { return "multi" }
func (m Multi) Unwrap() []error { return m }`, `e := NotFound{"x"}
	fmt.Println(errors.Is(e, ErrMissing), errors.Is(&Wrap{e}, ErrMissing), errors.Is(fmt.Errorf("ctx: %w", &Wrap{e}), ErrMissing))
	fmt.Println(errors.Is(&Wrap{ErrMissing}, ErrMissing), errors.Is(&Wrap{e}, io.EOF), errors.Is(errors.Join(io.EOF, &Wrap{e}), ErrMissing))
	fmt.Println(errors.Is(Multi{io.EOF, e}, ErrMissing), errors.Is(Multi{io.EOF}, ErrMissing), errors.Is(e, e), errors.Is(nil, ErrMissing), errors.Is(nil, nil))`, "true true true\ntrue false true\ntrue false true false true\n", []string{"errors", "io"}},
		{"%T of interface operands holding cell types", `type Color int
func (c Color) String() string { return "C" }
type P struct{ K string }
func (p *P) Error() string { return "P:" + p.K }
type Plain struct{ N int }
func at() any { return Color(1) }
func find() error { return &P{"x"} }`, `var s fmt.Stringer = Color(2)
	var e error = find()
	x := at()
	var none any
	fmt.Printf("%T|%T|%T|%-12T|%T|%T|%T\n", s, e, x, find(), none, error(nil), fmt.Errorf("w"))
	var v any = 3
	fmt.Printf("%T %T", v, any("s"))`, "main.Color|*main.P|main.Color|*main.P     |<nil>|<nil>|*errors.errorString\nint string", nil},
		{"slices and arrays of cell types with String or Error print through the methods", `type Color int
func (c Color) String() string { return [...]string{"Red", "Green", "Blue"}[c] }
const (
	Red Color = iota
	Green
	Blue
)
type P struct{ K string }
func (p *P) String() string { return "P:" + p.K }
type E struct{ n int }
func (e E) Error() string { return fmt.Sprint("e", e.n) }
func colors() []Color { fmt.Print("once "); return []Color{Blue, Green} }`, `cs := []Color{Blue, Red}
	fmt.Println(cs, [2]Color{Green, Red}, []*P{{"a"}, {"b"}}, []E{{1}, {2}}, []Color(nil))
	fmt.Printf("%v|%s|%d|%x|%T|%5v\n", cs, cs, cs, cs, cs, cs)
	s := fmt.Sprint(colors())
	fmt.Print(s, " ", fmt.Sprintf("%*d|%v", 3, 7, cs))`, "[Blue Red] [Green Red] [P:a P:b] [e1 e2] []\n" +
			"[Blue Red]|[Blue Red]|[2 0]|[426c7565 526564]|[]main.Color|[ Blue   Red]\n" +
			"once [Blue Green]   7|[Blue Red]", nil},
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
	fmt.Print(d(T{5}))`, "S! stringer S!|T3 stringer T3|no other|T5", nil},
		{"errors.As and errors.AsType with cell error types", `type NotFound struct{ Name string }
func (e *NotFound) Error() string { return e.Name + " not found" }
type Temporary interface{ Temporary() bool }
type netErr struct{ temp bool }
func (e netErr) Error() string   { return "net error" }
func (e netErr) Temporary() bool { return e.temp }`, `err := fmt.Errorf("lookup: %w", &NotFound{"x"})
	var nf *NotFound
	fmt.Println(err, errors.As(err, &nf), nf.Name)
	e2, ok := errors.AsType[*NotFound](err)
	fmt.Println(e2.Name, ok)
	_, ok = errors.AsType[*NotFound](errors.New("plain"))
	_, err3 := os.Open("/nonexistent")
	pe, ok3 := errors.AsType[*fs.PathError](err3)
	fmt.Println(ok, pe.Op, ok3)
	var tmp Temporary
	fmt.Println(errors.As(fmt.Errorf("w: %w", netErr{true}), &tmp), tmp.Temporary())
	j := errors.Join(errors.New("a"), &NotFound{"y"})
	fmt.Print(errors.As(j, &nf), nf.Name)`, "lookup: x not found true x\nx true\nfalse open true\ntrue true\ntruey", []string{"errors", "io/fs", "os"}},
		{"== and errors.Is with errors of cell types", `type Status int
func (s Status) Error() string { return "status " + strconv.Itoa(int(s)) }
const NotFound Status = 404
type Multi struct{ list []string }
func (m Multi) Error() string { return fmt.Sprint(m.list) }
func multi() error { return Multi{[]string{"a"}} }
func get(code int) error {
	if code == 200 {
		return nil
	}
	return Status(code)
}`, `err := get(404)
	fmt.Println(err == NotFound, err != NotFound, NotFound == err, err == get(404), err == io.EOF)
	wrapped := fmt.Errorf("get: %w", err)
	fmt.Println(errors.Is(wrapped, NotFound), errors.Is(wrapped, Status(500)), errors.Is(io.EOF, io.EOF))
	m := multi()
	fmt.Println(errors.Is(m, NotFound), errors.Is(fmt.Errorf("x: %w", io.EOF), io.EOF), get(200) == nil)
	var e1 error = Status(1)
	e2 := error(Status(2))
	var e3 error
	e3 = Status(3)
	fmt.Print(e1, e2, e3, e1 == Status(1))`, "true false true true false\ntrue false true\nfalse true true\nstatus 1 status 2 status 3 true", []string{"errors", "io", "strconv"}},
		{"generic standard library functions the tables lack", `type IDs []int`, `f := sync.OnceValue(func() int { fmt.Print("once "); return 7 })
	fmt.Println(f(), f())
	g := sync.OnceValues(func() (int, error) { return 1, nil })
	fmt.Println(g())
	bad := sync.OnceValue(func() int { panic("boom") })
	for range 2 {
		func() { defer func() { fmt.Print(recover(), " ") }(); bad() }()
	}
	fmt.Println(reflect.TypeFor[int](), reflect.TypeFor[error]().Kind())
	fmt.Println(cmp.Or(0, 3), cmp.Or("", "", "x"))
	xs := slices.Concat(IDs{1}, IDs{2, 3}, nil)
	parts := [][]string{{"a"}, {"b", "c"}}
	fmt.Printf("%T %v %v", xs, xs, slices.Concat(parts...))`, "once 7 7\n1 <nil>\nboom boom int interface\n3 x\nmain.IDs [1 2 3] [a b c]", []string{"cmp", "reflect", "slices", "sync"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imports := `"fmt"`
			for _, p := range tt.imports {
				imports += "; \"" + p + "\""
			}
			src := "package main\n\nimport (" + imports + ")\n\n" + tt.decls + "\n\nfunc main() {\n\t" + tt.body + "\n}\n"
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
