package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(math.Abs(-3.2), math.Pow(2, 10), math.Mod(7, 3), math.Trunc(2.7), math.Round(2.5))
	fmt.Println(math.Max(3, 7), math.Min(3, 7), math.Hypot(3, 4), math.Cbrt(27))
	fmt.Printf("%.4f %.4f %.4f\n", math.Pi, math.E, math.Log(math.E))
	fmt.Println(math.MaxInt8, math.MinInt16, uint32(math.MaxUint32))
}
