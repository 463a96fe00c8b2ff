package main

import "fmt"

func main() {
	var s []int
	for range s {
		fmt.Println("never")
	}
	s = append(s, 1)
	fmt.Println(s, len(s))
	var m map[string]int
	for range m {
		fmt.Println("never")
	}
	fmt.Println(m["missing"], len(m))
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	m["x"] = 1
}
