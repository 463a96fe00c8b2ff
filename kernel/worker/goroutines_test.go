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
	p.ok(`import (
	"sync"
	"time"
)
ch := make(chan int)
out := make(chan int)
var mu sync.Mutex
var wg sync.WaitGroup
wg.Add(1)
mu.Lock()
go func() { <-ch }()
go func() { out <- 1 }()
go func() { time.Sleep(time.Hour) }()
go func() { mu.Lock() }()
go func() { wg.Wait() }()
sel := make(chan int)
go func() { select { case <-sel: case <-time.After(time.Hour): } }()
go func() { go func() { <-sel }(); <-ch }()
go func() { go func() { <-sel }() }()`)
	p.ok("time.Sleep(20 * time.Millisecond)")
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
	p.ok("close(ch)\n<-out\nmu.Unlock()\nwg.Done()\nclose(sel)\ntime.Sleep(20 * time.Millisecond)")
	r = p.ok("%goroutines")
	if !strings.HasPrefix(r.stdout, "1 goroutine(s)") || !strings.Contains(r.stdout, "time.Sleep") {
		t.Errorf("after unblocking: %q", r.stdout)
	}
}
