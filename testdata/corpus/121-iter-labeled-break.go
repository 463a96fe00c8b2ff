package main

import "fmt"

func pairs(yield func(int, int) bool) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if !yield(i, j) {
				return
			}
		}
	}
}
func main() {
outer:
	for i := range 3 {
		for a, b := range pairs {
			if a+b == 3 {
				fmt.Println("found", i, a, b)
				continue outer
			}
			if i == 2 {
				break outer
			}
		}
	}
	fmt.Println("end")
}
