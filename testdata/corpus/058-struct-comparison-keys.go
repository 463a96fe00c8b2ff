package main

import "fmt"

type Key struct {
	X, Y int
}

func main() {
	grid := map[Key]string{}
	grid[Key{1, 2}] = "a"
	grid[Key{0, 0}] = "origin"
	fmt.Println(grid[Key{1, 2}], grid[Key{0, 0}], len(grid))
	fmt.Println(Key{1, 2} == Key{1, 2}, Key{1, 2} != Key{2, 1})
	fmt.Println(grid)
}
