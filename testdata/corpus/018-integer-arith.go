package main

import "fmt"

func main() {
	a, b := 7, -2
	fmt.Println(a/b, a%b, -7/2, -7%2)
	var u uint8 = 250
	u += 10
	fmt.Println(u)
	var i8 int8 = 127
	i8++
	fmt.Println(i8)
	fmt.Println(1<<10, 0xff, 0o17, 0b101, 1_000_000)
	fmt.Println(6&3, 6|3, 6^3, 6&^3, ^0)
	x := 10
	x <<= 2
	x >>= 1
	fmt.Println(x)
}
