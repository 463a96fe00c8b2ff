package main

import "fmt"

func counter() func() int {
	c := 0
	return func() int {
		c++
		return c
	}
}
func main() {
	a, b := counter(), counter()
	fmt.Println(a(), a(), a(), b())
	adders := make([]func(int) int, 0)
	for _, d := range []int{1, 10} {
		adders = append(adders, func(x int) int { return x + d })
	}
	fmt.Println(adders[0](5), adders[1](5))
}
