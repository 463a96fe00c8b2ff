package main

import "fmt"

func main() {
	for i := range 5 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	n := 3
	for i := range n {
		fmt.Print(i*10, " ")
	}
	fmt.Println()
	count := 0
	for range 4 {
		count++
	}
	fmt.Println(count)
	var u uint8 = 3
	for i := range u {
		fmt.Printf("%T %v;", i, i)
	}
	fmt.Println()
}
