package main

import (
	"fmt"
	"strconv"
	"sync"
)

func show(wg *sync.WaitGroup, out []string, i int, s string) {
	defer wg.Done()
	out[i] = s
}
func main() {
	var wg sync.WaitGroup
	out := make([]string, 3)
	name := "a"
	for i := range 3 {
		wg.Add(1)
		go show(&wg, out, i, name+strconv.Itoa(i))
		name = "b"
	}
	wg.Wait()
	fmt.Println(out)
}
