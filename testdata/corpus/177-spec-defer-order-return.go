package main

import "fmt"

func f() (result int) {
	defer func() {
		result *= 7
	}()
	return 6
}
func g() int {
	x := 1
	defer func() { x = 100 }()
	return x
}
func main() {
	fmt.Println(f(), g())
	for i := 0; i < 4; i++ {
		defer fmt.Print(i, " ")
	}
}
