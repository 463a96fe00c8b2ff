package main

import "fmt"

type S struct {
	i  int
	f  float64
	b  bool
	s  string
	p  *int
	sl []int
	m  map[string]int
	ch chan int
	fn func()
	e  error
}

func main() {
	var s S
	fmt.Printf("%v %v %v %q %v %v %v %v %v %v\n", s.i, s.f, s.b, s.s, s.p == nil, s.sl == nil, s.m == nil, s.ch == nil, s.fn == nil, s.e == nil)
	var a [3]string
	fmt.Printf("%q\n", a)
}
