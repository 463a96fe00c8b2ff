package main

import "fmt"

func main() {
	defer func() {
		fmt.Println("outer recovered:", recover())
	}()
	func() {
		defer func() {
			r := recover()
			fmt.Println("inner recovered:", r)
			panic(fmt.Sprint("re-panic: ", r))
		}()
		panic("first")
	}()
}
