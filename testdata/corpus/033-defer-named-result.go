package main

import "fmt"

func double(x int) (r int) {
	defer func() { r *= 2 }()
	return x + 1
}
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("recovered: %v", e)
		}
	}()
	q = a / b
	return
}
func main() {
	fmt.Println(double(3))
	fmt.Println(safeDiv(10, 2))
	fmt.Println(safeDiv(1, 0))
}
