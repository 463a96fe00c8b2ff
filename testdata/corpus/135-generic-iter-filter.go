package main

import (
	"fmt"
	"iter"
)

func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}
func Range(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}
func main() {
	for v := range Filter(Range(10), func(n int) bool { return n%3 == 0 }) {
		fmt.Print(v, " ")
	}
	fmt.Println()
}
