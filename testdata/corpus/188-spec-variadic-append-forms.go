package main

import "fmt"

func main() {
	s0 := []int{0, 0}
	s1 := append(s0, 2)
	s2 := append(s1, 3, 5, 7)
	s3 := append(s2, s0...)
	fmt.Println(s1, s2, s3)
	var t []any
	t = append(t, 42, 3.1415, "foo")
	fmt.Println(t)
	var b []byte
	b = append(b, "bar"...)
	fmt.Println(string(b))
}
