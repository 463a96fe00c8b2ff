package main

import "fmt"

type op func(int, int) int

func compute(f op, a, b int) int { return f(a, b) }
func main() {
	ops := map[string]op{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	names := []string{"add", "mul"}
	for _, n := range names {
		fmt.Println(n, compute(ops[n], 6, 7))
	}
	var f func()
	fmt.Println(f == nil)
}
