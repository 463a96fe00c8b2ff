package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n%2 == 0:
		return "even"
	default:
		return "odd"
	}
}
func main() {
	for _, n := range []int{-1, 2, 3} {
		fmt.Println(classify(n))
	}
	switch x := 5; x {
	case 1, 2, 3:
		fmt.Println("small")
	case 4, 5, 6:
		fmt.Println("medium")
		fallthrough
	case 7:
		fmt.Println("fell through")
	default:
		fmt.Println("big")
	}
}
