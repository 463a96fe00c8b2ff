package main

import "fmt"

type Point3D struct{ x, y, z float64 }
type Line struct{ p, q Point3D }

func main() {
	origin := Point3D{}
	line := Line{origin, Point3D{y: -4, z: 12.3}}
	fmt.Println(origin, line)
	buffer := [10]string{}
	intSet := [6]int{1, 2, 3, 5}
	days := [...]string{"Sat", "Sun"}
	fmt.Println(len(buffer), intSet, len(days))
	primes := []int{2, 3, 5, 7, 9: 11}
	fmt.Println(primes, len(primes))
	pts := []*Point3D{{1, 2, 3}, {y: 1}}
	fmt.Println(*pts[0], *pts[1])
	m := map[string]Point3D{"o": {}, "x": {x: 1}}
	fmt.Println(m)
	vowels := [128]bool{'a': true, 'e': true}
	fmt.Println(vowels['a'], vowels['b'])
}
