package main

import "fmt"

func main() {
	a := make([]int, 3, 4)
	b := append(a, 1)
	c := append(a, 2)
	fmt.Println(a, b, c)
	d := []int{1, 2, 3}
	e := append(d, 4)
	e[0] = 100
	fmt.Println(d, e)
	f := d[0:2:2]
	f = append(f, 9)
	fmt.Println(d, f)
}
