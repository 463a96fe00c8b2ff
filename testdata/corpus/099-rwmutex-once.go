package main

import (
	"fmt"
	"sync"
)

func main() {
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("init", i) })
	}
	var rw sync.RWMutex
	data := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rw.Lock()
			data[i] = i
			rw.Unlock()
		}(i)
	}
	wg.Wait()
	rw.RLock()
	fmt.Println(len(data), data[4])
	rw.RUnlock()
}
