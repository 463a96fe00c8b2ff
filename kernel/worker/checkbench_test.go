package worker

import (
	"fmt"
	"testing"

	"github.com/gojup/gojup/kernel/cell"
)

// BenchmarkCheckAfter50Decls measures the checker's work for `1+1` once 50 declaration
// cells are in the session (it re-checks all session declarations each cell).
func BenchmarkCheckAfter50Decls(b *testing.B) {
	tc := newTypeChecker()
	for i := 0; i < 50; i++ {
		c := cell.Parse(fmt.Sprintf("type T%d struct{ A, B int }\nfunc (t T%d) Sum() int { return t.A + t.B }\nvar v%d = T%d{%d, 2}", i, i, i, i, i))
		if _, ds := tc.Check(nil, c, nil); len(ds) > 0 {
			b.Fatal(ds)
		}
		tc.Done(c, nil, 1, nil)
	}
	c := cell.Parse("1+1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ds := tc.Check(nil, c, nil); len(ds) > 0 {
			b.Fatal(ds)
		}
		tc.Done(c, nil, 1, nil)
	}
}
