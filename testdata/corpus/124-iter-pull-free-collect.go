package main

import (
	"fmt"
	"iter"
	"slices"
)

func Squares(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if !yield(i * i) {
				return
			}
		}
	}
}
func main() {
	var got []int
	for v := range Squares(5) {
		got = append(got, v)
	}
	fmt.Println(got)
	fmt.Println(slices.Collect(Squares(3)))
}
