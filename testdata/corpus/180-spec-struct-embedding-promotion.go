package main

import "fmt"

type Inner struct{ X int }

func (i Inner) Double() int { return i.X * 2 }
func (i *Inner) Set(x int)  { i.X = x }

type Middle struct{ Inner }
type Outer struct {
	*Middle
	Y int
}

func main() {
	o := Outer{&Middle{Inner{2}}, 3}
	fmt.Println(o.X, o.Double(), o.Inner.X)
	o.Set(10)
	fmt.Println(o.X, o.Middle.Inner.Double())
}
