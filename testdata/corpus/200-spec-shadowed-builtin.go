package main

import "fmt"

func main() {
	len := func(s string) int { return 42 }
	fmt.Println(len("abc"))
	true := false
	fmt.Println(true)
	min := 3
	fmt.Println(min)
}
