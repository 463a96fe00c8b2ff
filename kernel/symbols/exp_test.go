package symbols

import (
	"bytes"
	"context"
	"testing"

	"github.com/traefik/yaegi/interp"
)

func TestExperiment(t *testing.T) {
	cases := [][]string{
		{`import ("fmt"; "slices")`, `xs := []int{3,1,2}; slices.Sort(xs); fmt.Println(xs, slices.Index(xs, 2), slices.Contains(xs, 5), slices.Max(xs))`},
		{`import ("fmt"; "slices"; "strings")`, `xs := []string{"bb","a", "ccc"}; slices.SortFunc(xs, func(a, b string) int { return strings.Compare(b, a) }); fmt.Println(xs)`},
		{`import ("fmt"; "slices"; "maps")`, `m := map[string]int{"b":1,"a":2}; fmt.Println(slices.Sorted(maps.Keys(m)))`},
		{`import ("fmt"; "slices"; "maps")`, `m := map[string]int{"b":1,"a":2}; v := slices.Collect(maps.Values(m)); slices.Sort(v); fmt.Println(v)`},
		{`import ("fmt"; "cmp")`, `fmt.Println(cmp.Compare(1,2), cmp.Compare("b","a"), cmp.Less(1.5, 2.5), cmp.Less(2, 1))`},
		{`import ("fmt"; "cmp")`, `fmt.Println(cmp.Or("", "x"))`},
		{`import ("fmt"; "slices")`, `fmt.Println(slices.Insert([]int{1,2}, 1, 9))`},
		{`import ("fmt"; "slices")`, `xs := []int{1, 2}; slices.Reverse(xs); fmt.Println(xs, slices.Equal([]int{1}, []int{1}))`},
		{`import ("fmt"; "slices")`, `slices.Chunk([]int{1,2,3,4,5}, 2)(func(c []int) bool { fmt.Println(c); return true })`},
		{`import ("fmt"; "iter")`, `var s iter.Seq[int] = func(y func(int) bool) { _ = y(1) && y(2) }`, `next, stop := iter.Pull(s); fmt.Println(next()); fmt.Println(next()); fmt.Println(next()); stop()`},
		{`import ("fmt"; "slices")`, `type P struct{ N string; A int }`, `ps := []P{{"a", 3}, {"b", 1}}; slices.SortFunc(ps, func(x, y P) int { return x.A - y.A }); fmt.Println(ps)`},
		{`import ("fmt"; "slices")`, `type Ints []int`, `xs := Ints{3,1}; slices.Sort(xs); fmt.Println(xs)`},
		{`import ("fmt"; "slices")`, `xs := []int{1,2,3,4}; xs = slices.Delete(xs, 1, 2); fmt.Println(xs, len(slices.Clip(xs)), slices.Compact([]int{1,1,2}), slices.Repeat([]int{1}, 2))`},
		{`import ("fmt"; "slices"; "maps")`, `m := map[string]int{"b":1,"a":2}; m2 := maps.Clone(m); fmt.Println(maps.Equal(m, m2), slices.Sorted(maps.Values(m2)))`},
		{`import ("fmt"; "slices")`, `for i, v := range slices.All([]string{"x"}) { fmt.Println(i, v) }`},
		{`import ("fmt"; "slices")`, `i, ok := slices.BinarySearch([]int{1,3,5}, 3); fmt.Println(i, ok)`},
	}
	for _, c := range cases {
		var out bytes.Buffer
		i := interp.New(interp.Options{Unrestricted: true, GoPath: GoPath, SourcecodeFilesystem: SourceFS, Stdout: &out, Stderr: &out})
		if err := Use(i, nil, &out); err != nil {
			t.Fatal(err)
		}
		var err error
		for _, part := range c {
			if _, err = i.EvalWithContext(context.Background(), part); err != nil {
				break
			}
		}
		t.Logf("%s\n  => %q err=%v", c, out.String(), err)
	}
}
