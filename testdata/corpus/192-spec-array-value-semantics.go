package main

import "fmt"

func modify(a [3]int)     { a[0] = 100 }
func modifyPtr(a *[3]int) { a[0] = 100 }
func main() {
	a := [3]int{1, 2, 3}
	modify(a)
	fmt.Println(a)
	modifyPtr(&a)
	fmt.Println(a)
	b := a
	b[1] = 50
	fmt.Println(a, b)
	for i, v := range a {
		a[2] = 999
		if i == 2 {
			fmt.Println("range copy:", v)
		}
	}
}
