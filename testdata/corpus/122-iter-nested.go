package main

import "fmt"

func upto(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}
func search() (int, int, bool) {
	for a := range upto(5) {
		for b := range upto(5) {
			if a*b == 12 {
				return a, b, true
			}
		}
	}
	return 0, 0, false
}
func main() {
	fmt.Println(search())
}
