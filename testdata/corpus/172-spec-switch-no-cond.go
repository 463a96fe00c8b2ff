package main

import "fmt"

func grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	}
	return "F"
}
func main() {
	for _, s := range []int{95, 85, 72, 10} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
	switch x := 3; {
	case x > 2:
		fmt.Println("big")
		fallthrough
	case x > 100:
		fmt.Println("fallthrough ran")
	default:
		fmt.Println("default")
	}
}
