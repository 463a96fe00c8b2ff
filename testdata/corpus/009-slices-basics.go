package main

import "fmt"

func main() {
	s := []int{1, 2, 3}
	s = append(s, 4, 5)
	fmt.Println(s, len(s))
	t := s[1:3]
	t[0] = 20
	fmt.Println(s, t, len(t), cap(t))
	u := make([]string, 2, 10)
	fmt.Println(len(u), cap(u), u[0] == "")
	var nilSlice []int
	fmt.Println(nilSlice == nil, len(nilSlice))
	fmt.Println(s[:2], s[3:], s[:])
}
