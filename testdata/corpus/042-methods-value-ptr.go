package main

import "fmt"

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }
func (r *Rect) Scale(f float64) {
	r.W *= f
	r.H *= f
}
func main() {
	r := Rect{2, 3}
	fmt.Println(r.Area())
	r.Scale(2)
	fmt.Println(r, r.Area())
	p := &r
	p.Scale(0.5)
	fmt.Println(p.Area(), (*p).Area())
}
