package main

import "fmt"

func Zero[T any]() T {
	var z T
	return z
}
func Convert[To, From int | float64](f From) To { return To(f) }
func main() {
	fmt.Printf("%q %v %v\n", Zero[string](), Zero[int](), Zero[*int]() == nil)
	fmt.Println(Convert[int](3.7), Convert[float64, int](2))
}
