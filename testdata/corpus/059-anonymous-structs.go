package main

import "fmt"

func main() {
	points := []struct {
		Name string
		X, Y int
	}{
		{"a", 1, 2},
		{"b", 3, 4},
	}
	for _, p := range points {
		fmt.Println(p.Name, p.X+p.Y)
	}
	cfg := struct {
		Debug bool
		Level int
	}{Level: 3}
	fmt.Printf("%+v\n", cfg)
}
