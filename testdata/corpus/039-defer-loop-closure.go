package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("closure", i) }()
	}
	for i := 0; i < 3; i++ {
		defer func(n int) { fmt.Println("arg", n) }(i)
	}
}
