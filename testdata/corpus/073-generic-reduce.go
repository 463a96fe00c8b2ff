package main

import "fmt"

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}
func main() {
	sum := Reduce([]int{1, 2, 3}, 0, func(a, x int) int { return a + x })
	cat := Reduce([]string{"a", "b"}, "", func(a string, x string) string { return a + x })
	n := Reduce([]string{"ab", "cde"}, 0, func(a int, s string) int { return a + len(s) })
	fmt.Println(sum, cat, n)
}
