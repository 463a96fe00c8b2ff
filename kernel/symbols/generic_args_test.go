package symbols

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// sliceInputs are the ways a cell gets a []string holding "b", "a", "c": declared in the
// cell, of a named type declared in the cell, or returned by compiled (binary) code, whose
// types yaegi represents differently (reflect types, no element type of its own).
var sliceInputs = []struct{ name, decl, setup string }{
	{"cell", `s := []string{"b", "a", "c"}`, ""},
	{"cell named", `s := Names{"b", "a", "c"}`, `type Names []string`},
	{"strings.Fields", `s := strings.Fields("b a c")`, ""},
	{"strings.Split", `s := strings.Split("b,a,c", ",")`, ""},
	{"compiled named", `s := sort.StringSlice(strings.Fields("b a c"))`, ""},
}

// sliceCalls use every exported function of slices on s (see sliceInputs).
var sliceCalls = []struct{ fn, code, want string }{
	{"All", `slices.All(s)(func(i int, v string) bool { fmt.Print(i, v, " "); return true })`, "0b 1a 2c "},
	{"AppendSeq", `fmt.Print(slices.AppendSeq(s[:1:1], slices.Values([]string{"x"})))`, "[b x]"},
	{"Backward", `slices.Backward(s)(func(i int, v string) bool { fmt.Print(i, v, " "); return true })`, "2c 1a 0b "},
	{"BinarySearch", `fmt.Print(slices.BinarySearch(s, "c"))`, "2 true"},
	{"BinarySearchFunc", `fmt.Print(slices.BinarySearchFunc(s, "c", func(a, b string) int { return strings.Compare(a, b) }))`, "2 true"},
	{"Chunk", `slices.Chunk(s, 2)(func(c []string) bool { fmt.Print(c); return true })`, "[b a][c]"},
	{"Clip", `fmt.Print(len(slices.Clip(s)), cap(slices.Clip(s)))`, "3 3"},
	{"Clone", `fmt.Print(slices.Clone(s))`, "[b a c]"},
	{"Collect", `fmt.Print(slices.Collect(slices.Values(s)))`, "[b a c]"},
	{"Compact", `fmt.Print(slices.Compact(s))`, "[b a c]"},
	{"CompactFunc", `fmt.Print(slices.CompactFunc(s, func(a, b string) bool { return true }))`, "[b]"},
	{"Compare", `fmt.Print(slices.Compare(s, s))`, "0"},
	{"CompareFunc", `fmt.Print(slices.CompareFunc(s, []int{1, 2, 3}, func(a string, b int) int { return 0 }))`, "0"},
	{"Concat", `fmt.Print(slices.Concat(s, s))`, "[b a c b a c]"},
	{"Contains", `fmt.Print(slices.Contains(s, "a"))`, "true"},
	{"ContainsFunc", `fmt.Print(slices.ContainsFunc(s, func(v string) bool { return v == "c" }))`, "true"},
	{"Delete", `fmt.Print(slices.Delete(s, 0, 1))`, "[a c]"},
	{"DeleteFunc", `fmt.Print(slices.DeleteFunc(s, func(v string) bool { return v == "a" }))`, "[b c]"},
	{"Equal", `fmt.Print(slices.Equal(s, s))`, "true"},
	{"EqualFunc", `fmt.Print(slices.EqualFunc(s, []int{1, 2, 3}, func(a string, b int) bool { return true }))`, "true"},
	{"Grow", `fmt.Print(cap(slices.Grow(s, 10)) >= 13)`, "true"},
	{"Index", `fmt.Print(slices.Index(s, "c"))`, "2"},
	{"IndexFunc", `fmt.Print(slices.IndexFunc(s, func(v string) bool { return v == "a" }))`, "1"},
	{"Insert", `fmt.Print(slices.Insert(s, 1, "x"))`, "[b x a c]"},
	{"IsSorted", `fmt.Print(slices.IsSorted(s))`, "false"},
	{"IsSortedFunc", `fmt.Print(slices.IsSortedFunc(s, func(a, b string) int { return strings.Compare(a, b) }))`, "false"},
	{"Max", `fmt.Print(slices.Max(s))`, "c"},
	{"MaxFunc", `fmt.Print(slices.MaxFunc(s, func(a, b string) int { return strings.Compare(a, b) }))`, "c"},
	{"Min", `fmt.Print(slices.Min(s))`, "a"},
	{"MinFunc", `fmt.Print(slices.MinFunc(s, func(a, b string) int { return strings.Compare(a, b) }))`, "a"},
	{"Repeat", `fmt.Print(slices.Repeat(s, 2))`, "[b a c b a c]"},
	{"Replace", `fmt.Print(slices.Replace(s, 0, 1, "x", "y"))`, "[x y a c]"},
	{"Reverse", `slices.Reverse(s); fmt.Print(s)`, "[c a b]"},
	{"Sort", `slices.Sort(s); fmt.Print(s)`, "[a b c]"},
	{"SortFunc", `slices.SortFunc(s, func(a, b string) int { return strings.Compare(b, a) }); fmt.Print(s)`, "[c b a]"},
	{"SortStableFunc", `slices.SortStableFunc(s, func(a, b string) int { return strings.Compare(b, a) }); fmt.Print(s)`, "[c b a]"},
	{"Sorted", `fmt.Print(slices.Sorted(slices.Values(s)))`, "[a b c]"},
	{"SortedFunc", `fmt.Print(slices.SortedFunc(slices.Values(s), func(a, b string) int { return strings.Compare(b, a) }))`, "[c b a]"},
	{"SortedStableFunc", `fmt.Print(slices.SortedStableFunc(slices.Values(s), func(a, b string) int { return strings.Compare(b, a) }))`, "[c b a]"},
	{"Values", `slices.Values(s)(func(v string) bool { fmt.Print(v); return true })`, "bac"},
}

// mapInputs are maps with the keys "a" and "b": declared in the cell, or of compiled
// (named) types, as bson documents and url.Values are. VT in mapCalls is the value type.
var mapInputs = []struct{ name, decl, v string }{
	{"cell", `m := map[string]int{"b": 1, "a": 2}`, "int"},
	{"bson.M", `m := bson.M{"b": 1, "a": 2}`, "any"},
	{"bson.Unmarshal", `var m bson.M
b, _ := bson.Marshal(bson.D{{"b", 1}, {"a", 2}}); _ = bson.Unmarshal(b, &m)`, "any"},
	{"url.ParseQuery", `m, _ := url.ParseQuery("b=1&a=2")`, "[]string"},
}

// mapCalls use every exported function of maps on m (see mapInputs).
var mapCalls = []struct{ fn, code, want string }{
	{"All", `n := 0; maps.All(m)(func(k string, v VT) bool { n++; return true }); fmt.Print(n)`, "2"},
	{"Clone", `fmt.Print(len(maps.Clone(m)))`, "2"},
	{"Collect", `fmt.Print(len(maps.Collect(maps.All(m))))`, "2"},
	{"Copy", `d := map[string]VT{}; maps.Copy(d, m); fmt.Print(len(d))`, "2"},
	{"DeleteFunc", `maps.DeleteFunc(m, func(k string, v VT) bool { return k == "a" }); fmt.Print(len(m))`, "1"},
	{"Equal", `fmt.Print(maps.Equal(m, m))`, "true"},
	{"EqualFunc", `fmt.Print(maps.EqualFunc(m, m, func(a, b VT) bool { return true }))`, "true"},
	{"Insert", `d := map[string]VT{}; maps.Insert(d, maps.All(m)); fmt.Print(len(d))`, "2"},
	{"Keys", `fmt.Print(slices.Sorted(maps.Keys(m)))`, "[a b]"},
	{"Values", `n := 0; maps.Values(m)(func(v VT) bool { n++; return true }); fmt.Print(n)`, "2"},
}

// argGaps are the calls of TestGenericArgs that do not work ("pkg.Fn/input"); see README.md.
// With the patched yaegi (third_party/yaegi, yaegi-infer.patch) element, key and value types
// are inferred from compiled slices and maps too; what is left is yaegi inferring nothing
// from a variadic parameter ("undefined type for E") and Chunk of sort.StringSlice.
var argGaps = func() map[string]bool {
	m := map[string]bool{}
	add := func(fns string, inputs ...string) {
		for _, fn := range strings.Fields(fns) {
			for _, in := range inputs {
				m[fn+"/"+in] = true
			}
		}
	}
	add("slices.Concat", "strings.Fields", "strings.Split", "compiled named", "cell", "cell named")
	add("slices.Chunk", "compiled named")
	return m
}()

// TestGenericArgs calls every exported function of slices and maps with values declared
// in the cell and with values returned by compiled code. Failures must be listed in
// argGaps (and the test fails when one of those starts working).
func TestGenericArgs(t *testing.T) {
	imports := `import ("fmt"; "maps"; "net/url"; "slices"; "sort"; "strings"; "go.mongodb.org/mongo-driver/v2/bson")`
	run := func(t *testing.T, key string, parts []string, want string) {
		parts = append([]string{imports}, parts...)
		parts = append(parts, `_, _, _, _, _ = fmt.Print, url.Parse, sort.Ints, strings.Fields, bson.Marshal`)
		got, err := eval(t, parts...)
		ok := err == nil && got == want
		switch {
		case !ok && !argGaps[key]:
			t.Errorf("%s: got %q, %v; want %q", key, got, err, want)
		case ok && argGaps[key]:
			t.Errorf("%s now works: remove it from argGaps (and README.md)", key)
		}
	}
	for _, in := range sliceInputs {
		for _, c := range sliceCalls {
			key := c.fn + "/" + in.name
			t.Run("slices."+key, func(t *testing.T) {
				var parts []string
				if in.setup != "" {
					parts = append(parts, in.setup)
				}
				code := c.code
				if in.name == "cell named" || in.name == "compiled named" {
					code = strings.ReplaceAll(code, "func(c []string)", "func(c "+map[string]string{"cell named": "Names", "compiled named": "sort.StringSlice"}[in.name]+")")
				}
				run(t, "slices."+key, append(parts, in.decl, code), c.want)
			})
		}
	}
	for _, in := range mapInputs {
		for _, c := range mapCalls {
			key := c.fn + "/" + in.name
			if c.fn == "Equal" && in.v == "[]string" {
				continue // not comparable
			}
			t.Run("maps."+key, func(t *testing.T) {
				run(t, "maps."+key, append(strings.Split(in.decl, "\n"), strings.ReplaceAll(c.code, "VT", in.v)), c.want)
			})
		}
	}
}

// TestGenericArgsCoverAPI checks that TestGenericArgs calls every exported function of
// the source slices and maps packages.
func TestGenericArgsCoverAPI(t *testing.T) {
	for pkg, calls := range map[string][]string{"slices": fnNames(sliceCalls), "maps": fnNames(mapCalls)} {
		for _, name := range exportedFuncs(t, pkg) {
			if !slices.Contains(calls, name) {
				t.Errorf("TestGenericArgs does not call %s.%s", pkg, name)
			}
		}
	}
}

func fnNames(calls []struct{ fn, code, want string }) []string {
	var names []string
	for _, c := range calls {
		names = append(names, c.fn)
	}
	return names
}

// exportedFuncs returns the exported functions of the source package pkg (SourceFS).
func exportedFuncs(t *testing.T, pkg string) []string {
	t.Helper()
	files, err := fs.Glob(SourceFS, "src/"+pkg+"/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source for %s: %v", pkg, err)
	}
	var names []string
	for _, f := range files {
		src, err := fs.ReadFile(SourceFS, f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				names = append(names, fd.Name.Name)
			}
		}
	}
	return names
}
