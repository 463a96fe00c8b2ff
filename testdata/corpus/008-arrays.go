package main

import "fmt"

func main() {
	var a [5]int
	a[2] = 7
	b := [...]string{"x", "y", "z"}
	c := a
	c[0] = 1
	fmt.Println(a, b, c, len(b))
	m := [2][3]int{{1, 2, 3}, {4, 5, 6}}
	fmt.Println(m, m[1][2])
	fmt.Println(a == c, [2]int{1, 2} == [2]int{1, 2})
}
