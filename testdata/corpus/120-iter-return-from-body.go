package main

import "fmt"

func nums(yield func(int) bool) {
	for i := 1; ; i++ {
		if !yield(i) {
			fmt.Println("iterator stopped at", i)
			return
		}
	}
}
func firstOver(limit int) int {
	for n := range nums {
		if n*n > limit {
			return n
		}
	}
	return -1
}
func main() {
	fmt.Println(firstOver(50))
}
