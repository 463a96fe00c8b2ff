package main

import "fmt"

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2))
	x, y := 2.5, -1.0
	fmt.Println(min(x, y), max(x, y, 10))
	fmt.Println(min("b", "a", "c"), max("go", "golang"))
	const c = max(1, 2.5)
	fmt.Println(c)
	var i8 int8 = 5
	fmt.Println(min(i8, 3), max(i8, 100))
	n := 7
	fmt.Println(min(n, 10), max(n, 0))
}
