package cell

import (
	"slices"
	"strings"
	"testing"
)

func TestHoist(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // first line of each part, in evaluation order
	}{
		{"func used above", "g()\nfunc g() {}", []string{"func g() {}", "g()"}},
		{"type used above", "var v T\ntype T int", []string{"type T int", "var v T"}},
		{"imports first", "x := 1\nimport \"fmt\"\nfmt.Println(x)", []string{`import "fmt"`, "x := 1", "fmt.Println(x)"}},
		{"func using a cell variable stays", "x := 5\nfunc show() int { return x }\nshow()", []string{"x := 5", "func show() int { return x }", "show()"}},
		{"func using a cell var decl stays", "var n = 2\nfunc twice() int { return 2 * n }\ntwice()", []string{"var n = 2", "func twice() int { return 2 * n }", "twice()"}},
		{"const hoisted", "fmt.Println(K)\nconst K = 3", []string{"const K = 3", "fmt.Println(K)"}},
		{"vars keep order", "a := 1\nvar b = a\nb", []string{"a := 1", "var b = a", "b"}},
	}
	for _, tt := range tests {
		parts, _, err := Split(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, p := range Hoist(parts) {
			first, _, _ := strings.Cut(p.Src, "\n")
			got = append(got, first)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: order %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestVarNamesAndDefinedNames(t *testing.T) {
	tests := []struct {
		src  string
		want []string
		fn   func(string) []string
	}{
		{"var a, b int", []string{"a", "b"}, varNames},
		{"var x = f(a, b)", []string{"x"}, varNames},
		{"var (\n\tx = 1\n\ty, z T\n)", []string{"x", "y", "z"}, varNames},
		{"var m = map[string]int{\"a\": 1}", []string{"m"}, varNames},
		{"a, b := 1, 2", []string{"a", "b"}, definedNames},
		{"x = 3", nil, definedNames},
		{"f(a, b)", nil, definedNames},
		{"m[k] = v", nil, definedNames},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.src); !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
	}
}
