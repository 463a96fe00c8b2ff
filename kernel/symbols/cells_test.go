package symbols

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
)

// eval runs cell parts (imports, declarations, statements: yaegi cannot mix
// them in one Eval) in a fresh interpreter set up as the worker does, and
// returns what they printed.
func eval(t *testing.T, parts ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	i := interp.New(interp.Options{
		Unrestricted:         true,
		GoPath:               GoPath,
		SourcecodeFilesystem: SourceFS,
		Stdout:               &out,
		Stderr:               &out,
	})
	if err := Use(i, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if _, err := i.EvalWithContext(context.Background(), p); err != nil {
			return out.String(), fmt.Errorf("%s: %w", p, err)
		}
	}
	return out.String(), nil
}

func TestCells(t *testing.T) {
	if _, err := exec.LookPath("echo"); err != nil {
		t.Skip("no echo command")
	}
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"slices.Sort", []string{`import ("fmt"; "slices")`, `xs := []int{3, 1, 2}; slices.Sort(xs); fmt.Println(xs, slices.Index(xs, 2), slices.Contains(xs, 5), slices.Max(xs))`}, "[1 2 3] 1 false 3\n"},
		{"slices.Sort named slice type", []string{`import ("fmt"; "slices")`, `type Ints []int`, `xs := Ints{3, 1}; slices.Sort(xs); fmt.Println(xs)`}, "[1 3]\n"},
		{"slices.SortFunc interpreted struct", []string{`import ("fmt"; "slices")`, `type P struct{ N string; A int }`, `ps := []P{{"a", 3}, {"b", 1}}; slices.SortFunc(ps, func(x, y P) int { return x.A - y.A }); fmt.Println(ps)`}, "[{b 1} {a 3}]\n"},
		{"maps.Keys + slices.Sorted", []string{`import ("fmt"; "maps"; "slices")`, `m := map[string]int{"b": 1, "a": 2, "c": 3}; fmt.Println(slices.Sorted(maps.Keys(m)))`}, "[a b c]\n"},
		{"slices.Sort of a compiled slice type (patched yaegi)", []string{`import ("fmt"; "slices"; "strings")`, `xs := strings.Fields("b a")`, `slices.Sort(xs); fmt.Println(xs)`}, "[a b]\n"},
		{"maps.Keys of bson.M (patched yaegi)", []string{`import ("fmt"; "maps"; "slices"; "go.mongodb.org/mongo-driver/v2/bson")`, `doc := bson.M{"b": 1, "a": 2}`, `fmt.Println(slices.Sorted(maps.Keys(doc)))`}, "[a b]\n"},
		{"slices.Contains and Index of a compiled slice type", []string{`import ("fmt"; "path/filepath"; "slices"; "strings")`, `names, _ := filepath.Glob("/nonexistent/*"); fs := strings.Fields("b a")`, `fmt.Println(slices.Contains(names, "x"), slices.Contains(fs, "a"), slices.Index(fs, "a"), slices.IndexFunc(fs, func(s string) bool { return s == "b" }))`}, "false true 1 0\n"},
		{"slices misc", []string{`import ("fmt"; "slices")`, `xs := []int{1, 2, 3, 4}`, `xs = slices.Delete(xs, 1, 2)`, `ys := []int{1, 9, 2}`, `slices.Reverse(ys)`, `i, ok := slices.BinarySearch([]int{1, 3, 5}, 3)`, `fmt.Println(xs, ys, slices.Compact([]int{1, 1, 2}), i, ok)`}, "[1 3 4] [2 9 1] [1 2] 1 true\n"},
		{"slices.Chunk", []string{`import ("fmt"; "slices")`, `slices.Chunk([]int{1, 2, 3, 4, 5}, 2)(func(c []int) bool { fmt.Println(c); return true })`}, "[1 2]\n[3 4]\n[5]\n"},
		{"cmp.Compare", []string{`import ("fmt"; "cmp")`, `fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Less(2, 1))`}, "-1 1 false\n"},
		{"iter.Seq", []string{`import ("fmt"; "iter")`, `var s iter.Seq[int] = func(yield func(int) bool) { _ = yield(1) && yield(2) }`, `s(func(v int) bool { fmt.Println(v); return true })`}, "1\n2\n"},
		{"strings.Lines", []string{`import ("fmt"; "strings")`, `strings.Lines("a\nb\n")(func(l string) bool { fmt.Printf("%q ", l); return true })`}, `"a\n" "b\n" `},
		{"sync.OnceFunc", []string{`import ("fmt"; "sync")`, `f := sync.OnceFunc(func() { fmt.Println("once") }); f(); f()`}, "once\n"},
		{"sync.WaitGroup.Go", []string{`import ("fmt"; "sync")`, `n := 0; var wg sync.WaitGroup; var mu sync.Mutex; for i := 0; i < 5; i++ { wg.Go(func() { mu.Lock(); n++; mu.Unlock() }) }; wg.Wait(); fmt.Println(n)`}, "5\n"},
		{"os.Root", []string{`import ("fmt"; "os")`, `r, err := os.OpenRoot("/"); fmt.Println(err, r.Name()); r.Close()`}, "<nil> /\n"},
		{"os/exec", []string{`import ("fmt"; "os/exec")`, `out, err := exec.Command("echo", "hi").Output(); fmt.Print(string(out), err)`}, "hi\n<nil>"},
		{"unsafe", []string{`import ("fmt"; "unsafe")`, `fmt.Println(unsafe.Sizeof(int64(0)))`}, "8\n"},
		{"syscall", []string{`import ("fmt"; "syscall")`, `fmt.Println(syscall.Getpid() > 0)`}, "true\n"},
		{"unique and structs exist", []string{`import ("fmt"; "structs"; _ "unique"; _ "weak")`, `type T struct { _ structs.HostLayout; A int }`, `fmt.Println(T{A: 1}.A)`}, "1\n"},
		{"fmt.Stringer on interpreted type", []string{`import "fmt"`, `type V struct{}`, `func (V) String() string { return "vee" }`, `fmt.Println(V{})`}, "vee\n"},
		{"bson round trip", []string{
			`import ("fmt"; "go.mongodb.org/mongo-driver/v2/bson")`,
			`type Address struct { City string ` + "`bson:\"city\"`" + ` }`,
			`type User struct { Name string ` + "`bson:\"name\"`" + `; Age int ` + "`bson:\"age,omitempty\"`" + `; Addr Address ` + "`bson:\"addr\"`" + `; Tags []string ` + "`bson:\"tags\"`" + ` }`,
			`b, err := bson.Marshal(User{Name: "ann", Addr: Address{"Oslo"}, Tags: []string{"x"}}); var raw bson.M; _ = bson.Unmarshal(b, &raw); var u User; err2 := bson.Unmarshal(b, &u); fmt.Println(err, err2, raw["name"], raw["age"] == nil, u.Name, u.Addr.City, u.Tags)`,
		}, "<nil> <nil> ann true ann Oslo [x]\n"},
		{"mongo options", []string{`import ("fmt"; "go.mongodb.org/mongo-driver/v2/mongo/options"; "go.mongodb.org/mongo-driver/v2/mongo/readpref"; "go.mongodb.org/mongo-driver/v2/mongo/writeconcern")`, `o := options.Client().ApplyURI("mongodb://127.0.0.1:1").SetReadPreference(readpref.Primary()).SetWriteConcern(writeconcern.Majority()); fmt.Println(len(o.Hosts), o.ReadPreference.Mode())`}, "1 primary\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eval(t, tt.parts...)
			if err != nil {
				t.Fatalf("%s: %v (output %q)", strings.Join(tt.parts, "\n"), err, got)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestKnownGaps pins down what README.md lists as not working, so that the
// list is updated when the interpreter or these packages improve.
func TestKnownGaps(t *testing.T) {
	gaps := []struct {
		name  string
		parts []string
	}{
		{"range over func needs kernel/rewrite", []string{`import "strings"`, `for l := range strings.Lines("a") { _ = l }`}},
		{"generic sync.OnceValue is not in the tables", []string{`import "sync"`, `f := sync.OnceValue(func() int { return 1 }); _ = f`}},
		{"generic errors.AsType is not in the tables", []string{`import ("errors"; "io/fs")`, `_, ok := errors.AsType[*fs.PathError](nil); _ = ok`}},
		{"maps.Values (two inferred type parameters used in a closure)", []string{`import ("maps"; "slices")`, `v := slices.Collect(maps.Values(map[string]int{"a": 1})); _ = v`}},
		{"variadic-only generic cmp.Or", []string{`import "cmp"`, `_ = cmp.Or("", "x")`}},
		{"untyped float constants against cmp.Ordered", []string{`import "cmp"`, `_ = cmp.Less(1.5, 2.5)`}},
		{"variadic generic slices.Insert in an assignment", []string{`import "slices"`, `ys := slices.Insert([]int{1, 2}, 1, 9)`}},
		{"generic result type in a top-level :=", []string{`import "slices"`, `xs := []int{3, 1}`, `ys := slices.Clone(xs)`}},
		{"variadic-only generic slices.Concat", []string{`import ("fmt"; "slices")`, `fmt.Println(slices.Concat([]int{1}, []int{2}))`}},
		{"iter.Pull", []string{`import "iter"`, `var s iter.Seq[int] = func(y func(int) bool) { y(1) }`, `next, stop := iter.Pull(s); next(); stop()`}},
	}
	for _, g := range gaps {
		t.Run(g.name, func(t *testing.T) {
			if out, err := eval(t, g.parts...); err == nil {
				t.Errorf("now works (output %q): update README.md and move it to TestCells", out)
			}
		})
	}
}

// BenchmarkNewAndUse is the cost of a fresh interpreter with all tables, as
// at worker start and restart.
func BenchmarkNewAndUse(b *testing.B) {
	for range b.N {
		i := interp.New(interp.Options{Unrestricted: true, GoPath: GoPath, SourcecodeFilesystem: SourceFS})
		if err := Use(i, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOverlay runs the generic source packages next to a package of the
// real GOPATH, as the worker does with build.Default.GOPATH.
func TestOverlay(t *testing.T) {
	gopath := t.TempDir()
	dir := filepath.Join(gopath, "src", "example.com", "greet")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "greet.go"), []byte("package greet\n\nfunc Hello() string { return \"hello\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	i := interp.New(interp.Options{Unrestricted: true, GoPath: gopath, SourcecodeFilesystem: Overlay(gopath), Stdout: &out})
	if err := Use(i, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`import ("fmt"; "slices"; "example.com/greet")`, `xs := []string{"b", "a"}; slices.Sort(xs); fmt.Println(xs, greet.Hello())`} {
		if _, err := i.EvalWithContext(context.Background(), src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	if got := out.String(); got != "[a b] hello\n" {
		t.Errorf("got %q", got)
	}
}
