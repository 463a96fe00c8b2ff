package main

import "fmt"

type MyInt int
type IntSlice []int

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
func main() {
	var mi MyInt = 5
	i := int(mi) + 1
	fmt.Println(mi, i)
	is := IntSlice{1, 2, 3}
	fmt.Println(sum(is))
	var f func(int) int = func(x int) int { return x * 2 }
	fmt.Println(f(4))
	var ch <-chan int = make(chan int)
	fmt.Printf("%T\n", ch)
}
