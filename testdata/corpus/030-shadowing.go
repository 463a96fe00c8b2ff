package main

import (
	"fmt"
	"strconv"
)

var x = "global"

func main() {
	fmt.Println(x)
	x := "local"
	fmt.Println(x)
	{
		x := "inner"
		fmt.Println(x)
	}
	if x := 5; x > 3 {
		fmt.Println("if", x)
	}
	fmt.Println(x)
	err := error(nil)
	if true {
		_, err := strconv.Atoi("x")
		fmt.Println(err != nil)
	}
	fmt.Println(err == nil)
}
