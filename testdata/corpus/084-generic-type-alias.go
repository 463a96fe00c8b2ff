package main

import "fmt"

type Vec[T any] = []T
type IntVec = Vec[int]

func main() {
	var v IntVec = []int{1, 2}
	v = append(v, 3)
	fmt.Println(v, len(v))
}
