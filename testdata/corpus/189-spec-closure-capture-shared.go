package main

import "fmt"

func main() {
	x := 0
	inc := func() { x++ }
	get := func() int { return x }
	inc()
	inc()
	fmt.Println(get(), x)
	fns := map[string]func(){}
	counter := 0
	fns["a"] = func() { counter += 1 }
	fns["b"] = func() { counter += 10 }
	fns["a"]()
	fns["b"]()
	fmt.Println(counter)
}
