package main

import (
	"fmt"
	"math"
)

func main() {
	var x uint8 = 255
	x++
	var y int8 = -128
	y--
	var z uint = 0
	z--
	fmt.Println(x, y, z == math.MaxUint)
	a := math.MaxInt32
	var b int32 = int32(a)
	b++
	fmt.Println(b)
}
