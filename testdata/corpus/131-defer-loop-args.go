package main

import "fmt"

func main() {
	for i := range 3 {
		defer fmt.Println("range-int defer", i)
	}
	s := []string{"a", "b"}
	for _, v := range s {
		defer func(x string) { fmt.Println("arg", x) }(v)
	}
	fmt.Println("main body")
}
