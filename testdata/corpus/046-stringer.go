package main

import (
	"fmt"
	"strconv"
)

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string {
	return [...]string{"Red", "Green", "Blue"}[c]
}

type Pair struct {
	K string
	V int
}

func (p Pair) String() string { return p.K + "=" + strconv.Itoa(p.V) }
func main() {
	fmt.Println(Red, Blue)
	fmt.Printf("%v %s %d\n", Green, Green, Green)
	fmt.Println([]Color{Blue, Red})
	fmt.Println(Pair{"a", 1}, &Pair{"b", 2})
	s := fmt.Sprint(Pair{"c", 3})
	fmt.Println(s)
}
