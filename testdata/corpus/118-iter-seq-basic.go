package main

import (
	"fmt"
	"iter"
)

func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}
func main() {
	for v := range Count(4) {
		fmt.Print(v, " ")
	}
	fmt.Println()
	for v := range Count(100) {
		if v == 3 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
}
