package main

import "fmt"

type Shape interface {
	Area() float64
	Perimeter() float64
}
type Sq struct{ S float64 }
type Circ struct{ R float64 }

func (s Sq) Area() float64        { return s.S * s.S }
func (s Sq) Perimeter() float64   { return 4 * s.S }
func (c Circ) Area() float64      { return 3 * c.R * c.R }
func (c Circ) Perimeter() float64 { return 6 * c.R }
func main() {
	shapes := []Shape{Sq{2}, Circ{1}, Sq{3}}
	total := 0.0
	for _, s := range shapes {
		fmt.Println(s.Area(), s.Perimeter())
		total += s.Area()
	}
	fmt.Println(total)
}
