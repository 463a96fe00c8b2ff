package main

import "fmt"

func trace(s string) string {
	fmt.Println("enter", s)
	return s
}
func un(s string) { fmt.Println("leave", s) }
func a() {
	defer un(trace("a"))
	fmt.Println("in a")
}
func main() {
	x := 1
	defer fmt.Println("x at defer:", x)
	x = 2
	a()
	fmt.Println("x now:", x)
}
