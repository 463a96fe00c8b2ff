package main

import "fmt"

const Pi = 3.14159
const (
	A = iota
	B
	C
	_
	E
)

type Weekday int

const (
	Sunday Weekday = iota
	Monday
)

func main() {
	var x int
	var y, z = 1, "two"
	w := 2.5
	fmt.Println(x, y, z, w, Pi, A, B, C, E, Sunday, Monday)
	const big = 1 << 100
	fmt.Println(big >> 98)
}
