package worker

import (
	"regexp"
	"strings"
	"testing"
)

func TestGoroutinesMagic(t *testing.T) {
	p := startWorker(t)
	if r := p.ok("%goroutines"); r.stdout != "No goroutine started by a cell is running.\n" {
		t.Errorf("no goroutines: %q", r.stdout)
	}
	// Cell 2 starts goroutines blocked in different ways; one of them starts another.
	// (They use locals of a function only: yaegi's global frame is not safe for goroutines
	// to read while later cells add globals — the race detector would say so.)
	p.ok(`import (
	"sync"
	"time"
)
type blockers struct {
	ch, out, sel chan int
	mu           sync.Mutex
	wg           sync.WaitGroup
}
func startAll() *blockers {
	b := &blockers{ch: make(chan int), out: make(chan int), sel: make(chan int)}
	b.wg.Add(1)
	b.mu.Lock()
	go func() { <-b.ch }()
	go func() { b.out <- 1 }()
	go func() { time.Sleep(time.Hour) }()
	go func() { b.mu.Lock() }()
	go func() { b.wg.Wait() }()
	go func() { select { case <-b.sel: case <-time.After(time.Hour): } }()
	go func() { go func() { <-b.sel }(); <-b.ch }()
	go func() { go func() { <-b.sel }() }()
	time.Sleep(200 * time.Millisecond) // until all are blocked
	return b
}
b := startAll()`)
	r := p.ok("%goroutines")
	t.Logf("%%goroutines:\n%s", r.stdout)
	if !strings.HasPrefix(r.stdout, "9 goroutine(s) started by cells are alive:\n") {
		t.Errorf("header: %q", r.stdout)
	}
	for _, want := range []string{
		`\[2\] +chan receive`, `\[2\] +chan send`, `\[2\] +sleep +time\.Sleep`,
		`\[2\] +sync\.Mutex\.Lock`, `\[2\] +sync\.WaitGroup\.Wait`, `\[2\] +select`,
	} {
		if !regexp.MustCompile(`(?m)^  \d+ +` + want).MatchString(r.stdout) {
			t.Errorf("no line matching %q", want)
		}
	}
	// A goroutine started by a goroutine of the cell is the cell's while its parent lives;
	// once the parent is gone, its origin is unknown.
	if n, unknown := strings.Count(r.stdout, " [2] "), strings.Count(r.stdout, " ? "); n != 8 || unknown != 1 {
		t.Errorf("%d goroutines attributed to cell 2 and %d to none, want 8 and 1", n, unknown)
	}
	// Unblocking them makes them go away.
	p.ok("func stopAll(b *blockers) {\n\tclose(b.ch)\n\t<-b.out\n\tb.mu.Unlock()\n\tb.wg.Done()\n\tclose(b.sel)\n\ttime.Sleep(50 * time.Millisecond)\n}\nstopAll(b)")
	r = p.ok("%goroutines")
	if !strings.HasPrefix(r.stdout, "1 goroutine(s)") || !strings.Contains(r.stdout, "time.Sleep") {
		t.Errorf("after unblocking: %q", r.stdout)
	}
}
