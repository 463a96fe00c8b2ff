package main

import (
	"errors"
	"fmt"
)

func f(n int) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprintf("recovered %v (%T)", r, r)
		}
	}()
	switch n {
	case 0:
		panic(42)
	case 1:
		panic(errors.New("an error"))
	case 2:
		var a []int
		_ = a[3]
	}
	return "normal"
}
func main() {
	for i := 0; i < 4; i++ {
		fmt.Println(f(i))
	}
}
