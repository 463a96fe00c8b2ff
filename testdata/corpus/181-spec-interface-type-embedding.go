package main

import "fmt"

type Named interface{ Name() string }
type Aged interface{ Age() int }
type Person interface {
	Named
	Aged
}
type emp struct {
	n string
	a int
}

func (e emp) Name() string { return e.n }
func (e emp) Age() int     { return e.a }
func main() {
	var p Person = emp{"ann", 40}
	var n Named = p
	fmt.Println(p.Name(), p.Age(), n.Name())
	if a, ok := n.(Aged); ok {
		fmt.Println("also aged", a.Age())
	}
}
