package main

import "fmt"

func Max[T int | float64 | string](first T, rest ...T) T {
	m := first
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}
func Concat[T any](slices ...[]T) []T {
	var out []T
	for _, s := range slices {
		out = append(out, s...)
	}
	return out
}
func main() {
	fmt.Println(Max(3, 9, 2), Max("b", "a", "c"), Max(1.5))
	fmt.Println(Concat([]int{1}, []int{2, 3}, nil))
}
