package main

import (
	"fmt"
	"math/big"
)

func main() {
	a := new(big.Int)
	a.SetString("123456789012345678901234567890", 10)
	b := big.NewInt(987654321)
	c := new(big.Int).Mul(a, b)
	fmt.Println(c)
	f := new(big.Int).MulRange(1, 30)
	fmt.Println(f)
}
