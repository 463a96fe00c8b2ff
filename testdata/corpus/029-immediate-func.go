package main

import "fmt"

func main() {
	x := func(a int) int { return a * 3 }(4)
	fmt.Println(x)
	func() {
		fmt.Println("iife")
	}()
	res := func() (s string) {
		defer func() { s += "!" }()
		return "hi"
	}()
	fmt.Println(res)
}
