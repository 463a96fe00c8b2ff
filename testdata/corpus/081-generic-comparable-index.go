package main

import "fmt"

func Index[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

type P struct{ X, Y int }

func main() {
	fmt.Println(Index([]string{"a", "b", "c"}, "c"))
	fmt.Println(Index([]P{{1, 2}, {3, 4}}, P{3, 4}))
	fmt.Println(Index([]float64{1.5}, 2))
}
