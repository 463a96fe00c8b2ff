package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var n int64
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&n, 2)
		}()
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt64(&n))
	var c atomic.Int32
	c.Add(5)
	c.Store(c.Load() + 1)
	fmt.Println(c.Load())
}
