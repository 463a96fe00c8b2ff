package typecheck

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// cell50 is a 50-line cell typical of the lessons: imports, a type with
// methods, goroutines, channels, a mutex, maps and slices.
func cell50() string {
	var b strings.Builder
	b.WriteString("import (\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n\t\"sync\"\n\t\"time\"\n)\n\n")
	b.WriteString("type Counter struct {\n\tmu sync.Mutex\n\tn  map[string]int\n}\n\n")
	b.WriteString("func (c *Counter) Inc(k string) {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.n[k]++\n}\n\n")
	b.WriteString("c := &Counter{n: map[string]int{}}\nvar wg sync.WaitGroup\nch := make(chan string, 10)\n")
	for i := 0; b.Len() < 1400 || strings.Count(b.String(), "\n") < 44; i++ {
		fmt.Fprintf(&b, "wg.Add(1)\ngo func(id int) { defer wg.Done(); c.Inc(strings.ToUpper(fmt.Sprint(id))); ch <- time.Now().String() }(%d)\n", i)
	}
	b.WriteString("wg.Wait()\nkeys := make([]string, 0, len(c.n))\nfor k := range c.n {\n\tkeys = append(keys, k)\n}\nsort.Strings(keys)\nfmt.Println(keys, len(ch))\n")
	return b.String()
}

func BenchmarkCheck50Lines(b *testing.B) {
	s := NewSession(nil)
	for i := 0; i < 10; i++ { // a session with some history
		res, err := s.Check(fmt.Sprintf("import \"fmt\"\ntype T%d struct{ A, B int }\nfunc (t T%d) Sum() int { return t.A + t.B }\nv%d := T%d{1, 2}\nfmt.Println(v%d.Sum())", i, i, i, i, i))
		if err != nil {
			b.Fatal(err)
		}
		s.Commit(res)
	}
	src := cell50()
	b.Logf("cell has %d lines", strings.Count(src, "\n")+1)
	if _, err := s.Check(src); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := s.Check(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImporterMemory reports the heap the embedded export data costs:
// the index of all packages, and after importing every package.
func BenchmarkImporterMemory(b *testing.B) {
	for range b.N {
		var m0, m1, m2 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		imp := NewImporter()
		paths := imp.Packages()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		for _, p := range paths {
			if _, err := imp.Import(p); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&m2)
		b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/1e6, "MB-index")
		b.ReportMetric(float64(m2.HeapAlloc-m0.HeapAlloc)/1e6, "MB-all-imported")
		b.ReportMetric(float64(len(exportData))/1e6, "MB-embedded")
		runtime.KeepAlive(imp)
	}
}

// BenchmarkFirstCheck is the cost of the first cell of a session: decoding
// the export data index and importing fmt.
func BenchmarkFirstCheck(b *testing.B) {
	for range b.N {
		s := NewSession(NewImporter())
		if _, err := s.Check("import \"fmt\"\nfmt.Println(1)"); err != nil {
			b.Fatal(err)
		}
	}
}
