package main

import (
	"fmt"
	"math"
)

func main() {
	nan := math.NaN()
	fmt.Println(min(1.0, nan), max(nan, 2.0))
	fmt.Println(min(math.Inf(-1), 0), max(math.Inf(1), 0))
}
