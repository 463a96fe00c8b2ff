package main

import "fmt"

const Huge = 1 << 100
const Four int8 = Huge >> 98
const x = 'a' + 1
const f = 5 / 2.0

func main() {
	fmt.Println(Four, x, string(rune(x)), f)
	fmt.Println(Huge / (1 << 97))
	var r rune = 'z'
	var by byte = 'A'
	fmt.Println(r, by, len("héllo"), 1e3)
	const typed float32 = 0.1
	fmt.Println(typed, float64(typed) != 0.1)
}
