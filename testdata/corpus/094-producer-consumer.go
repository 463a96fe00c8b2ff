package main

import "fmt"

func produce(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
}
func square(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * v
	}
	close(out)
}
func main() {
	a := make(chan int)
	b := make(chan int)
	go produce(5, a)
	go square(a, b)
	for v := range b {
		fmt.Print(v, " ")
	}
	fmt.Println()
}
