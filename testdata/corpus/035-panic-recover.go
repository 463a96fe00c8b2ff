package main

import "fmt"

func mayPanic(n int) {
	if n > 2 {
		panic(fmt.Sprintf("too big: %d", n))
	}
	fmt.Println("ok", n)
}
func try(n int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	mayPanic(n)
	fmt.Println("after", n)
}
func main() {
	try(1)
	try(3)
	fmt.Println("end")
}
