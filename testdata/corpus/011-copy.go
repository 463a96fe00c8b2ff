package main

import "fmt"

func main() {
	src := []int{1, 2, 3, 4}
	dst := make([]int, 2)
	n := copy(dst, src)
	fmt.Println(n, dst)
	n = copy(src, src[1:])
	fmt.Println(n, src)
	b := make([]byte, 3)
	copy(b, "hey!")
	fmt.Println(string(b))
}
