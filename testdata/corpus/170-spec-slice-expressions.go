package main

import "fmt"

func main() {
	a := [5]int{1, 2, 3, 4, 5}
	s := a[1:4]
	fmt.Println(s, len(s), cap(s))
	t := s[2:4]
	fmt.Println(t)
	u := a[1:3:4]
	fmt.Println(u, cap(u))
	str := "hello"
	fmt.Println(str[1:3], str[:0] == "")
	var p *[5]int = &a
	fmt.Println(p[2:])
}
