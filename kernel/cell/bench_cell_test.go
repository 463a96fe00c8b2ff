package cell_test

import (
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/cell"
)

// cell50 is a 50-line lesson-like cell: imports, a type, funcs and statements mixed.
var cell50 = strings.TrimSpace(`
import (
	"fmt"
	"strings"
	"sync"
	"time"
)

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k]++
}

func worker(id int, jobs <-chan string, c *counter, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		c.add(strings.ToLower(j))
		time.Sleep(time.Millisecond)
	}
	_ = id
}

const workers = 4

c := &counter{n: map[string]int{}}
jobs := make(chan string)
var wg sync.WaitGroup
for i := 0; i < workers; i++ {
	wg.Add(1)
	go worker(i, jobs, c, &wg)
}
words := []string{"Go", "go", "GO", "Jupyter", "kernel", "Kernel"}
for _, w := range words {
	jobs <- w
}
close(jobs)
wg.Wait()
for k, v := range c.n {
	fmt.Println(k, v)
}
start := time.Now()
fmt.Println(time.Since(start) < time.Second)
fmt.Println("done")
_ = words
len(c.n)
`)

// BenchmarkSplit50 measures cell.Split on a 50-line mixed cell.
func BenchmarkSplit50(b *testing.B) {
	if n := strings.Count(cell50, "\n") + 1; n != 50 {
		b.Fatalf("cell has %d lines, want 50", n)
	}
	b.SetBytes(int64(len(cell50)))
	for b.Loop() {
		if _, _, err := cell.Split(cell50); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse50 measures cell.Parse (magics + split) on the same cell.
func BenchmarkParse50(b *testing.B) {
	b.SetBytes(int64(len(cell50)))
	for b.Loop() {
		if c := cell.Parse(cell50); c.ScanErr != nil {
			b.Fatal(c.ScanErr)
		}
	}
}
