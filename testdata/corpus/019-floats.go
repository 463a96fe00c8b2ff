package main

import (
	"fmt"
	"math"
)

func main() {
	x := 0.1 + 0.2
	fmt.Println(x, x == 0.3)
	fmt.Printf("%.2f %e %g\n", 3.14159, 1234.5678, 0.000012)
	fmt.Println(math.Sqrt(2), math.Floor(-1.5), math.Inf(1), math.MaxInt64)
	var f32 float32 = 1.1
	fmt.Println(f32, float64(f32) == 1.1)
	fmt.Println(7/2, 7/2.0, float64(7)/2)
	fmt.Println(math.IsNaN(math.NaN()), math.NaN() == math.NaN())
}
