package main

import (
	"fmt"
	"slices"
)

func main() {
	s := []int{3, 1, 2}
	slices.Sort(s)
	fmt.Println(s, slices.Contains(s, 2), slices.Index(s, 3))
	slices.Reverse(s)
	fmt.Println(slices.Max(s), slices.Min(s), s)
}
