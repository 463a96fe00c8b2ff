package worker

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

func TestTmpLatency(t *testing.T) {
	p := startWorker(t)
	r := p.ok("1+1")
	t.Logf("first 1+1: %v", r.elapsed)
	r = p.ok("import \"fmt\"\nfmt.Sprint(1)")
	t.Logf("first fmt: %v", r.elapsed)
	for i := 0; i < 50; i++ {
		p.ok(fmt.Sprintf("type T%d struct{ N int }\nfunc (t T%d) Get() int { return t.N + %d }\nconst C%d = %d\nv%d := T%d{C%d}\nfmt.Sprint(v%d)", i, i, i, i, i, i, i, i, i))
	}
	var ds []time.Duration
	for i := 0; i < 100; i++ {
		ds = append(ds, p.ok("1+1").elapsed)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Logf("after 50 cells, 1+1 median %v", ds[50])
}
