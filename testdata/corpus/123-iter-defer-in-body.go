package main

import "fmt"

func three(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		if !yield(i) {
			return
		}
	}
}
func run() {
	for v := range three {
		defer fmt.Println("deferred", v)
	}
	fmt.Println("loop done")
}
func main() {
	run()
	fmt.Println("after run")
}
