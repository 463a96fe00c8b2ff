package main

import "fmt"

func main() {
	fmt.Println(recover())
	defer func() {
		fmt.Println("no panic:", recover())
	}()
	fmt.Println("body")
}
