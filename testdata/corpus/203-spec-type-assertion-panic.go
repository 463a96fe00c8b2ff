package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered:", r != nil)
	}()
	var i any = "string"
	n := i.(int)
	fmt.Println(n)
}
