package main

import "fmt"

func sign(x int) string {
	if x < 0 {
		return "neg"
	} else if x == 0 {
		return "zero"
	} else {
		return "pos"
	}
}
func main() {
	for _, v := range []int{-3, 0, 5} {
		fmt.Println(v, sign(v))
	}
	if n := len("abc"); n > 2 {
		fmt.Println("long", n)
	}
}
