package main

import "fmt"

func main() {
	for i, c := range "aé\xff中" {
		fmt.Printf("%d:%U ", i, c)
	}
	fmt.Println()
	s := "abc"
	for i := 0; i < len(s); i++ {
		fmt.Print(s[i], " ")
	}
	fmt.Println()
}
