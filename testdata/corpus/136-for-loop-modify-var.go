package main

import "fmt"

func main() {
	for i := 0; i < 10; i++ {
		if i == 2 {
			i += 3
		}
		fmt.Print(i, " ")
	}
	fmt.Println()
	var fs []func()
	for i := 0; i < 6; i += 2 {
		fs = append(fs, func() { fmt.Print(i, " ") })
	}
	for _, f := range fs {
		f()
	}
	fmt.Println()
}
