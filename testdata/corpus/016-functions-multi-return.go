package main

import "fmt"

func divmod(a, b int) (int, int) { return a / b, a % b }
func named(a, b int) (sum, diff int) {
	sum = a + b
	diff = a - b
	return
}
func variadic(prefix string, nums ...int) int {
	t := 0
	for _, n := range nums {
		t += n
	}
	fmt.Println(prefix, len(nums))
	return t
}
func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	fmt.Println(named(5, 3))
	fmt.Println(variadic("a"), variadic("b", 1, 2, 3))
	xs := []int{4, 5}
	fmt.Println(variadic("c", xs...))
}
