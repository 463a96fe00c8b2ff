package main

import "fmt"

func main() {
	m := map[int]bool{1: true, 2: true, 3: true, 4: true}
	for k := range m {
		if k%2 == 0 {
			delete(m, k)
		}
	}
	fmt.Println(len(m), m)
}
