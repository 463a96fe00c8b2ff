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

// timeline cells: a lesson-like workload (4 workers, a channel, a mutex, a sleep).
const (
	timelineSetup = "import (\n\t\"sync\"\n\t\"time\"\n\t\"github.com/gojup/gojup/display\"\n)\n" +
		"func lessonWork() {\n\tvar wg sync.WaitGroup\n\tvar mu sync.Mutex\n\tch := make(chan int)\n\ttotal := 0\n" +
		"\tfor w := 0; w < 4; w++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfor v := range ch {\n" +
		"\t\t\t\tmu.Lock()\n\t\t\t\ttotal += v\n\t\t\t\tmu.Unlock()\n\t\t\t}\n\t\t}()\n\t}\n" +
		"\tfor i := 0; i < 2000; i++ {\n\t\tch <- i\n\t}\n\tclose(ch)\n\twg.Wait()\n\ttime.Sleep(50 * time.Millisecond)\n}"
	timelinePlain  = "lessonWork()"
	timelineTraced = "display.Trace(\"lesson\", lessonWork)"
)
