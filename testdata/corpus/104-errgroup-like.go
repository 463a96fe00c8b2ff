package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			if id == 1 {
				errs <- fmt.Errorf("task %d failed", id)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Println(err)
	}
}
