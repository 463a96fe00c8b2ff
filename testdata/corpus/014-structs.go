package main

import "fmt"

type Point struct {
	X, Y int
}
type Rect struct {
	Min, Max Point
	Name     string
}

func main() {
	p := Point{1, 2}
	q := Point{Y: 5}
	r := Rect{Min: p, Max: Point{3, 4}, Name: "r"}
	fmt.Println(p, q, r)
	fmt.Printf("%+v\n", r)
	pp := &p
	pp.X = 10
	fmt.Println(p.X, p == Point{10, 2})
	anon := struct {
		A int
		B string
	}{1, "b"}
	fmt.Println(anon)
}
