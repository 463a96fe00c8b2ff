package main

import "fmt"

func idx(s []int, i int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return s[i], nil
}
func main() {
	fmt.Println(idx([]int{1, 2, 3}, 1))
	fmt.Println(idx([]int{1, 2, 3}, 5))
	var m map[string]int
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		m["a"] = 1
	}()
}
