package main

import "fmt"

func main() {
	fmt.Printf("[%*d] [%-*d]\n", 5, 42, 4, 7)
	fmt.Printf("[%.*f]\n", 2, 3.14159)
	fmt.Printf("%[2]d %[1]d\n", 1, 2)
	fmt.Printf("%v %d\n", []byte("hi"), []byte("hi"))
	fmt.Printf("%x % x %X\n", "hey", []byte{1, 171}, 3054)
}
