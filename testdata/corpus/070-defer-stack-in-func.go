package main

import "fmt"

func process(items []string) {
	fmt.Println("start", len(items))
	for _, it := range items {
		defer fmt.Println("cleanup", it)
	}
	fmt.Println("end")
}
func main() {
	process([]string{"a", "b", "c"})
	process(nil)
}
