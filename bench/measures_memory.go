package main

// Kernel + worker memory, idle and after many cells (the leak check).

import (
	"context"
	"fmt"
	"time"
)

// leakCells returns the i-th cell of the 1,000-cell memory run.
func leakCell(k *kind, i int) string {
	if k == gojupKind {
		switch i % 4 {
		case 0:
			return fmt.Sprintf("acc += %d", i)
		case 1:
			return fmt.Sprintf("fmt.Println(\"cell\", %d, acc)", i)
		case 2:
			return fmt.Sprintf("len(strings.Repeat(\"x\", %d))", 1000+i)
		}
		return fmt.Sprintf("func() int { return %d * 2 }()", i)
	}
	switch i % 4 {
	case 0:
		return fmt.Sprintf("acc += %d", i)
	case 1:
		return fmt.Sprintf("print(\"cell\", %d, acc)", i)
	case 2:
		return fmt.Sprintf("len(\"x\" * %d)", 1000+i)
	}
	return fmt.Sprintf("(lambda: %d * 2)()", i)
}

// measureMemory: kernel + worker RSS idle and after 1,000 cells.
func (s *suite) measureMemory(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	setup := map[*kind]string{gojupKind: "import (\n\t\"fmt\"\n\t\"strings\"\n)\nvar acc int", ipyKind: "acc = 0"}
	for k, p := range ps {
		if _, err := execute(ctx, p, setup[k]); err != nil {
			return err
		}
		if _, err := checkReady(p, 10*time.Second); err != nil {
			return err
		}
	}
	heapBefore := workerHeap(ctx, ps[gojupKind])
	time.Sleep(time.Second)
	idle, after, growth := newPair("MB"), newPair("MB"), newPair("KB/cell")
	before, beforeSelf := map[*kind]int64{}, map[*kind]int64{}
	for k, p := range ps {
		self, t := treeRSS(p.Pid())
		before[k], beforeSelf[k] = t, self
		idle[k].Vals = append(idle[k].Vals, float64(t)/1e6)
		idle[k].Note = fmt.Sprintf("%d processes", len(tree(p.Pid())))
	}
	fails := map[*kind]int{}
	for i := range s.cfg.leakCells {
		for _, k := range order(i) {
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			t, err := execute(rctx, ps[k], leakCell(k, i))
			cancel()
			if err != nil || t.res.Status != "ok" {
				fails[k]++
			}
		}
	}
	heapAfter := workerHeap(ctx, ps[gojupKind])
	time.Sleep(time.Second)
	for k, p := range ps {
		self, t := treeRSS(p.Pid())
		after[k].Vals = append(after[k].Vals, float64(t)/1e6)
		growth[k].Note = fmt.Sprintf("kernel process %.1f → %.1f MB, children %.1f → %.1f MB",
			float64(beforeSelf[k])/1e6, float64(self)/1e6, float64(before[k]-beforeSelf[k])/1e6, float64(t-self)/1e6)
		growth[k].Vals = append(growth[k].Vals, float64(t-before[k])/1e3/float64(s.cfg.leakCells))
		if fails[k] > 0 {
			after[k].Note = fmt.Sprintf("%d cells failed", fails[k])
		}
	}
	growth[gojupKind].Note += fmt.Sprintf("; worker Go heap in use after GC (runtime.MemStats.HeapAlloc, read by a cell) %s → %s MB",
		fmtNum(heapBefore), fmtNum(heapAfter))
	s.add(row{Measure: "kernel + idle worker RSS (sum over the process tree, /proc)", Stat: "max", S: idle, Budget: "≤ 80 MB", Limit: 80})
	s.add(row{Measure: fmt.Sprintf("kernel + worker RSS after %d more cells", s.cfg.leakCells), Stat: "max", S: after, Budget: "≤ 80 MB (same budget)", Limit: 80})
	s.add(row{Measure: "RSS growth per cell over those cells (leak check)", Stat: "max", S: growth, Budget: "—", Limit: noLimit})
	return nil
}

// timeline cells: a lesson-like workload (4 workers, a channel, a mutex, a sleep), and the
// timeline cells of the lesson notebooks (copied from notebooks/src; the functions they
// call are defined by timelineSetup as in the notebooks).
const timelineSetup = `import (
	"fmt"
	"sync"
	"time"

	"github.com/gojup/gojup/display"
)

func lessonWork() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ch := make(chan int)
	total := 0
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range ch {
				mu.Lock()
				total += v
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < 2000; i++ {
		ch <- i
	}
	close(ch)
	wg.Wait()
	time.Sleep(50 * time.Millisecond)
}

// notebooks 00: the same kitchen, scheduler view
func kitchen() {
	var wg sync.WaitGroup
	for _, cook := range []string{"Ann", "Bo"} {
		wg.Add(1)
		display.Go(cook, func() {
			defer wg.Done()
			time.Sleep(100 * time.Millisecond)
		})
	}
	wg.Wait()
}

// notebook 04
func work(d time.Duration) { time.Sleep(d) }

// notebook 05
func lockedBalance(n int) int {
	balance := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			mu.Lock()
			balance++
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			mu.Lock()
			balance--
			mu.Unlock()
		}
	}()
	wg.Wait()
	return balance
}`

const replyCell = `reply := make(chan string)
go func() {
	time.Sleep(50 * time.Millisecond)
	reply <- "hello from a goroutine"
}()
fmt.Println(<-reply)`

const joinCell = `squares := make(chan int)
for i := 1; i <= 4; i++ {
	go func(n int) {
		work(time.Duration(50*n) * time.Millisecond)
		squares <- n * n
	}(i)
}
total := 0
for i := 0; i < 4; i++ {
	total += <-squares
}
fmt.Println("sum of squares:", total)`

// timelineWorkload is a cell measured without and with tracing.
type timelineWorkload struct {
	name, plain, traced string
	lesson              bool // a lesson notebook's own timeline cell
}

var timelineWorkloads = []timelineWorkload{
	{"lesson-like cell: 4 receivers, 2000 channel sends, a mutex, 50 ms sleep (`display.Trace`)", "lessonWork()", `display.Trace("lesson", lessonWork)`, false},
	{"notebook 00: two cooks sleeping 100 ms (`display.Trace`)", "kitchen()", `display.Trace("kitchen", kitchen)`, true},
	{"notebook 00: a reply through a channel after 50 ms (`%%timeline`)", replyCell, "%%timeline a whole cell, recorded\n" + replyCell, true},
	{"notebook 04: four workers of 50–200 ms joined through a channel (`%%timeline`)", joinCell, "%%timeline joining through a channel\n" + joinCell, true},
	{"notebook 05: two goroutines fighting over one mutex, 20000 locks each (`display.Trace`)", "lockedBalance(20000)", `display.Trace("mutex", func() { lockedBalance(20000) })`, true},
}
